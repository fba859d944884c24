"""conv_transpose uses the forward conv's explicit padding as its own padding, unconverted.

Origin: jax-ml/jax issue 32267. ``lax.conv_transpose`` reads a padding given
as a string (SAME, VALID) as the padding of the associated forward conv, but
passed explicit integer pairs straight to the underlying convolution, as the
transposed conv's own padding. The conversion d(K-1) - lo, d(K-1) - hi (+ the
stride remainder) is skipped, so the result is neither the adjoint nor, in
general, of the input's size.
"""

from mutants._base import *  # noqa: F403
from mutants._conv import transpose

NAME = "mutant: conv_transpose takes explicit padding as its own (jax 32267)"
BREAKS = "conv_transpose"
ORIGIN = "jax-ml/jax#32267"


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    return transpose(y, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                     output_padding=output_padding, converted_padding=False)
