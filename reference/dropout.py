"""Inverted dropout as math: the mask, the commutation condition, and confidence radii.

dropout(x)_i = m_i x_i / (1 - p) with m_i ~ Bernoulli(1 - p) independent.

Commutation (seeds 003/004, problem 1). With one mask, dropout(f(y)) = f(dropout(y))
entrywise means: where m_i = 0, f(0) = 0; where m_i = 1, f(y_i/(1-p)) = f(y_i)/(1-p).
For every p in [0, 1) and every mask this is f(c y) = c f(y) for every c >= 1
(c = 1/(1-p)) together with f(0) = 0, which is the same as f(c y) = c f(y) for every
c > 0 (for c < 1 apply the c >= 1 case to 1/c and c y; c -> 0 is f(0) = 0 only if
f is continuous at 0, but f(0) = f(c * 0) = c f(0) for c = 2 gives f(0) = 0 anyway):
dropout commutes with f for all p exactly when f is positively homogeneous.
"""

from __future__ import annotations

import math

import numpy as np

from dnn_invariants.properties.tolerance import gamma


def scale(p: float) -> float:
    return 1.0 / (1.0 - p)


def kept_value(x, p: float):
    """x / (1 - p), in float64."""
    return np.asarray(x, np.float64) / (1.0 - p)


def kept_value_bound(x, p: float, dtype):
    """|fl(x * fl(1/(1-p))) - x/(1-p)|: the implementation rounds 1-p, the reciprocal (or a
    division) and the product in its dtype: 3 roundings; the reference 2 in float64. Plus
    underflow: a product below the smallest normal may be flushed to zero (XLA on CPU)."""
    return (gamma(3, dtype) + gamma(2, np.float64)) * np.abs(kept_value(x, p)) + float(np.finfo(dtype).tiny)


def hoeffding_radius(ranges, alpha: float) -> float:
    """t with P(|sum_i (X_i - E X_i)| >= t) <= alpha for independent X_i in intervals of these widths.

    Hoeffding: P(|S - ES| >= t) <= 2 exp(-2 t^2 / sum_i r_i^2).
    """
    ranges = np.abs(np.asarray(ranges, np.float64))
    top = float(ranges.max())
    if top == 0.0:
        return 0.0
    # Factor out the largest width: squares of tiny widths would underflow to 0.
    return top * math.sqrt(0.5 * float(np.sum((ranges / top) ** 2)) * math.log(2.0 / alpha))
