"""conv_backward pads dy by d(K-1) - lo and d(K-1) - hi only, without the stride remainder on the high side.

Origin: classic slip ("pad by K - 1" from the stride-1 picture, seed 001
Q5c): when the windows do not tile the input, the last r input entries
were never read, their gradient is 0, and the transposed conv must be
padded by r more to produce them. Without it the gradient is r entries short.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import conv_backward as _correct_backward
from mutants._conv import stride_remainder, transpose

NAME = "mutant: conv input gradient without the stride remainder"
BREAKS = "conv_backward"
ORIGIN = "classic slip"


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    _, dw = _correct_backward(x, w, dy, stride=stride, padding=padding, dilation=dilation, groups=groups)
    r = stride_remainder(np.shape(x)[2:], np.asarray(w), stride=stride, padding=padding, dilation=dilation)
    dx = transpose(dy, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                   output_padding=r, remainder=False)
    return dx, dw
