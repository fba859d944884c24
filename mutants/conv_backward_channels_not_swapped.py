"""conv_backward's input gradient reshapes the kernel's (C_out/G, C_in/G) block instead of transposing it.

Origin: classic slip: the input gradient needs the kernel with its in and
out channels swapped; a reshape to the swapped shape (instead of a
transpose) reinterprets the memory, so the shapes fit and the channels are
mixed. With one input and one output channel per group nothing changes.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import conv_backward as _correct_backward
from mutants._conv import stride_remainder, transpose

NAME = "mutant: conv input gradient with in and out channels not swapped"
BREAKS = "conv_backward"
ORIGIN = "classic slip"


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    _, dw = _correct_backward(x, w, dy, stride=stride, padding=padding, dilation=dilation, groups=groups)
    r = stride_remainder(np.shape(x)[2:], np.asarray(w), stride=stride, padding=padding, dilation=dilation)
    dx = transpose(dy, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                   output_padding=r, swap=False)
    return dx, dw
