"""batch_norm_backward's Jacobian has seed 000 11.5's printed diagonal; its off-diagonal entries are right.

Origin: a mistake in the seeds: seed 000 11.5 prints
d y_i / d z_i = gamma {1/sqrt(s2+eps) - (z_i-mu)^2 / (s2+eps)^(3/2) I(I-1)/I^2},
which exceeds the true diagonal gamma r (1 - 1/I - xhat_i^2 / I) by
gamma r (1 - xhat_i^2 (I - 2)) / I. Built into a backward: dL/dx gets that
error times dy added entrywise.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import batch_norm_backward as _correct_backward
from mutants._batch_norm import layout, normalised

NAME = "mutant: batch-norm backward with seed 000's printed diagonal"
BREAKS = "batch_norm_backward"
ORIGIN = "seed 000 11.5"


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    dx, dgamma, dbeta = _correct_backward(x, gamma, beta, dy, eps=eps)
    x, gamma, dy = np.asarray(x), np.asarray(gamma), np.asarray(dy)
    xhat, r, i = normalised(x, eps)
    _, shape = layout(x)
    printed_minus_true = gamma.reshape(shape) * r * (1 - xhat**2 * (i - 2)) / i
    return (dx + printed_minus_true * dy).astype(x.dtype), dgamma, dbeta
