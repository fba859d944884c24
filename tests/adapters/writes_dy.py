"""A correct conv_backward that zeroes dy after computing: the corpus must say it wrote to its argument."""

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "writes to dy"
conv = _numpy.conv
conv_transpose = _numpy.conv_transpose


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    result = _numpy.conv_backward(x, w, dy, stride=stride, padding=padding, dilation=dilation, groups=groups)
    dy[...] = 0.0
    return result
