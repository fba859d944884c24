"""Declares float64 and float32 convolutions supported, then refuses float32: a failure, not a skip."""

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "declares float32, refuses it"
SUPPORTS = {"conv": {"dtypes": ["float64", "float32"]}}


def conv(x, w, *, stride, padding, dilation, groups):
    if x.dtype.name == "float32":
        raise NotImplementedError("float32")
    return _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
