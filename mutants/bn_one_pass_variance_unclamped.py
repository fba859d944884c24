"""batch_norm computes the variance in one pass, E[x^2] - E[x]^2, and does not clamp it at 0.

Origin: google/flax#1491 ("Variance can be negative in BatchNorm
computation, leading to NaN's"; also tensorflow/tensorflow#3290): with a
mean large against the spread, E[x^2] and E[x]^2 agree in almost all their
digits, the difference is rounding noise of either sign, and 1/sqrt(var + eps)
is NaN or huge. One-pass statistics are otherwise within the rounding
bounds (the corpus allows them), so only batches far from zero relative to
their spread show it.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._batch_norm import layout

NAME = "mutant: batch norm with an unclamped one-pass variance (flax 1491)"
BREAKS = "batch_norm"
ORIGIN = "google/flax#1491"


def batch_norm(x, gamma, beta, *, eps):
    x, gamma, beta = np.asarray(x), np.asarray(gamma), np.asarray(beta)
    axes, shape = layout(x)
    mean = x.mean(axis=axes, dtype=x.dtype)
    var = (x * x).mean(axis=axes, dtype=x.dtype) - mean * mean  # may be negative: no maximum(0, .)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = gamma / np.sqrt(var + np.asarray(eps, x.dtype))
    y = (x - mean.reshape(shape)) * scale.reshape(shape) + beta.reshape(shape)
    return y.astype(x.dtype), mean.astype(x.dtype), var.astype(x.dtype)
