"""A wrong convolution (all zeros) that also zeroes x: references from the corpus's own copy catch it."""

import numpy as np

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "conv of zeros that zeroes its input"


def conv(x, w, *, stride, padding, dilation, groups):
    y = _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
    x[...] = 0.0
    return np.zeros_like(y)
