"""Arrays as paste-able specifications: sparse entries, or dense values from a seed.

A shrunk counterexample should read like a call. A dense array of a few
thousand floats does not, so arrays are drawn as an ``ArraySpec``: either a
handful of explicit entries (the rest zero: shrinks toward a single impulse,
which for a linear map reveals one column) or a NumPy seed for a dense
standard-normal array. Either way ``repr`` is Python that rebuilds the array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st


@dataclass(frozen=True)
class ArraySpec:
    shape: tuple[int, ...]
    seed: int | None = None  # dense N(0, 1) values from numpy.random.default_rng(seed)
    entries: tuple = ()  # ((flat index, value), ...) set after the dense fill
    dtype: str = "float64"

    def build(self) -> np.ndarray:
        if self.seed is None:
            a = np.zeros(self.shape, np.float64)
        else:
            a = np.random.default_rng(self.seed).standard_normal(self.shape)
        for index, value in self.entries:
            a.flat[index] = value
        return a.astype(self.dtype)


# Small integers first (they shrink to 1), then any moderate float. Built once:
# a strategy object built per example is validated by Hypothesis per example.
_ENTRY_VALUES = st.one_of(st.integers(-3, 3).map(float),
                          st.floats(-4, 4, allow_nan=False, allow_subnormal=False))
_ENTRIES = st.lists(st.tuples(st.integers(0, 2**16 - 1), _ENTRY_VALUES), min_size=0, max_size=4)
_SEEDS = st.integers(0, 2**32 - 1)

# How the arrays of one case are filled. Each array drawn dense or sparse on its own makes
# a case whose three arrays are all dense 1 in 8: a rare configuration then rarely meets
# dense inputs, and a bug that impulses cannot see (a weight gradient, a product of two
# sparse arrays, is mostly exactly 0) survives the run. So a case has one pattern:
#   impulses: every array a few explicit entries, the rest zero (reads like a call; shows one
#             column of a linear map; hits kinks, exact zeros, exact small integers);
#   dense:    every array standard normal from a seed (full mantissas, every entry interacting);
#   mixed:    each array on its own, dense or sparse.
# Every array draws a pattern token (dense half the time, else impulses or mixed); the
# first array's token is the case's pattern, and in a mixed case each array follows its
# own. Drawing a token per array, not one per case, matters for Hypothesis: after each
# new example it tries about six variations that copy one array's choices over another's,
# so the case's pattern varies inside those runs of similar examples too, and a run of
# 100 examples meets each configuration feature with dense inputs far more often.
PATTERNS = ("impulses", "mixed", "dense")
_TOKENS = st.sampled_from(("impulses", "mixed", "dense", "dense"))  # shrinks to impulses


def is_dense(*specs: ArraySpec) -> bool:
    """Whether every array is dense (drawn from a seed)."""
    return all(s.seed is not None for s in specs)


def is_impulses(*specs: ArraySpec) -> bool:
    """Whether every array is sparse: a few explicit entries, the rest zero."""
    return all(s.seed is None for s in specs)


def _spec(draw, shape, dtype, dense: bool) -> ArraySpec:
    # Every draw here consumes the same choices whatever the shape and the pattern
    # (positions are raw integers reduced modulo the size; the seed and the entries are
    # drawn either way), so when Hypothesis shrinks the configuration that decides the
    # shape, or the case's pattern, the arrays' choices stay aligned and the shrink can
    # reach the simplest configuration.
    shape = tuple(int(s) for s in shape)
    size = int(np.prod(shape))
    seed = draw(_SEEDS)
    entries = tuple({i % size: v for i, v in draw(_ENTRIES)}.items())
    if not dense and not entries:
        entries = ((0, 1.0),)  # a sparse array is at least one impulse
    return ArraySpec(shape, seed if dense else None, entries, dtype)


@st.composite
def array_specs(draw, shape, dtype="float64"):
    """One array on its own: dense (standard normal from a seed) half the time, else sparse."""
    return _spec(draw, shape, dtype, draw(_TOKENS) == "dense")


@st.composite
def case_arrays(draw, shapes, dtype="float64"):
    """The arrays of one case, of these shapes, filled with one pattern (see PATTERNS)."""
    pattern, specs = None, []
    for shape in shapes:
        token = draw(_TOKENS)
        pattern = pattern or token
        specs.append(_spec(draw, shape, dtype, (token if pattern == "mixed" else pattern) == "dense"))
    return tuple(specs)
