"""Dropout cases: a shape from a bounded alphabet, an input, a drop probability and a seed.

Probabilities shrink to 0 and include the hard ones: 1/2, and p close to 1
(1 - 2^-k up to the largest float below 1), where a float32 cast of p is 1.0.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

from hypothesis import strategies as st

from dnn_invariants.strategies.arrays import ArraySpec, array_specs
from dnn_invariants.strategies.shapes import bounded

DROPOUT_SHAPES = [(1,), (8,), (4, 6), (2, 3, 5, 5)]
NEAR_ONE = tuple(1.0 - 2.0**-k for k in (1, 4, 10, 24, 30, 40, 52, 53))
SEEDS = st.integers(0, 2**32 - 1)


@functools.cache  # built once, reused every example (see strategies/shapes.py)
def probabilities(near_one=True) -> st.SearchStrategy[float]:
    common = st.one_of(st.just(0.0), st.sampled_from([0.5, 0.1, 0.9]),
                       st.floats(0.0, 1.0, exclude_max=True, allow_subnormal=False))
    return st.one_of(common, st.sampled_from(NEAR_ONE)) if near_one else common


@functools.cache
def p_close_to_one() -> st.SearchStrategy[float]:
    """p in [0.99, 1): float32 cannot hold 1 - p to 1e-4 relative there, and rounds p > 1 - 2^-25 to 1."""
    return st.one_of(st.sampled_from(NEAR_ONE[2:] + (math.nextafter(1.0, 0.0),)),
                     st.floats(0.99, 1.0, exclude_max=True))


LARGE = (2**16,)  # at p = 0.999 about 65 entries are kept


@dataclass(frozen=True)
class DropoutCase:
    x: ArraySpec
    p: float
    seed: int

    def astype(self, dtype: str) -> DropoutCase:
        """The same case in another dtype (x is built in float64 and cast)."""
        return dataclasses.replace(self, x=dataclasses.replace(self.x, dtype=str(dtype)))


_FLAT = bounded(DROPOUT_SHAPES[:3], st.sampled_from(DROPOUT_SHAPES[:3]))  # one strategy object, reused
_IMAGE = st.sampled_from((False, True))


@st.composite
def _shapes(draw):
    """An image-shaped batch (2, 3, 5, 5) half the time (False first), else a vector or a matrix."""
    image, flat = draw(_IMAGE, label="image"), draw(_FLAT, label="shape")  # both either way (shrinking)
    return DROPOUT_SHAPES[3] if image else flat


_SHAPES = _shapes()


@st.composite
def dropout_cases(draw, dtype="float64", p=None):
    shape = draw(_SHAPES, label="shape")
    return DropoutCase(draw(array_specs(shape, dtype), label="x"),
                       draw(p if p is not None else probabilities(), label="p"),
                       draw(SEEDS, label="seed"))
