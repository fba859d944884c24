"""count_parameters: build the layer objects of a spec and count the entries of their parameters."""

from __future__ import annotations

from dnn_invariants.implementations.numpy_ops.layers import build


def count_parameters(spec) -> int:
    """Trainable entries of the layers built from ``spec``: weights, biases, batch norm's gamma and beta.

    Counted from the arrays the layers actually hold (not from a formula), so a
    layer that allocated the wrong shape would show up here.
    """
    return sum(int(p.size) for p in build(spec).parameters())
