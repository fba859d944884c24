"""Ridge problems on ReLU features: integer inputs and feature weights, so features are exact integers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from dnn_invariants.reference.ridge import relu_features

SIZES = [(1, 1, 1), (2, 1, 1), (3, 2, 2), (4, 2, 3), (5, 3, 4), (6, 2, 3), (2, 2, 3), (3, 3, 5)]  # (N, d, p)


@dataclass(frozen=True)
class RidgeCase:
    X: np.ndarray  # (N, d) integers
    W: np.ndarray  # (p, d) integers: features ReLU(X W^T)
    Y: np.ndarray  # (N,)
    lam: float

    @property
    def F(self):
        return relu_features(self.X, self.W)

    def __repr__(self):
        return f"RidgeCase(X={self.X.tolist()}, W={self.W.tolist()}, Y={self.Y.tolist()}, lam={self.lam})"


@st.composite
def ridge_cases(draw, lams=(0.5, 1.0, 0.01, 10.0), sizes=SIZES):
    n, d, p = draw(st.sampled_from(sizes), label="N, d, p")

    def ints(*shape):
        return np.array(draw(st.lists(st.integers(-3, 3), min_size=int(np.prod(shape)),
                                      max_size=int(np.prod(shape)))), np.float64).reshape(shape)

    return RidgeCase(ints(n, d), ints(p, d), ints(n), draw(st.sampled_from(lams), label="lambda"))
