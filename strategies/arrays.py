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
_ENTRIES = {dense: st.lists(st.tuples(st.integers(0, 2**16 - 1), _ENTRY_VALUES),
                            min_size=0 if dense else 1, max_size=4) for dense in (False, True)}


@st.composite
def array_specs(draw, shape, dtype="float64"):
    # Every draw here consumes the same choices whatever the shape (positions
    # are raw integers reduced modulo the size), so when Hypothesis shrinks the
    # configuration that decides the shape, the arrays' choices stay aligned
    # and the shrink can reach the simplest configuration.
    shape = tuple(int(s) for s in shape)
    size = int(np.prod(shape))
    dense = draw(st.booleans())
    seed = draw(st.integers(0, 2**32 - 1)) if dense else None
    raw = draw(_ENTRIES[dense])
    entries = tuple({i % size: v for i, v in raw}.items())
    return ArraySpec(shape, seed, entries, dtype)
