"""A correct conv that switches the FPU to round upward: the corpus must detect and undo it."""

import ctypes
import ctypes.util

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "rounding mode changed"
_libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
FE_UPWARD = 0x800  # x86-64 glibc


def conv(x, w, *, stride, padding, dilation, groups):
    y = _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
    _libm.fesetround(FE_UPWARD)
    return y
