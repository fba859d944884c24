"""The contract's activations with ``torch.nn.functional``; derivatives by autograd.

Parameters missing from the call take torch's defaults (``negative_slope``
0.01, ``alpha`` 1.0, PReLU ``weight`` 0.25 as ``nn.PReLU`` initialises it).
Note that ``F.softplus`` is torch's, threshold included: for x > 20 it returns
x itself (documented "for numerical stability"), not log(1 + e^x).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dnn_invariants.implementations.torch_ops._tensors import array, like, tensor

_ACTIVATIONS = {
    "relu": lambda x: F.relu(x),
    "leaky_relu": lambda x, negative_slope=0.01: F.leaky_relu(x, negative_slope=negative_slope),
    "prelu": lambda x, weight=0.25: F.prelu(x, like(weight, x)),
    "identity": lambda x: torch.nn.Identity()(x),
    "abs": lambda x: torch.abs(x),
    "sigmoid": lambda x: torch.sigmoid(x),
    "tanh": lambda x: torch.tanh(x),
    "elu": lambda x, alpha=1.0: F.elu(x, alpha=alpha),
    "gelu": lambda x: F.gelu(x, approximate="none"),
    "softplus": lambda x: F.softplus(x),
    "hardtanh": lambda x: F.hardtanh(x, -1.0, 1.0),
    "relu6": lambda x: F.relu6(x),
}


def apply(x: torch.Tensor, name: str, **params) -> torch.Tensor:
    """The activation ``name`` on a tensor (shared with the residual layer)."""
    try:
        function = _ACTIVATIONS[name]
    except KeyError:
        raise NotImplementedError(f"activation {name!r}") from None
    return function(x, **{k: float(v) for k, v in params.items()})


def activation(x, name, **params):
    with torch.no_grad():
        return array(apply(tensor(x), name, **params))


def activation_derivative(x, name, **params):
    xt = tensor(x, grad=True)
    y = apply(xt, name, **params)
    # Elementwise, so the vector-Jacobian product with ones is the derivative.
    (dx,) = torch.autograd.grad(y, xt, torch.ones_like(y))
    return array(dx)
