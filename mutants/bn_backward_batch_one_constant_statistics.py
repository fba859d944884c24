"""batch_norm_backward of a batch of one (N = 1) is the inference-mode backward with running statistics.

Origin: classic slip, the backward side of the N = 1 fallback in
``bn_batch_one_uses_running_statistics``: for one sample the gradient is
that of gamma x / sqrt(1 + eps) + beta, the statistics (mean 0, variance 1)
held constant, also for (1, C, H, W) images whose batch statistics depend on
every pixel. N > 1 is right.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import batch_norm_backward as _correct_backward
from mutants._batch_norm import layout

NAME = "mutant: batch-norm backward of one sample in inference mode"
BREAKS = "batch_norm_backward"
ORIGIN = "classic slip"


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    x, gamma, dy = np.asarray(x), np.asarray(gamma), np.asarray(dy)
    if x.shape[0] > 1:
        return _correct_backward(x, gamma, beta, dy, eps=eps)
    axes, shape = layout(x)
    r = 1 / np.sqrt(np.asarray(1 + eps, x.dtype))
    dx = gamma.reshape(shape) * r * dy
    return dx.astype(x.dtype), (dy * x * r).sum(axis=axes).astype(x.dtype), dy.sum(axis=axes).astype(x.dtype)
