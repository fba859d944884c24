"""Training-mode batch norm with MLX's own ``nn.BatchNorm`` layer; its backward by ``mx.vjp``.

``nn.BatchNorm`` normalises channels-last inputs of 2 to 4 dimensions over
every axis but the last: ``mean = mx.mean(x, axes)``, ``var = mx.var(x, axes)``
(biased), ``y = weight * (x - mean) * rsqrt(var + eps) + bias``. The contract's
``(N, C, *spatial)`` is moved to ``(N, *spatial, C)`` and its spatial axes
flattened into one, ``(N, S, C)``: the statistics are over every axis but C
either way, so this is a relabelling that also lets 3-D inputs (which the
layer refuses by rank) through. The layer's weight and bias are set to gamma
and beta. The statistics returned are the same two MLX calls the layer makes
in ``_calc_stats`` (its running variance is the unbiased one, so it cannot be
read back). A single value per channel is refused by the layer ("BatchNorm
training requires more than one value per channel"): NotImplementedError.
"""

from __future__ import annotations

import mlx.core as mx
import mlx.nn as nn
import numpy as np

from dnn_invariants.implementations.mlx_ops._arrays import array, refusals, tensor


def _layout(x):
    x = np.asarray(x)
    moved = np.moveaxis(x, 1, -1)
    if x.ndim > 2:
        moved = moved.reshape(x.shape[0], -1, x.shape[1])
    return moved


def _back(y, shape):
    n, c, *spatial = shape
    if spatial:
        y = y.reshape(n, *spatial, c)
    return np.moveaxis(y, -1, 1)


def _forward(layer, x, gamma, beta):
    layer.weight, layer.bias = gamma, beta
    return layer(x)


def batch_norm(x, gamma, beta, *, eps):
    shape = np.shape(x)
    xm = tensor(_layout(x))
    axes = tuple(range(xm.ndim - 1))
    with refusals():
        layer = nn.BatchNorm(shape[1], eps=float(eps))
        y = _forward(layer, xm, tensor(gamma), tensor(beta))
        y, mean, var = array(y), array(mx.mean(xm, axis=axes)), array(mx.var(xm, axis=axes))
    return _back(y, shape), mean, var


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    shape = np.shape(x)
    with refusals():
        layer = nn.BatchNorm(shape[1], eps=float(eps))
        _, (dx, dgamma, dbeta) = mx.vjp(lambda a, g, b: _forward(layer, a, g, b),
                                        [tensor(_layout(x)), tensor(gamma), tensor(beta)],
                                        [tensor(_layout(dy))])
        dx, dgamma, dbeta = array(dx), array(dgamma), array(dbeta)
    return _back(dx, shape), dgamma, dbeta
