"""A from-scratch implementation of the whole contract in plain NumPy, every backward written by hand.

This is the model to follow when writing your own implementation: each topic
lives in its own short module, and every backward pass is derived in its
docstring and computed without autodiff. The package re-exports the
contract's operations (implementations/contract.py). It imports nothing but
NumPy and the standard library.

Modules:
    convolution    conv (im2col), its backward (col2im) and conv_transpose (the adjoint)
    dropout        inverted dropout with a mask from numpy.random.Generator(seed)
    activations    the contract's activations and their derivatives (JAX's convention at kinks)
    batch_norm     training-mode batch norm and its closed-form backward
    residual       the residual layer activation(y A^T + b) + y and its backward
    init           the default linear init U(-1/sqrt(n_in), 1/sqrt(n_in))
    layers         small layer classes holding parameter arrays, built from layer specs
    param_counts   count_parameters: build the layers of a spec and count their entries
    mlp            the Learning-From-Data MLP and its backprop (the delta recursion)
"""

NAME = "numpy (from scratch)"
FRAMEWORK = "numpy"
# implementations/numpy_ops/init.py: weight and bias both U(-1/sqrt(n_in), 1/sqrt(n_in)).
LINEAR_INIT = {
    "weight": {"law": "uniform", "scale": 1 / 3, "fan": "in"},
    "bias": {"law": "uniform", "scale": 1 / 3, "fan": "in"},
}

from dnn_invariants.implementations.numpy_ops.activations import activation, activation_derivative  # noqa: E402
from dnn_invariants.implementations.numpy_ops.batch_norm import batch_norm, batch_norm_backward  # noqa: E402
from dnn_invariants.implementations.numpy_ops.convolution import conv, conv_backward, conv_transpose  # noqa: E402
from dnn_invariants.implementations.numpy_ops.dropout import dropout  # noqa: E402
from dnn_invariants.implementations.numpy_ops.init import linear_init  # noqa: E402
from dnn_invariants.implementations.numpy_ops.mlp import mlp, mlp_gradient  # noqa: E402
from dnn_invariants.implementations.numpy_ops.param_counts import count_parameters  # noqa: E402
from dnn_invariants.implementations.numpy_ops.residual import residual_layer, residual_layer_backward  # noqa: E402

__all__ = [
    "activation", "activation_derivative", "batch_norm", "batch_norm_backward", "conv",
    "conv_backward", "conv_transpose", "count_parameters", "dropout", "linear_init", "mlp",
    "mlp_gradient", "residual_layer", "residual_layer_backward",
]
