"""The Learning-From-Data MLP (bias in row 0 of each weight) with ``F.linear``; gradient by autograd."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dnn_invariants.implementations.torch_ops._tensors import array, tensor

_OUTPUT = {"identity": lambda s: s, "tanh": torch.tanh}


def _forward(x, weights, output):
    if output not in _OUTPUT:
        raise NotImplementedError(f"output unit {output!r}")
    h = x
    for layer, W in enumerate(weights):
        s = F.linear(h, W[1:].T, W[0])  # s = W.T @ [1; h]
        h = torch.tanh(s) if layer < len(weights) - 1 else _OUTPUT[output](s)
    return h


def mlp(x, weights, *, output="identity"):
    with torch.no_grad():
        return array(_forward(tensor(x), [tensor(W) for W in weights], output))


def mlp_gradient(x, y, weights, *, output="identity"):
    Ws = [tensor(W, grad=True) for W in weights]
    error = _forward(tensor(x), Ws, output) - tensor(y)
    loss = (error * error).sum(dim=1).mean()
    return [array(g) for g in torch.autograd.grad(loss, Ws)]
