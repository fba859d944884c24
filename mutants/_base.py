"""The correct implementation every mutant starts from: all contract operations of the JAX implementation.

A mutant does ``from mutants._base import *`` and then redefines the one
operation it breaks; its declarations (``LINEAR_INIT``) stay those of the
correct implementation, so a broken operation is judged against them.
(``implementations.jax_ops`` itself is not star-imported: its ``__all__``
does not list every operation.)
"""

from dnn_invariants.implementations.contract import OPERATIONS
from dnn_invariants.implementations.jax_ops import (
    LINEAR_INIT,
    activation,
    activation_derivative,
    batch_norm,
    batch_norm_backward,
    conv,
    conv_backward,
    conv_transpose,
    count_parameters,
    dropout,
    linear_init,
    mlp,
    mlp_gradient,
    residual_layer,
    residual_layer_backward,
)

FRAMEWORK = "jax"

__all__ = [
    "FRAMEWORK", "LINEAR_INIT", "activation", "activation_derivative", "batch_norm", "batch_norm_backward",
    "conv", "conv_backward", "conv_transpose", "count_parameters", "dropout", "linear_init", "mlp",
    "mlp_gradient", "residual_layer", "residual_layer_backward",
]
assert set(__all__) == {"FRAMEWORK", "LINEAR_INIT", *OPERATIONS}, \
    "mutants._base must re-export every contract operation"
