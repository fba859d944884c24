"""A stack of residual layers run through the implementation: forward states and backpropagation."""

from __future__ import annotations

import numpy as np

from dnn_invariants.reference import activations as act
from dnn_invariants.reference import residual as ref


def forward(impl, x, layers, name):
    """[h_0 = x, h_1, ..., h_k] by the implementation's residual_layer."""
    hs = [x]
    for A, b in layers:
        hs.append(impl.residual_layer(hs[-1], A, b, **act.layer_kwargs(name)))
    return hs


def backprop(impl, hs, layers, name, g, down_to):
    """Carry the cotangent g on h_k back to h_{down_to} with the implementation's backward."""
    for j in range(len(layers), down_to, -1):
        A, b = layers[j - 1]
        g, _, _ = impl.residual_layer_backward(hs[j - 1], A, b, g, **act.layer_kwargs(name))
    return g


def branch_jacobians(hs, layers, name):
    """{j: diag(sigma'(A_j h_{j-1} + b_j)) A_j}, 1-based, and whether any sits on a kink."""
    J, on_kink = {}, False
    for j, (A, b) in enumerate(layers, 1):
        lo, hi = ref.derivative_interval(hs[j - 1], A, b, name, np.float64)
        on_kink |= not np.array_equal(lo, hi)
        J[j] = lo.ravel()[:, None] * A
    return J, on_kink


def abs_chain(v, matrices):
    """|v|^T |M_1| |M_2| ...: the magnitude that bounds the rounding of v^T M_1 M_2 ..."""
    out = np.abs(v)
    for M in matrices:
        out = out @ np.abs(M)
    return out
