"""PyTorch (``torch.nn.functional``, ``torch.nn``, autograd) as an implementation under test.

Each topic lives in its own module; this package re-exports the contract's
operations. torch is imported only when this package is, i.e. only for
``--impl torch``.
"""

NAME = "torch"
FRAMEWORK = "torch"

from implementations.torch_ops.convolution import conv, conv_backward, conv_transpose  # noqa: E402

__all__ = ["conv", "conv_backward", "conv_transpose"]
