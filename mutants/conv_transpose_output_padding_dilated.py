"""conv_transpose counts output padding in dilated steps: op * d entries instead of op.

Origin: classic slip: output padding (the stride remainder the forward conv
dropped) treated like a kernel extent, scaled by the dilation. The output
is (d - 1) op entries too long in each dimension with both a remainder and
a dilation; without a remainder (op = 0) or without dilation it is right.
"""

from mutants._base import *  # noqa: F403
from mutants._base import conv_transpose as _correct_transpose

NAME = "mutant: conv_transpose output padding scaled by the dilation"
BREAKS = "conv_transpose"
ORIGIN = "classic slip"


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    scaled = tuple(int(op) * int(d) for op, d in zip(output_padding, dilation))
    return _correct_transpose(y, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                              output_padding=scaled)
