"""Batch-norm cases: (N, C) and (N, C, H, W) shapes from a bounded alphabet, inputs, gamma, beta, eps."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from dnn_invariants.strategies import support
from dnn_invariants.strategies.arrays import ArraySpec, case_arrays
from dnn_invariants.strategies.shapes import bounded

# Simplest first: (N, C) tables, images (N, C, H, W), and a batch of one image, whose statistics
# are over H W alone (PyTorch refuses (1, C) in training mode, and an implementation with a
# special case for N = 1 may get (1, C, H, W) wrong too). A case draws the layout, then a shape
# of it (structured_shapes), so about half are images and a quarter a batch of one.
TABLES = [(2, 1), (3, 2), (8, 3), (16, 4)]
IMAGES = [(2, 1, 2, 2), (4, 3, 3, 3), (2, 2, 1, 5)]
ONE_IMAGE = [(1, 2, 3, 3), (1, 3, 2, 4)]
BN_SHAPES = TABLES[:3] + IMAGES[:1] + ONE_IMAGE[:1] + IMAGES[1:] + ONE_IMAGE[1:] + TABLES[3:]

# eps: one of the usual values, one below cuDNN's minimum 1e-5 (a framework that raises eps
# silently differs from the formula by about (1e-5 - eps) / s2), or any in [1e-8, 10]; with
# EPS_OR_ZERO also eps = 0 where the implementation supports it (training-mode BN is then not
# even continuous at a constant batch, and a one-pass variance that cancels below 0 gives NaN),
# for float64 cases: a float32 batch far from zero can round to a constant, whose eps = 0 BN is 0/0.
_USUAL, _SMALL = st.sampled_from([1e-5, 1e-3, 0.1, 1.0]), st.sampled_from([1e-8, 1e-7, 1e-6])
_ANY = st.floats(1e-8, 10.0, allow_nan=False, allow_subnormal=False)


@st.composite
def _eps(draw, zero: bool):
    kinds = ("usual", "small", "any", "zero") if zero else ("usual", "small", "any")
    kind = draw(st.sampled_from(kinds).filter(lambda k: k != "zero" or support.allows(eps_zero=True)))
    # Every value drawn whatever the kind, so no kind is a shorter choice sequence (simpler, to
    # the shrinker) than "usual" with its first value, 1e-5.
    values = {"usual": draw(_USUAL), "small": draw(_SMALL), "any": draw(_ANY), "zero": 0.0}
    return values[kind]


EPS = _eps(zero=False)
EPS_OR_ZERO = _eps(zero=True)

# Batches far from zero relative to their spread: the centred values x - mean inherit the mean's
# rounding, magnified by max|x| / sqrt(s2 + eps) (up to 1e7 here, with eps >= 1e-8; more with eps
# = 0). Half the cases come from here, so every bound in the family is tried where that matters;
# N(0, 1) draws alone reach it only when two values of a small batch nearly coincide.
_OFF_ON = st.sampled_from((False, True))
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

    def astype(self, dtype: str) -> BNCase:
        """The same case in another dtype (the arrays are built in float64 and cast)."""
        cast = {name: dataclasses.replace(getattr(self, name), dtype=str(dtype))
                for name in ("x", "gamma", "beta", "dy")}
        return dataclasses.replace(self, **cast)


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


_SPATIAL = st.sampled_from((False, True)).filter(lambda on: not on or support.allows(spatial=True))


@st.composite
def structured_shapes(draw):
    """Images or not (tables first), one image or several, then a shape of that layout.

    Every choice is drawn whatever the others (a choice skipped when another is on would make
    "on" the shorter, so the simpler, choice sequence, and shrinking would turn it on)."""
    spatial, one = draw(_SPATIAL, label="images"), draw(_OFF_ON, label="one image")
    index = draw(st.integers(0, 3), label="shape")
    group = (ONE_IMAGE if one else IMAGES) if spatial else TABLES
    return group[index % len(group)]


_STRUCTURED_SHAPES = structured_shapes()


@st.composite
def bn_cases(draw, dtype="float64", eps=EPS, shapes=None):
    """A shape (structured_shapes, or one of ``shapes``), a dense x, then gamma, beta and dy with one
    input pattern for the case (all dense half the time: strategies/arrays.py), eps, and half the
    time an ill-conditioned batch."""
    shape = draw(_shapes(tuple(shapes)) if shapes else _STRUCTURED_SHAPES, label="shape")
    c = (shape[1],)
    x = draw(dense(shape, dtype), label="x")
    gamma, beta, dy = draw(case_arrays((c, c, shape), dtype), label="gamma, beta, dy")
    eps = draw(eps, label="eps")
    # Drawn last, shrinking to the plain case (0): a counterexample is ill-conditioned only if it must be.
    ill, values = draw(_OFF_ON, label="ill-conditioned"), draw(ILL_CONDITIONED, label="offset, spread")
    offset, spread = values if ill else (0.0, 1.0)
    return BNCase(x, gamma, beta, dy, eps, offset, spread)

