"""batch_norm normalises with (and returns) the unbiased variance, dividing by I - 1 instead of I.

Origin: classic slip: ``torch.var`` and ``Tensor.var`` default to the
unbiased estimator, training-mode batch norm uses the biased one (PyTorch
keeps the unbiased one only for its running estimate).
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._batch_norm import layout

NAME = "mutant: batch norm with the unbiased variance"
BREAKS = "batch_norm"
ORIGIN = "classic slip"


def batch_norm(x, gamma, beta, *, eps):
    x, gamma, beta = np.asarray(x), np.asarray(gamma), np.asarray(beta)
    axes, shape = layout(x)
    mean = x.mean(axis=axes)
    var = x.var(axis=axes, ddof=1)
    scale = gamma / np.sqrt(var + np.asarray(eps, x.dtype))
    return (x - mean.reshape(shape)) * scale.reshape(shape) + beta.reshape(shape), mean, var
