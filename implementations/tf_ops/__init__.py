"""TensorFlow (``tf.nn``, Keras 3 layers, ``tf.GradientTape``) as an implementation under test.

Each topic lives in its own module; this package re-exports the contract's
operations. TensorFlow is imported only when this package is, i.e. only for
``--impl tensorflow``. Every operation takes and returns NumPy arrays, float64
or float32 (dtype in = dtype out; ``linear_init`` returns float64).

Before importing TensorFlow, this module sets (with ``os.environ.setdefault``,
so a user's own setting wins) ``TF_CPP_MIN_LOG_LEVEL=2`` (TF's C++ log: errors
only) and ``CUDA_VISIBLE_DEVICES=""`` (CPU only; ``tensorflow-cpu`` has no GPU
kernels anyway). Neither changes a number TF computes. Importing TF 2.21 and
running its ops leaves the state the corpus checks (the floating-point
environment, NumPy's error state, JAX's flags) as it was: the report header
would say otherwise. TF's oneDNN ops are on by default on this CPU (the one
line TF prints at import says so); they are TF's default, so they are tested.
"""

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

NAME = "tensorflow"
FRAMEWORK = "tensorflow"
# keras.layers.Dense: kernel_initializer="glorot_uniform" (VarianceScaling(scale=1, mode="fan_avg",
# distribution="uniform"): U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), variance 1 / fan_avg),
# bias_initializer="zeros" (keras/src/layers/core/dense.py, keras/src/initializers/random_initializers.py).
LINEAR_INIT = {
    "weight": {"law": "uniform", "scale": 1.0, "fan": "avg"},
    "bias": {"law": "zeros"},
}
EXPECTED_FAILURES = Path(__file__).with_name("expected_failures.toml")
# TF supports every case of the contract on CPU (XLA where its eager kernels refuse one, see
# convolution.py), with one exception left undeclared because the vocabulary cannot say it: a
# 3-D convolution that only XLA could run, whose H and W dilations, swapped, leave no window (TF's
# graph-mode shape inference swaps them) raises
# NotImplementedError (deviations/conv3d_graph_dilations.py), which rejects that example.
# The residual layer is declared without three activations, not because TF cannot apply them
# but because each has a documented deviation that the activation properties already mark as
# an expected failure (expected_failures.toml): leaky_relu's slope is float32 in float64,
# gelu is float32-accurate in float64, PReLU's derivative at 0 is 0. The residual properties
# draw their activation, so they would fail or pass by chance on those; they run on the rest.
_RESIDUAL_ACTIVATIONS = ["relu", "identity", "abs", "sigmoid", "tanh", "elu", "softplus", "hardtanh", "relu6"]
SUPPORTS = {
    "residual_layer": {"activations": _RESIDUAL_ACTIVATIONS},
    "residual_layer_backward": {"activations": _RESIDUAL_ACTIVATIONS},
}

import tensorflow as tf  # noqa: E402

from dnn_invariants.implementations.tf_ops.activations import activation, activation_derivative  # noqa: E402
from dnn_invariants.implementations.tf_ops.batch_norm import batch_norm, batch_norm_backward  # noqa: E402
from dnn_invariants.implementations.tf_ops.convolution import conv, conv_backward, conv_transpose  # noqa: E402
from dnn_invariants.implementations.tf_ops.dropout import dropout  # noqa: E402
from dnn_invariants.implementations.tf_ops.init import linear_init  # noqa: E402
from dnn_invariants.implementations.tf_ops.mlp import mlp, mlp_gradient  # noqa: E402
from dnn_invariants.implementations.tf_ops.param_counts import count_parameters  # noqa: E402
from dnn_invariants.implementations.tf_ops.residual import residual_layer, residual_layer_backward  # noqa: E402

__all__ = [
    "activation", "activation_derivative", "batch_norm", "batch_norm_backward", "conv",
    "conv_backward", "conv_transpose", "count_parameters", "dropout", "linear_init", "mlp",
    "mlp_gradient", "residual_layer", "residual_layer_backward", "tf",
]
