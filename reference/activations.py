"""The activations of the contract as formulas, with one-sided derivatives at their kinks.

Values and derivatives in float64 NumPy (``math.erf`` for the exact GELU). At a
kink the derivative is not defined; an implementation may return any value
between the two one-sided derivatives (the Clarke subdifferential), so the
reference returns both: ``derivative_bounds(x) -> (low, high)``, equal away
from kinks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dnn_invariants.properties.tolerance import gamma

_erf = np.vectorize(math.erf, otypes=[np.float64])
_SQRT2 = math.sqrt(2.0)
_SQRT2PI = math.sqrt(2.0 * math.pi)

# Every parameter an activation's value depends on; the corpus always passes them (no default is assumed:
# frameworks differ, e.g. a leaky slope of 0.01 in PyTorch and 0.2 in TensorFlow).
PARAMETERS = {
    "relu": (), "leaky_relu": ("negative_slope",), "prelu": ("weight",),
    "identity": (), "abs": (), "sigmoid": (), "tanh": (), "elu": ("alpha",),
    "gelu": (), "softplus": (), "hardtanh": (), "relu6": (),
}
NAMES = tuple(PARAMETERS)


@dataclass(frozen=True)
class Activation:
    """An activation with every parameter it takes: Activation("leaky_relu", (("negative_slope", 0.2),))."""

    name: str
    params: tuple = ()  # ((parameter, value), ...), sorted

    @property
    def kwargs(self) -> dict:
        return dict(self.params)

    def __str__(self):
        return self.name + (f"({', '.join(f'{k}={v!r}' for k, v in self.params)})" if self.params else "")


def split(activation) -> tuple[str, dict]:
    """(name, parameters) of an Activation, or of a bare name for an activation without parameters."""
    if isinstance(activation, Activation):
        return activation.name, activation.kwargs
    return activation, {}


def layer_kwargs(activation) -> dict:
    """The keyword arguments residual_layer and its backward take: activation=name and its parameters."""
    name, params = split(activation)
    return dict(activation=name, **params)


def _params(name, params) -> dict:
    missing = [k for k in PARAMETERS[name] if k not in params]
    if missing:
        raise TypeError(f"{name} needs its parameters passed explicitly: {missing}")
    return dict(params)
# Piecewise linear: values and derivatives need no transcendental function.
PIECEWISE_LINEAR = ("relu", "leaky_relu", "prelu", "identity", "abs", "hardtanh", "relu6")


def _slope(name, params):
    p = _params(name, params)
    return p.get("negative_slope", p.get("weight"))


def lipschitz(name, params) -> float:
    """An upper bound on |f'| over the whole line: how far rounding the input can move f."""
    p = _params(name, params)
    slope = abs(p.get("negative_slope", p.get("weight", p.get("alpha", 1.0))))
    return max(2.0, slope)  # 2 >= sup |f'| of every smooth activation here (GELU's is 1.13)


def value(x, name, **params):
    x = np.asarray(x, np.float64)
    p = _params(name, params)
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
    p = _params(name, params)
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
