"""The residual layer ``z = activation(y A^T + b) + y`` and its hand-written backward.

For a batch ``y (N, m)``, ``A (m, m)``, ``b (m,)``: with ``s = y A^T + b``
(one row per sample, ``s_n = A y_n + b``) and the activation applied
elementwise, ``z = act(s) + y``. The skip connection adds the identity to the
Jacobian: ``dz/dy = diag(act'(s)) A + I``. So for ``dL/dz = dz``

    delta = dz * act'(s)          (N, m)   the gradient at the pre-activation s
    dL/dy = delta A + dz                   through the layer, plus the skip path
    dL/dA = delta^T y                      summed over the batch
    dL/db = sum_n delta_n
"""

from __future__ import annotations

import numpy as np

from dnn_invariants.implementations.numpy_ops.activations import activation as _activation
from dnn_invariants.implementations.numpy_ops.activations import (
    activation_derivative as _activation_derivative,
)


def residual_layer(y, A, b, *, activation, **params):
    """``activation(y @ A.T + b) + y`` for ``y (N, m)``, ``A (m, m)``, ``b (m,)``."""
    y, A, b = np.asarray(y), np.asarray(A), np.asarray(b)
    return _activation(y @ A.T + b, activation, **params) + y


def residual_layer_backward(y, A, b, dz, *, activation, **params):
    """Hand-written backward of ``residual_layer``: ``(dL/dy, dL/dA, dL/db)`` for ``dL/dz = dz``."""
    y, A, b, dz = np.asarray(y), np.asarray(A), np.asarray(b), np.asarray(dz)
    delta = dz * _activation_derivative(y @ A.T + b, activation, **params)
    return delta @ A + dz, delta.T @ y, delta.sum(axis=0)
