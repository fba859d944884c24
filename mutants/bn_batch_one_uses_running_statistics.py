"""batch_norm of a batch of one (N = 1) normalises with the running statistics (mean 0, variance 1).

Origin: classic slip: PyTorch refuses training-mode batch norm with one
value per channel ("Expected more than 1 value per channel when training"),
and a wrapper that avoids the error by falling back to inference mode for
N = 1 does so for (1, C, H, W) images as well, where the H W values of each
channel give perfectly good batch statistics. The fallback uses the fresh
running estimates, mean 0 and variance 1, and returns them. N > 1 is right.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import batch_norm as _correct_batch_norm
from mutants._batch_norm import layout

NAME = "mutant: batch norm of one sample in inference mode"
BREAKS = "batch_norm"
ORIGIN = "classic slip"


def batch_norm(x, gamma, beta, *, eps):
    x, gamma, beta = np.asarray(x), np.asarray(gamma), np.asarray(beta)
    if x.shape[0] > 1:
        return _correct_batch_norm(x, gamma, beta, eps=eps)
    _, shape = layout(x)
    mean, var = np.zeros(x.shape[1], x.dtype), np.ones(x.shape[1], x.dtype)
    scale = gamma / np.sqrt(var + np.asarray(eps, x.dtype))
    return (x * scale.reshape(shape) + beta.reshape(shape)).astype(x.dtype), mean, var
