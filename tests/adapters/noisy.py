"""A conv with a little noise on some calls: reported as nondeterminism, with both results."""

import itertools

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "noisy conv"
_calls = itertools.count()


def conv(x, w, *, stride, padding, dilation, groups):
    y = _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
    if next(_calls) % 3 == 2 and y.size:
        y.flat[0] += 1e-3
    return y
