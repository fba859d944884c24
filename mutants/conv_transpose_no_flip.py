"""conv_transpose correlates with the kernel as stored: its spatial axes are not flipped.

Origin: google/flax issue 2577. Flax's ConvTranspose (like lax.conv_transpose
with ``transpose_kernel=False``, the default) does not flip the kernel, so
it is not the transpose of Conv with the same kernel: <Conv x, y> and
<x, ConvTranspose y> differ. Here the channels are still swapped and the
padding converted; only the flip is missing.
"""

from mutants._base import *  # noqa: F403
from mutants._conv import transpose

NAME = "mutant: conv_transpose without the kernel flip (flax 2577)"
BREAKS = "conv_transpose"
ORIGIN = "google/flax#2577"


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    return transpose(y, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                     output_padding=output_padding, flip=False)
