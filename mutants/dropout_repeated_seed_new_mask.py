"""dropout keeps one random generator per seed and draws on from it: a repeated seed gives a new mask.

Origin: classic slip: generators cached by seed (``gens.setdefault(seed,
torch.Generator().manual_seed(seed))``) so that "the same seed" is set up
once, after which each call continues that generator's stream. The first
call with a seed is the right mask; every later call with the same seed,
same shape and same input gives another. Each mask alone is a fair
Bernoulli draw, so the statistics are right; one mask cannot be applied to
two inputs, and no call is reproducible.
"""

import collections

from mutants._base import *  # noqa: F403
from mutants._base import dropout as _correct_dropout

NAME = "mutant: dropout with a generator per seed that advances"
BREAKS = "dropout"
ORIGIN = "classic slip"

_uses: collections.Counter = collections.Counter()


def dropout(x, p, *, seed, training=True):
    if not training or p == 0.0:
        return _correct_dropout(x, p, seed=seed, training=training)
    k = _uses[int(seed)]
    _uses[int(seed)] += 1
    return _correct_dropout(x, p, seed=(int(seed) + 0x9E3779B97F4A7C15 * k) % 2**64)
