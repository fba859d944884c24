"""conv_backward's input gradient correlates the spread, padded dy with the unflipped kernel.

Origin: classic slip (seed 001 Q5c's second kernel W^{ij} = [w1, w2, w3]
made into code): the input gradient is a correlation with the kernel
reversed in every spatial axis. The weight gradient is correct.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import conv_backward as _correct_backward
from mutants._conv import stride_remainder, transpose

NAME = "mutant: conv input gradient without the kernel flip"
BREAKS = "conv_backward"
ORIGIN = "classic slip (seed 001 Q5c hw2)"


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    _, dw = _correct_backward(x, w, dy, stride=stride, padding=padding, dilation=dilation, groups=groups)
    r = stride_remainder(np.shape(x)[2:], np.asarray(w), stride=stride, padding=padding, dilation=dilation)
    dx = transpose(dy, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                   output_padding=r, flip=False)
    return dx, dw
