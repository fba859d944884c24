"""A test adapter whose conv raises on strided inputs: the corpus must report a failure, not crash."""

from dnn_invariants.implementations.examples.partial import conv as _conv

NAME = "raises on stride > 1"


def conv(x, w, *, stride, padding, dilation, groups):
    if max(stride) > 1:
        raise ValueError("this adapter cannot stride")
    return _conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
