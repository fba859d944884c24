"""The residual layer ``activation(y @ A.T + b) + y`` with ``F.linear``; its backward by autograd."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dnn_invariants.implementations.torch_ops._tensors import array, tensor
from dnn_invariants.implementations.torch_ops.activations import apply


def _forward(y, A, b, activation, params):
    return apply(F.linear(y, A, b), activation, **params) + y


def residual_layer(y, A, b, *, activation, **params):
    with torch.no_grad():
        return array(_forward(tensor(y), tensor(A), tensor(b), activation, params))


def residual_layer_backward(y, A, b, dz, *, activation, **params):
    yt, At, bt = tensor(y, grad=True), tensor(A, grad=True), tensor(b, grad=True)
    z = _forward(yt, At, bt, activation, params)
    dy, dA, db = torch.autograd.grad(z, (yt, At, bt), tensor(dz))
    return array(dy), array(dA), array(db)
