"""Shared pieces of the convolution properties: building a drawn case's arrays."""

from __future__ import annotations

import numpy as np

from dnn_invariants.strategies.conv import ConvCase


def arrays(case: ConvCase):
    """x, w, dy of a case, as NumPy arrays of the case's dtype."""
    return case.x.build(), case.w.build(), case.dy.build()


def f64(*arrays_):
    """The same values in float64, for the reference (the cast is exact)."""
    return tuple(np.asarray(a, np.float64) for a in arrays_)
