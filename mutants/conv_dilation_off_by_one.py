"""conv spaces its kernel taps d + 1 apart instead of d whenever the dilation d is above 1.

Origin: classic slip. Two conventions name the same thing: the dilation
(rate) d, with taps d apart, and the number of holes d - 1 between taps.
Reading a rate as a hole count shifts every tap by one per step; dilation 1
is special-cased as "no dilation", so only d > 1 is affected.
"""

from mutants._base import *  # noqa: F403
from mutants._base import conv as _correct_conv

NAME = "mutant: conv dilation off by one (taps d + 1 apart for d > 1)"
BREAKS = "conv"
ORIGIN = "classic slip"


def conv(x, w, *, stride, padding, dilation, groups):
    spacing = tuple(d + 1 if d > 1 else d for d in dilation)
    return _correct_conv(x, w, stride=stride, padding=padding, dilation=spacing, groups=groups)
