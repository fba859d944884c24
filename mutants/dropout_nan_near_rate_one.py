"""dropout computes the keep probability 1 - p in the input's dtype and divides by it: NaN and inf near p = 1.

Origin: google/flax pull request 2055 (rate 1.0 returned NaN from the
rescaling, x * mask / keep with keep = 0). The contract allows p < 1 only,
but in float32 every p above 1 - 2^-25 rounds to 1.0, so keep is 0 there:
dropped entries become 0/0 = NaN and kept ones x/0 = inf, while x/(1-p) is
finite. In float64 this mutant is correct.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._dropout import kept

NAME = "mutant: dropout NaN as p approaches 1 (flax 2055)"
BREAKS = "dropout"
ORIGIN = "google/flax#2055"


def dropout(x, p, *, seed, training=True):
    x = np.asarray(x)
    if not training or p == 0.0:
        return x.copy()
    keep = np.asarray(1, x.dtype) - np.asarray(p, x.dtype)  # rounds to 0 in float32 for p > 1 - 2^-25
    mask = kept(x.shape, p, seed).astype(x.dtype)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (x * mask / keep).astype(x.dtype)
