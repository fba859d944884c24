"""conv_backward's grouped path lays each group's weight gradient out (C_in/G, C_out/G, K) and reshapes it.

Origin: classic slip: a grouped kernel computes group g's weight gradient as
corr(dy_g, x_g), indexed (input channel, output channel, taps), and hands it
back with a reshape to the kernel's (C_out/G, C_in/G, K) instead of a
transpose. The shapes fit, so nothing complains; the memory is reinterpreted
and the channels of a group are mixed. With groups = 1 (the ungrouped path),
or one input or one output channel per group, the reshape is a transpose and
the result is right; and wherever the true gradient is 0 (sparse inputs whose
impulses never meet), so is the mixed one. dL/dx is correct.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import conv_backward as _correct_backward

NAME = "mutant: grouped conv weight gradient reshaped instead of transposed"
BREAKS = "conv_backward"
ORIGIN = "classic slip"


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    dx, dw = _correct_backward(x, w, dy, stride=stride, padding=padding, dilation=dilation, groups=groups)
    if groups == 1:
        return dx, dw
    c_out, c_in_group, *kernel = dw.shape
    per_group = dw.reshape(groups, c_out // groups, c_in_group, *kernel)
    computed = np.ascontiguousarray(np.swapaxes(per_group, 1, 2))  # (G, C_in/G, C_out/G, K), as computed
    return dx, computed.reshape(dw.shape)
