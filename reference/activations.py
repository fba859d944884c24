"""The activations of the contract as formulas, with one-sided derivatives at their kinks.

Values and derivatives in float64 NumPy (``math.erf`` for the exact GELU). At a
kink the derivative is not defined; an implementation may return any value
between the two one-sided derivatives (the Clarke subdifferential), so the
reference returns both: ``derivative_bounds(x) -> (low, high)``, equal away
from kinks.
"""

from __future__ import annotations

import math

import numpy as np

from dnn_invariants.properties.tolerance import gamma

_erf = np.vectorize(math.erf, otypes=[np.float64])
_SQRT2 = math.sqrt(2.0)
_SQRT2PI = math.sqrt(2.0 * math.pi)

DEFAULTS = {
    "relu": {}, "leaky_relu": {"negative_slope": 0.01}, "prelu": {"weight": 0.25},
    "identity": {}, "abs": {}, "sigmoid": {}, "tanh": {}, "elu": {"alpha": 1.0},
    "gelu": {}, "softplus": {}, "hardtanh": {}, "relu6": {},
}
NAMES = tuple(DEFAULTS)
# Piecewise linear: values and derivatives need no transcendental function.
PIECEWISE_LINEAR = ("relu", "leaky_relu", "prelu", "identity", "abs", "hardtanh", "relu6")


def _slope(name, params):
    p = {**DEFAULTS[name], **params}
    return p.get("negative_slope", p.get("weight"))


def value(x, name, **params):
    x = np.asarray(x, np.float64)
    p = {**DEFAULTS[name], **params}
    if name == "relu":
        return np.maximum(x, 0.0)
    if name in ("leaky_relu", "prelu"):
        return np.where(x >= 0, x, _slope(name, params) * x)
    if name == "identity":
        return x.copy()
    if name == "abs":
        return np.abs(x)
    if name == "sigmoid":
        with np.errstate(over="ignore"):  # exp(-x) = inf for x < -709 gives the right limit, 0
            return 1.0 / (1.0 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name == "elu":
        return np.where(x > 0, x, p["alpha"] * np.expm1(np.minimum(x, 0.0)))
    if name == "gelu":
        return 0.5 * x * (1.0 + _erf(x / _SQRT2))
    if name == "softplus":
        return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    if name == "hardtanh":
        return np.clip(x, -1.0, 1.0)
    if name == "relu6":
        return np.clip(x, 0.0, 6.0)
    raise KeyError(name)


def _smooth_derivative(x, name, p):
    if name == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-x))
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    if name == "gelu":
        return 0.5 * (1.0 + _erf(x / _SQRT2)) + x * np.exp(-0.5 * x * x) / _SQRT2PI
    if name == "softplus":
        return 1.0 / (1.0 + np.exp(-x))
    raise KeyError(name)


def derivative_bounds(x, name, **params):
    """(left, right) one-sided derivatives, ordered low <= high: equal except at kinks."""
    x = np.asarray(x, np.float64)
    p = {**DEFAULTS[name], **params}
    one, zero = np.ones_like(x), np.zeros_like(x)
    if name in ("sigmoid", "tanh", "gelu", "softplus"):
        d = _smooth_derivative(x, name, p)
        return d, d
    if name == "identity":
        return one, one
    if name == "elu":  # continuous derivative when alpha = 1; a kink at 0 otherwise
        left = p["alpha"] * np.exp(np.minimum(x, 0.0))
        left = np.where(x > 0, one, left)
        right = np.where(x >= 0, one, left)
        return np.minimum(left, right), np.maximum(left, right)
    if name == "relu6":
        inside = lambda lo, hi: np.where((x > lo) & (x < hi), one, zero)  # noqa: E731
        at_kink = (x == 0) | (x == 6)
        d = inside(0, 6)
        return d, np.where(at_kink, one, d)
    if name == "hardtanh":
        d = np.where((x > -1) & (x < 1), one, zero)
        return d, np.where(np.abs(x) == 1, one, d)
    # relu, leaky_relu, prelu, abs: slope a left of 0, 1 right of 0
    a = {"relu": 0.0, "abs": -1.0}.get(name, _slope(name, params))
    d = np.where(x > 0, one, a * one)
    return np.where(x == 0, min(a, 1.0), d), np.where(x == 0, max(a, 1.0), d)


# Rounding budget of a transcendental activation: at most 8 elementary operations
# (exp, expm1, log1p, erf, tanh, +, *, /), each within 2 ulps in XLA and libm, on
# quantities of magnitude at most 1 + |x| + |f(x)|. Piecewise-linear ones round twice at
# most (the slope cast to the dtype, and the product). The bound is absolute, because sigmoid'(x) = s(1-s)
# and GELU'(x) = Phi(x) + x phi(x) cancel: their relative error is unbounded.
ELEMENTARY_OPS = 16


def value_bound(x, name, dtype, **params):
    """|implementation - reference| allowed for ``value``, entrywise."""
    f = np.abs(value(x, name, **params))  # at x itself: |f(x)| may exceed |x| (a slope above 1)
    x = np.abs(np.asarray(x, np.float64))
    if name in PIECEWISE_LINEAR:  # the slope cast to dtype, then one product
        return (gamma(2, dtype) + gamma(1, np.float64)) * np.maximum(x, f) + _tiny(dtype)
    n = ELEMENTARY_OPS
    return (gamma(n, dtype) + gamma(n, np.float64)) * (1.0 + x + f) + _tiny(dtype)


def derivative_bound(x, name, dtype, **params):
    """|implementation - reference| allowed for the derivative (beyond the kink interval)."""
    x = np.asarray(x, np.float64)
    if name in PIECEWISE_LINEAR:  # a constant slope, rounded once when cast to dtype
        low, high = derivative_bounds(x, name, **params)
        return gamma(1, dtype) * np.maximum(np.abs(low), np.abs(high)) + _tiny(dtype)
    n = ELEMENTARY_OPS
    return (gamma(n, dtype) + gamma(n, np.float64)) * (1.0 + np.abs(x)) + _tiny(dtype)


def _tiny(dtype) -> float:
    return 2 * float(np.finfo(dtype).tiny)
