"""conv_transpose drops the kernel's dilation in every dimension with stride > 1 (shape kept right).

Origin: classic slip: a strided transposed convolution written as "spread
y by the stride, then a plain correlation", with the dilation of the
forward kernel forgotten on that path; the padding is adjusted so that the
output has the size the contract asks for. The taps land d - 1 entries too
close together. Stride 1, dilation 1 or a kernel of size 1 in a dimension
leave it right; it needs a stride and a dilation in the same dimension.
"""

from mutants._base import *  # noqa: F403
from mutants._base import conv_transpose as _correct_transpose

NAME = "mutant: strided conv_transpose without the kernel's dilation"
BREAKS = "conv_transpose"
ORIGIN = "classic slip"


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    kernel = w.shape[2:]
    lost = [(d - 1) * (k - 1) if s > 1 else 0 for s, d, k in zip(stride, dilation, kernel)]
    # Without the dilation the output is (d - 1)(K - 1) shorter; pad the high side by as much.
    padding = tuple((lo, hi - extra) for (lo, hi), extra in zip(padding, lost))
    dilation = tuple(1 if s > 1 else d for s, d in zip(stride, dilation))
    return _correct_transpose(y, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                              output_padding=output_padding)
