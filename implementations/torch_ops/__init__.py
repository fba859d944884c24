"""PyTorch (``torch.nn.functional``, ``torch.nn``, autograd) as an implementation under test.

Each topic lives in its own module; this package re-exports the contract's
operations. torch is imported only when this package is, i.e. only for
``--impl torch``. Every operation takes and returns NumPy arrays, float64 or
float32 (dtype in = dtype out; ``linear_init`` returns float64).
"""

NAME = "torch"
FRAMEWORK = "torch"
# nn.Linear.reset_parameters: kaiming_uniform_(a=sqrt(5)) for the weight (bound sqrt(6/(1+5))/sqrt(fan_in)
# = 1/sqrt(fan_in)) and U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias: variance 1/(3 fan_in) each.
LINEAR_INIT = {
    "weight": {"law": "uniform", "scale": 1 / 3, "fan": "in"},
    "bias": {"law": "uniform", "scale": 1 / 3, "fan": "in"},
}

import torch  # noqa: E402

# The corpus's tensors are tiny: torch's intra-op thread pool only adds hand-offs
# (and threads spinning for work on a shared 2-core machine). One thread halved
# the time of the convolution and dropout properties here.
torch.set_num_threads(1)

from dnn_invariants.implementations.torch_ops.activations import activation, activation_derivative  # noqa: E402
from dnn_invariants.implementations.torch_ops.batch_norm import batch_norm, batch_norm_backward  # noqa: E402
from dnn_invariants.implementations.torch_ops.convolution import conv, conv_backward, conv_transpose  # noqa: E402
from dnn_invariants.implementations.torch_ops.dropout import dropout  # noqa: E402
from dnn_invariants.implementations.torch_ops.init import linear_init  # noqa: E402
from dnn_invariants.implementations.torch_ops.mlp import mlp, mlp_gradient  # noqa: E402
from dnn_invariants.implementations.torch_ops.param_counts import count_parameters  # noqa: E402
from dnn_invariants.implementations.torch_ops.residual import residual_layer, residual_layer_backward  # noqa: E402

__all__ = [
    "activation", "activation_derivative", "batch_norm", "batch_norm_backward", "conv",
    "conv_backward", "conv_transpose", "count_parameters", "dropout", "linear_init", "mlp",
    "mlp_gradient", "residual_layer", "residual_layer_backward",
]
