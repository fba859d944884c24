"""The correct dropout mask, for the dropout mutants: read off the correct dropout of an all-ones input."""

import numpy as np

from mutants._base import dropout as correct_dropout


def kept(shape, p, seed) -> np.ndarray:
    """True where the correct implementation keeps the entry (its mask depends on seed, shape and p only)."""
    return correct_dropout(np.ones(shape), p, seed=seed) != 0
