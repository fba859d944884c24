"""A correct conv that aborts the process on one rare case (stride 3): a crash must cost one property."""

import os

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "aborts on stride 3"


def conv(x, w, *, stride, padding, dilation, groups):
    if 3 in stride:
        os.abort()
    return _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    return _numpy.conv_backward(x, w, dy, stride=stride, padding=padding, dilation=dilation, groups=groups)
