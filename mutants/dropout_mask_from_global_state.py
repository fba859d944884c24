"""dropout draws its mask from a generator that advances with every call, not from the seed alone.

Origin: classic slip: a module-level random state (``np.random`` or an
``nn.Module``'s own generator) instead of a key derived from the seed. Every
single mask is a fair Bernoulli draw, so the statistics look right, but two
calls with one seed give two masks: the same mask cannot be applied to two
inputs, and a call is not reproducible.
"""

import itertools

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import dropout as _correct_dropout

NAME = "mutant: dropout mask from a global, advancing random state"
BREAKS = "dropout"
ORIGIN = "classic slip"

_calls = itertools.count()


def dropout(x, p, *, seed, training=True):
    x = np.asarray(x)
    if not training or p == 0.0:
        return x.copy()
    return _correct_dropout(x, p, seed=(int(seed) + next(_calls)) % 2**64)
