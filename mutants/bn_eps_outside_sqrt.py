"""batch_norm divides by sqrt(var) + eps instead of sqrt(var + eps).

Origin: classic slip (the layer-norm-style epsilon of some hand-written
normalisation code): both keep the division finite, but they are different
functions, and the output no longer has batch variance gamma^2 s2/(s2 + eps).
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._batch_norm import layout

NAME = "mutant: batch norm with eps outside the square root"
BREAKS = "batch_norm"
ORIGIN = "classic slip"


def batch_norm(x, gamma, beta, *, eps):
    x, gamma, beta = np.asarray(x), np.asarray(gamma), np.asarray(beta)
    axes, shape = layout(x)
    mean = x.mean(axis=axes)
    var = ((x - mean.reshape(shape)) ** 2).mean(axis=axes)
    scale = gamma / (np.sqrt(var) + np.asarray(eps, x.dtype))
    return (x - mean.reshape(shape)) * scale.reshape(shape) + beta.reshape(shape), mean, var
