"""dropout reads p as the probability of keeping an entry (TensorFlow 1's keep_prob), not of dropping it.

Origin: classic slip between the two conventions: ``tf.nn.dropout(x,
keep_prob)`` in TensorFlow 1 against ``rate`` / ``p`` everywhere else. The
entries are dropped with probability 1 - p and kept ones scaled by 1/p; at
p = 0 everything is dropped, and only p = 1/2 looks right.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import dropout as _correct_dropout

NAME = "mutant: dropout with p read as the keep probability"
BREAKS = "dropout"
ORIGIN = "classic slip"


def dropout(x, p, *, seed, training=True):
    x = np.asarray(x)
    if not training:
        return x.copy()
    if p == 0.0:  # keep nothing
        return np.zeros_like(x)
    return _correct_dropout(x, 1.0 - p, seed=seed)
