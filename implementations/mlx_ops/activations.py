"""The contract's activations with ``mlx.nn``'s own functions; derivatives by ``mx.vjp``.

relu ``nn.relu`` (``maximum(x, 0)``), leaky_relu ``nn.leaky_relu(x, negative_slope)``
(``maximum(negative_slope * x, x)``), prelu ``nn.prelu(x, alpha)``
(``maximum(0, x) + alpha * minimum(0, x)``), identity, abs ``mx.abs``, sigmoid
``nn.sigmoid``, tanh ``nn.tanh``, elu ``nn.elu(x, alpha)``, gelu ``nn.gelu``
(the exact erf form), softplus ``nn.softplus`` (``logaddexp(x, 0)``),
hardtanh ``nn.hard_tanh(x, -1, 1)``, relu6 ``nn.relu6``. Every parameter is
passed by the corpus; parameters become MLX scalars of the input's dtype.
"""

from __future__ import annotations

import mlx.core as mx
import mlx.nn as nn

from dnn_invariants.implementations.mlx_ops._arrays import array, tensor


def _scalar(value, x):
    return mx.array(float(value), dtype=x.dtype)


_ACTIVATIONS = {
    "relu": lambda x: nn.relu(x),
    "leaky_relu": lambda x, negative_slope: nn.leaky_relu(x, _scalar(negative_slope, x)),
    "prelu": lambda x, weight: nn.prelu(x, _scalar(weight, x)),
    "identity": lambda x: nn.Identity()(x),
    "abs": lambda x: mx.abs(x),
    "sigmoid": lambda x: nn.sigmoid(x),
    "tanh": lambda x: nn.tanh(x),
    "elu": lambda x, alpha: nn.elu(x, _scalar(alpha, x)),
    "gelu": lambda x: nn.gelu(x),
    "softplus": lambda x: nn.softplus(x),
    "hardtanh": lambda x: nn.hard_tanh(x, _scalar(-1.0, x), _scalar(1.0, x)),
    "relu6": lambda x: nn.relu6(x),
}


def apply(x: mx.array, name: str, **params) -> mx.array:
    """The activation ``name`` on an MLX array (shared with the residual layer)."""
    try:
        function = _ACTIVATIONS[name]
    except KeyError:
        raise NotImplementedError(f"activation {name!r}") from None
    return function(x, **params)


def activation(x, name, **params):
    return array(apply(tensor(x), name, **params))


def activation_derivative(x, name, **params):
    xm = tensor(x)
    # Elementwise, so the vector-Jacobian product with ones is the derivative.
    _, (dx,) = mx.vjp(lambda v: apply(v, name, **params), [xm], [mx.ones_like(xm)])
    return array(dx)
