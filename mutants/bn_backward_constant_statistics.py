"""batch_norm_backward treats the batch mean and variance as constants: dL/dx = gamma dy / sqrt(var + eps).

Origin: a mistake in the seeds: seed 002 P1's d y_i / d x_i = gamma /
sqrt(sigma^2 + eps), the derivative of inference-mode batch norm, used in
training mode where mu and sigma^2 depend on every x_i. The gamma and beta
gradients are correct.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import batch_norm_backward as _correct_backward
from mutants._batch_norm import layout, normalised

NAME = "mutant: batch-norm backward with the statistics held constant"
BREAKS = "batch_norm_backward"
ORIGIN = "seed 002 P1"


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    _, dgamma, dbeta = _correct_backward(x, gamma, beta, dy, eps=eps)
    x, gamma, dy = np.asarray(x), np.asarray(gamma), np.asarray(dy)
    _, r, _ = normalised(x, eps)
    _, shape = layout(x)
    return (gamma.reshape(shape) * r * dy).astype(x.dtype), dgamma, dbeta
