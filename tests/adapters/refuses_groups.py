"""Refuses grouped convolutions with NotImplementedError, declaring nothing: only those examples go."""

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "refuses groups"


def conv(x, w, *, stride, padding, dilation, groups):
    if groups > 1:
        raise NotImplementedError("no grouped convolutions")
    return _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
