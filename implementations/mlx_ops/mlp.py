"""The Learning-From-Data MLP (bias in row 0 of each weight) with MLX ops; gradient by ``mx.grad``."""

from __future__ import annotations

import mlx.core as mx

from dnn_invariants.implementations.mlx_ops._arrays import array, tensor

_OUTPUT = {"identity": lambda s: s, "tanh": mx.tanh}


def _forward(x, weights, output):
    if output not in _OUTPUT:
        raise NotImplementedError(f"output unit {output!r}")
    h = x
    for layer, W in enumerate(weights):
        s = mx.addmm(W[0], h, W[1:])  # s = W.T @ [1; h]
        h = mx.tanh(s) if layer < len(weights) - 1 else _OUTPUT[output](s)
    return h


def mlp(x, weights, *, output="identity"):
    return array(_forward(tensor(x), [tensor(W) for W in weights], output))


def mlp_gradient(x, y, weights, *, output="identity"):
    xm, ym = tensor(x), tensor(y)

    def loss(Ws):
        error = _forward(xm, Ws, output) - ym
        return mx.mean(mx.sum(error * error, axis=1))

    return [array(g) for g in mx.grad(loss)([tensor(W) for W in weights])]
