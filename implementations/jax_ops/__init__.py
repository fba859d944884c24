"""The default implementation: JAX (``lax`` convolutions, autodiff for every backward).

Each topic lives in its own module; this package re-exports the contract's
operations. Functions are jitted once per static configuration and reused,
so a shape the corpus has seen before costs no compilation.
"""

NAME = "jax"
FRAMEWORK = "jax"
# eqx.nn.Linear's own initialiser: weight and bias both U(-1/sqrt(in_features), 1/sqrt(in_features)).
LINEAR_INIT = {
    "weight": {"law": "uniform", "scale": 1 / 3, "fan": "in"},
    "bias": {"law": "uniform", "scale": 1 / 3, "fan": "in"},
}

from dnn_invariants.implementations.jax_ops.activations import activation, activation_derivative  # noqa: E402, F401
from dnn_invariants.implementations.jax_ops.batch_norm import batch_norm, batch_norm_backward  # noqa: E402, F401
from dnn_invariants.implementations.jax_ops.convolution import conv, conv_backward, conv_transpose  # noqa: E402
from dnn_invariants.implementations.jax_ops.dropout import dropout  # noqa: E402, F401
from dnn_invariants.implementations.jax_ops.init import linear_init  # noqa: E402, F401
from dnn_invariants.implementations.jax_ops.mlp import mlp, mlp_gradient  # noqa: E402, F401
from dnn_invariants.implementations.jax_ops.param_counts import count_parameters  # noqa: E402, F401
from dnn_invariants.implementations.jax_ops.residual import residual_layer, residual_layer_backward  # noqa: E402, F401

__all__ = ["conv", "conv_backward", "conv_transpose"]
