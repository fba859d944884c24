"""dropout scales the kept entries by (1 - p) instead of 1 / (1 - p).

Origin: a mistake in the seeds (issue 7's list): the inverted-dropout factor
mixed up with the factor of classic (non-inverted) dropout at test time. The
mask is right; the expectation becomes (1 - p)^2 x instead of x.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._dropout import kept

NAME = "mutant: dropout scaled by (1 - p) instead of 1/(1 - p)"
BREAKS = "dropout"
ORIGIN = "seed mistake (issue 7)"


def dropout(x, p, *, seed, training=True):
    x = np.asarray(x)
    if not training or p == 0.0:
        return x.copy()
    return np.where(kept(x.shape, p, seed), x * np.asarray(1.0 - p, x.dtype), np.zeros((), x.dtype))
