"""A correct conv that hangs on one rare case (a stride of 3): a hang must fail with its input."""

import time

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "hangs on stride 3"


def conv(x, w, *, stride, padding, dilation, groups):
    if 3 in stride:
        time.sleep(3600)
    return _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
