"""Batch-norm pieces for the batch-norm mutants, in NumPy in the input's dtype."""

import numpy as np


def layout(x):
    """The reduction axes (batch and spatial) and the shape that broadcasts a (C,) vector over x."""
    return (0,) + tuple(range(2, x.ndim)), (1, -1) + (1,) * (x.ndim - 2)


def normalised(x, eps):
    """(xhat, 1/sqrt(var + eps) broadcastable, entries per channel I), biased variance."""
    axes, shape = layout(x)
    mean = x.mean(axis=axes).reshape(shape)
    var = ((x - mean) ** 2).mean(axis=axes).reshape(shape)
    r = 1 / np.sqrt(var + np.asarray(eps, x.dtype))
    return (x - mean) * r, r, x.size // x.shape[1]
