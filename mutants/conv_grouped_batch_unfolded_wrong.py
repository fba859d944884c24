"""conv folds groups into the batch, (N, G) -> N G, and unfolds the result as (G, N): samples, groups mixed.

Origin: classic slip: a grouped convolution computed as one ungrouped
convolution over a batch of N G slices (how a framework without grouped
kernels, or a vmap over groups, does it), whose result is unfolded in the
wrong order. With one sample or one group the order does not matter; with
both above 1, output block (n, g) holds another sample's or group's values.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import conv as _correct_conv

NAME = "mutant: grouped conv with batch and groups unfolded in the wrong order"
BREAKS = "conv"
ORIGIN = "classic slip"


def conv(x, w, *, stride, padding, dilation, groups):
    y = _correct_conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
    n, c, *m = y.shape
    folded = y.reshape(n * groups, c // groups, *m)  # slice (n, g) at n G + g, as computed
    unfolded = np.swapaxes(folded.reshape(groups, n, c // groups, *m), 0, 1)  # read as (G, N): wrong
    return np.ascontiguousarray(unfolded).reshape(y.shape)
