"""conv returns a nested list instead of an array: one message naming the contract, not an AttributeError."""

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "returns lists"


def conv(x, w, *, stride, padding, dilation, groups):
    return _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups).tolist()
