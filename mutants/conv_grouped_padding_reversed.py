"""conv's grouped path pads each dimension by (high, low) instead of (low, high).

Origin: classic slip: two conventions for where the odd pixel of asymmetric
("SAME") padding goes, ONNX's ``auto_pad`` SAME_UPPER (extra at the end, as
TensorFlow) and SAME_LOWER (extra at the start), and a separate code path
for grouped (depthwise) convolutions that converts the explicit pairs with
the other convention. The output shape is the same (lo + hi is); the
windows are shifted by hi - lo. Ungrouped convolutions and symmetric
padding are unaffected.
"""

from mutants._base import *  # noqa: F403
from mutants._base import conv as _correct_conv

NAME = "mutant: grouped conv with its padding pairs reversed"
BREAKS = "conv"
ORIGIN = "classic slip (SAME_UPPER vs SAME_LOWER)"


def conv(x, w, *, stride, padding, dilation, groups):
    if groups > 1:
        padding = tuple((hi, lo) for lo, hi in padding)
    return _correct_conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
