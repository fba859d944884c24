"""conv accumulates in float32 when it is given float64 arrays, and casts the result back to float64.

Origin: classic slip (a framework whose default dtype is float32, or x64
switched off in JAX): the caller asks for double precision, gets the dtype
it asked for, and single-precision sums inside. The error is about 1e9
times the float64 rounding bound.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import conv as _correct_conv

NAME = "mutant: conv accumulates float64 inputs in float32"
BREAKS = "conv"
ORIGIN = "classic slip"


def conv(x, w, *, stride, padding, dilation, groups):
    x, w = np.asarray(x), np.asarray(w)
    y = _correct_conv(x.astype(np.float32), w.astype(np.float32), stride=stride, padding=padding,
                      dilation=dilation, groups=groups)
    return y.astype(x.dtype)
