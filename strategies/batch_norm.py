"""Batch-norm cases: (N, C) and (N, C, H, W) shapes from a bounded alphabet, inputs, gamma, beta, eps."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from dnn_invariants.strategies.arrays import ArraySpec, array_specs
from dnn_invariants.strategies.shapes import bounded

BN_SHAPES = [(2, 1), (3, 2), (8, 3), (2, 1, 2, 2), (4, 3, 3, 3), (2, 2, 1, 5), (16, 4)]
EPS = st.one_of(st.sampled_from([1e-5, 1e-3, 0.1, 1.0]),
                st.floats(1e-8, 10.0, allow_nan=False, allow_subnormal=False))


# Batches far from zero relative to their spread: the centred values x - mean inherit the mean's
# rounding, magnified by max|x| / sqrt(s2 + eps) (up to 1e7 here, with eps >= 1e-8). A quarter of the
# cases come from here, so every bound in the family is tried where that matters; N(0, 1) draws alone
# reach it only when two values of a small batch nearly coincide.
_ONE_IN_FOUR = st.integers(0, 3)
ILL_CONDITIONED = st.tuples(st.sampled_from([1.0, -30.0, 1000.0]), st.sampled_from([1e-2, 1e-4, 1e-6]))


@dataclass(frozen=True)
class BNCase:
    x: ArraySpec
    gamma: ArraySpec
    beta: ArraySpec
    dy: ArraySpec
    eps: float
    offset: float = 0.0  # x is offset + spread * (the array x describes)
    spread: float = 1.0

    def arrays(self):
        x = self.x.build()  # (0 + 1 x is x exactly, in float64 and back)
        x = (self.offset + self.spread * x.astype(np.float64)).astype(x.dtype)
        return x, self.gamma.build(), self.beta.build(), self.dy.build()


def dense(shape, dtype="float64"):
    """Dense N(0, 1) arrays only: a batch with a zero-variance channel is drawn on purpose elsewhere."""
    return _dense(tuple(int(s) for s in shape), str(dtype))


@functools.lru_cache(maxsize=256)  # one strategy object per (shape, dtype), as array_specs
def _dense(shape: tuple, dtype: str):
    return st.builds(ArraySpec, st.just(shape), st.integers(0, 2**32 - 1), st.just(()), st.just(dtype))


def _shape_features(shape) -> dict:
    return dict(spatial=len(shape) > 2)


@functools.lru_cache(maxsize=64)  # one strategy object per alphabet, reused
def _shapes(alphabet: tuple):
    return bounded(alphabet, st.sampled_from(alphabet), features=_shape_features)


@st.composite
def bn_cases(draw, dtype="float64", eps=EPS, shapes=None):
    shape = draw(_shapes(tuple(shapes or BN_SHAPES)), label="shape")
    c = (shape[1],)
    x = draw(dense(shape, dtype), label="x")
    gamma, beta = draw(array_specs(c, dtype), label="gamma"), draw(array_specs(c, dtype), label="beta")
    dy, eps = draw(array_specs(shape, dtype), label="dy"), draw(eps, label="eps")
    # Drawn last, shrinking to the plain case (0): a counterexample is ill-conditioned only if it must be.
    offset, spread = draw(ILL_CONDITIONED, label="offset, spread") if draw(_ONE_IN_FOUR) == 3 else (0.0, 1.0)
    return BNCase(x, gamma, beta, dy, eps, offset, spread)

