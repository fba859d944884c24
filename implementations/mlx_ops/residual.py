"""The residual layer ``activation(y @ A.T + b) + y`` with ``mx.addmm``; its backward by ``mx.vjp``."""

from __future__ import annotations

import mlx.core as mx

from dnn_invariants.implementations.mlx_ops._arrays import array, tensor
from dnn_invariants.implementations.mlx_ops.activations import apply


def _forward(y, A, b, activation, params):
    return apply(mx.addmm(b, y, A.T), activation, **params) + y


def residual_layer(y, A, b, *, activation, **params):
    return array(_forward(tensor(y), tensor(A), tensor(b), activation, params))


def residual_layer_backward(y, A, b, dz, *, activation, **params):
    _, grads = mx.vjp(lambda y_, A_, b_: _forward(y_, A_, b_, activation, params),
                      [tensor(y), tensor(A), tensor(b)], [tensor(dz)])
    return tuple(array(g) for g in grads)
