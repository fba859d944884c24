"""conv rounds 3-D float32 inputs to TF32 (10 mantissa bits) before the float32 accumulation.

Origin: pytorch/pytorch#40737 (``torch.backends.cudnn.allow_tf32``, on by
default since PyTorch 1.7): on tensor-core GPUs float32 convolutions read
only the first 10 bits of each input's mantissa. Here only the 3-D path
does (as if only that kernel family had a TF32 variant): a relative error of
up to 2^-11 per input, against a float32 rounding bound of n 2^-24. Values
with few significant bits (the small integers of a sparse impulse) are
exact in TF32, so only inputs with full mantissas (dense draws) show it;
float64, 1-D and 2-D convolutions are exact.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import conv as _correct_conv

NAME = "mutant: 3-D float32 conv with TF32 inputs"
BREAKS = "conv"
ORIGIN = "pytorch/pytorch#40737"


def _tf32(a):
    """Round float32 to the nearest value with a 10-bit mantissa (ties to even), as tensor cores read it."""
    bits = np.ascontiguousarray(a, np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0xFFF + ((bits >> 13) & 1)) & 0xFFFFE000
    return bits.astype(np.uint32).view(np.float32)


def conv(x, w, *, stride, padding, dilation, groups):
    x, w = np.asarray(x), np.asarray(w)
    if x.dtype == np.float32 and x.ndim == 5:
        x, w = _tf32(x), _tf32(w)
    return _correct_conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
