"""conv_transpose forgets to spread y by the stride (no s - 1 zeros between its entries).

Origin: classic slip: "the transposed conv is a conv with the flipped kernel"
remembered without the fractional stride. For stride 1 nothing changes; for
stride s > 1 the result is too short and its entries are sums of the wrong
products.
"""

from mutants._base import *  # noqa: F403
from mutants._conv import transpose

NAME = "mutant: conv_transpose does not dilate y by the stride"
BREAKS = "conv_transpose"
ORIGIN = "classic slip"


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    return transpose(y, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                     output_padding=output_padding, spread=False)
