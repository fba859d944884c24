"""Batch-norm cases: (N, C) and (N, C, H, W) shapes from a bounded alphabet, inputs, gamma, beta, eps."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from hypothesis import strategies as st

from strategies.arrays import ArraySpec, array_specs
from strategies.shapes import bounded

BN_SHAPES = [(2, 1), (3, 2), (8, 3), (2, 1, 2, 2), (4, 3, 3, 3), (2, 2, 1, 5), (16, 4)]
EPS = st.one_of(st.sampled_from([1e-5, 1e-3, 0.1, 1.0]),
                st.floats(1e-8, 10.0, allow_nan=False, allow_subnormal=False))


@dataclass(frozen=True)
class BNCase:
    x: ArraySpec
    gamma: ArraySpec
    beta: ArraySpec
    dy: ArraySpec
    eps: float

    def arrays(self):
        return self.x.build(), self.gamma.build(), self.beta.build(), self.dy.build()


def dense(shape, dtype="float64"):
    """Dense N(0, 1) arrays only: a batch with a zero-variance channel is drawn on purpose elsewhere."""
    return _dense(tuple(int(s) for s in shape), str(dtype))


@functools.lru_cache(maxsize=256)  # one strategy object per (shape, dtype), as array_specs
def _dense(shape: tuple, dtype: str):
    return st.builds(ArraySpec, st.just(shape), st.integers(0, 2**32 - 1), st.just(()), st.just(dtype))


@functools.lru_cache(maxsize=64)  # one strategy object per alphabet, reused
def _shapes(alphabet: tuple):
    return bounded(alphabet, st.sampled_from(alphabet))


@st.composite
def bn_cases(draw, dtype="float64", eps=EPS, shapes=None):
    shape = draw(_shapes(tuple(shapes or BN_SHAPES)), label="shape")
    c = (shape[1],)
    return BNCase(draw(dense(shape, dtype), label="x"), draw(array_specs(c, dtype), label="gamma"),
                  draw(array_specs(c, dtype), label="beta"), draw(array_specs(shape, dtype), label="dy"),
                  draw(eps, label="eps"))
