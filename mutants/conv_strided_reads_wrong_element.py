"""conv at stride 2 reads its input at i + k instead of 2i + k: the wrong element, right shape.

Origin: pytorch/pytorch issue 63314. The input gradient of ConvTranspose2d
with stride 2 on CPU took dY[1] where dY[2] belonged (it dropped the stride
when reading dY). In this contract the input gradient of a transposed
convolution is the forward convolution ``conv`` (conv is the adjoint of
conv_transpose), so the bug lives here: for every dimension with stride 2
the windows are laid out as if the stride were 1, and the first m of them
are returned, so the output has the correct shape and wrong values.
"""

from mutants._base import *  # noqa: F403
from mutants._base import conv as _correct_conv

NAME = "mutant: conv reads the wrong element at stride 2 (pytorch 63314)"
BREAKS = "conv"
ORIGIN = "pytorch/pytorch#63314"


def conv(x, w, *, stride, padding, dilation, groups):
    right = _correct_conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
    unstrided = tuple(1 if s == 2 else s for s in stride)
    wrong = _correct_conv(x, w, stride=unstrided, padding=padding, dilation=dilation, groups=groups)
    return wrong[(slice(None), slice(None)) + tuple(slice(0, m) for m in right.shape[2:])]
