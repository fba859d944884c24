"""tanh MLPs (Learning From Data convention) with data, and single-neuron data sets for seed 001 Q1."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from dnn_invariants.strategies.arrays import case_arrays
from dnn_invariants.strategies.shapes import bounded

# (widths d_0..d_L, N): a fixed alphabet so each shape compiles once, simplest first.
ARCHITECTURES = [((1, 1), 1), ((1, 2, 1), 1), ((2, 2, 1), 2), ((1, 2, 1, 1), 1), ((3, 2, 2), 3),
                 ((2, 3, 2, 1), 4), ((3, 1, 3, 2), 2), ((2, 4, 3, 2, 1), 3)]


@dataclass(frozen=True)
class MLPCase:
    widths: tuple[int, ...]
    x: object  # ArraySpec (N, d_0)
    y: object  # ArraySpec (N, d_L)
    weights: tuple  # ArraySpecs (d_{l-1} + 1, d_l)
    output: str

    def arrays(self):
        return (self.x.build(), self.y.build(), [w.build() for w in self.weights])


_FREE_ARCHITECTURES = st.tuples(st.lists(st.integers(1, 4), min_size=2, max_size=5).map(tuple),
                                st.integers(1, 4))


@st.composite
def mlp_cases(draw):
    widths, n = draw(bounded(ARCHITECTURES, _FREE_ARCHITECTURES), label="widths, N")
    shapes = [(a + 1, b) for a, b in zip(widths[:-1], widths[1:], strict=True)]
    # One input pattern for the case (strategies/arrays.py): all dense half the time.
    *weights, x, y = draw(case_arrays(shapes + [(n, widths[0]), (n, widths[-1])]), label="W, x, y")
    return MLPCase(widths, x, y, tuple(weights), draw(st.sampled_from(["identity", "tanh"]), label="output"))


@dataclass(frozen=True)
class RayCase:
    """A single tanh neuron's data set (integer inputs, N x d) and a direction u (with bias entry u_0)."""

    X: np.ndarray
    y: np.ndarray
    u: np.ndarray

    def __repr__(self):
        return f"RayCase(X={self.X.tolist()}, y={self.y.tolist()}, u={self.u.tolist()})"


@st.composite
def ray_cases(draw):
    n, d = draw(st.sampled_from([(1, 1), (2, 1), (2, 2), (3, 2), (4, 3)]), label="N, d")
    ints = st.integers(-2, 2)
    X = np.array(draw(st.lists(ints, min_size=n * d, max_size=n * d)), np.float64).reshape(n, d)
    y = np.array(draw(st.lists(st.sampled_from([1, -1, 0]), min_size=n, max_size=n)), np.float64)
    u = np.array(draw(st.lists(ints, min_size=d + 1, max_size=d + 1).filter(any)), np.float64)
    return RayCase(X, y, u)
