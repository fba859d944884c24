"""conv_transpose assigns output channel o to group o mod G instead of o div (C_out/G).

Origin: classic slip: the kernel (C_out, C_in/G, *K) is split into groups
with the wrong reshape, (C_out/G, G, ...) instead of (G, C_out/G, ...), so
the channels of different groups are interleaved. Shapes stay right; with
one group, or one output channel per group, nothing changes.
"""

from mutants._base import *  # noqa: F403
from mutants._conv import transpose

NAME = "mutant: conv_transpose splits the kernel into groups the wrong way"
BREAKS = "conv_transpose"
ORIGIN = "classic slip"


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    return transpose(y, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                     output_padding=output_padding, grouped=False)
