"""The contract's activations and their hand-written derivatives, elementwise.

Each activation is a pair (value, derivative) of NumPy functions. Where an
activation has a kink, the derivative there is a choice; this module makes the
same one-sided choice as JAX's autodiff of ``jax.nn`` (checked with
``jax.grad`` in float64), so the two implementations agree everywhere:

============  ==================  ===========================================
name          kink(s)             derivative at the kink
============  ==================  ===========================================
relu          0                   0   (the x > 0 branch is open)
leaky_relu    0                   1   (x >= 0 is the linear branch)
prelu         0                   1   (as leaky_relu)
abs           0 (also -0.0)       1   (x >= 0 has slope +1)
elu           0                   alpha (x <= 0 is the exponential branch)
hardtanh      -1, 1               1   (the closed interval [-1, 1] is linear)
relu6         0, 6                0   (the open interval (0, 6) is linear)
============  ==================  ===========================================

Smooth ones are written to stay accurate over the whole float range:
sigmoid and softplus never exponentiate a positive number, and gelu uses the
complementary error function, ``gelu(x) = x/2 * erfc(-x/sqrt 2)``, which has no
cancellation for large negative x (unlike ``x/2 * (1 + erf(x/sqrt 2))``).

NumPy has no erf; ``math.erfc`` (C99 ``erfc``, accurate to about 1 ulp in
float64) is applied entry by entry. That costs a Python call per entry, fine
for the corpus's small arrays. For large negative x gelu is ill-conditioned
(relative condition number about 1 + x^2/2): rounding ``-x/sqrt 2`` to float64
already moves erfc by up to ~x^2 ulps, so float64 gelu and gelu' are accurate
to about (1 + x^2) ulps (measured against 50-digit mpmath: at most ~500 ulps
near x = -37, where gelu underflows; JAX's ``jax.nn.gelu`` is the same). That
is the exact gelu of an input within an ulp or so of x.

float32 inputs are evaluated in float64 and rounded once at the end, so
every float32 result is within about one float32 ulp of the true value.
"""

from __future__ import annotations

import math

import numpy as np

_erfc = np.vectorize(math.erfc, otypes=[np.float64])
_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _sigmoid(x):
    """1 / (1 + e^-x), computed as e^x / (1 + e^x) for x < 0 so no exponential overflows."""
    e = np.exp(-np.abs(x))  # in (0, 1]
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sech_squared(x):
    """tanh'(x) = 1 / cosh(x)^2, accurate to a few ulps even where 1 - tanh(x)^2 cancels to 0."""
    with np.errstate(over="ignore"):  # cosh overflows past |x| ~ 710, where the true value is 0 anyway
        return 1.0 / np.cosh(x) ** 2


def _normal_cdf(x):
    """Phi(x) = erfc(-x / sqrt 2) / 2."""
    return 0.5 * _erfc(-x * _SQRT_HALF)


# Each entry: name -> (value(x, **params), derivative(x, **params), default params).
# x arrives in float64; params are floats (a NumPy array works if it broadcasts against x
# by NumPy's rules, e.g. a prelu weight of shape (C, 1) for x of shape (N, C, L)).
_TABLE = {
    "identity": (lambda x: x, lambda x: np.ones_like(x), {}),
    "relu": (lambda x: np.where(x > 0, x, 0.0), lambda x: np.where(x > 0, 1.0, 0.0), {}),
    "leaky_relu": (lambda x, negative_slope: np.where(x >= 0, x, negative_slope * x),
                   lambda x, negative_slope: np.where(x >= 0, 1.0, negative_slope),
                   {"negative_slope": 0.01}),
    "prelu": (lambda x, weight: np.where(x >= 0, x, weight * x),
              lambda x, weight: np.where(x >= 0, 1.0, weight),
              {"weight": 0.25}),
    "abs": (np.abs, lambda x: np.where(x >= 0, 1.0, -1.0), {}),
    "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * _sigmoid(-x), {}),  # s(1-s), with 1-s = s(-x) exact
    "tanh": (np.tanh, lambda x: _sech_squared(x), {}),
    # elu(x) = x for x > 0, alpha (e^x - 1) for x <= 0; expm1 keeps small |x| accurate.
    "elu": (lambda x, alpha: np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0))),
            lambda x, alpha: np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0))),
            {"alpha": 1.0}),
    # gelu(x) = x Phi(x); gelu'(x) = Phi(x) + x phi(x), phi the standard normal density.
    "gelu": (lambda x: x * _normal_cdf(x),
             lambda x: _normal_cdf(x) + x * _INV_SQRT_2PI * np.exp(-0.5 * x * x), {}),
    # softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|); its derivative is sigmoid.
    "softplus": (lambda x: np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x))), _sigmoid, {}),
    "hardtanh": (lambda x: np.clip(x, -1.0, 1.0),
                 lambda x: np.where((x >= -1) & (x <= 1), 1.0, 0.0), {}),
    "relu6": (lambda x: np.clip(x, 0.0, 6.0),
              lambda x: np.where((x > 0) & (x < 6), 1.0, 0.0), {}),
}

NAMES = tuple(_TABLE)


def _evaluate(which: int, x, name: str, params: dict):
    if name not in _TABLE:
        raise NotImplementedError(f"activation {name!r} (known: {', '.join(NAMES)})")
    functions = _TABLE[name]
    defaults = functions[2]
    unknown = set(params) - set(defaults)
    if unknown:
        raise TypeError(f"activation {name!r} takes parameters {sorted(defaults)}, not {sorted(unknown)}")
    x = np.asarray(x)
    arguments = {key: np.asarray(params.get(key, value), np.float64) for key, value in defaults.items()}
    result = functions[which](x.astype(np.float64), **arguments)
    return np.asarray(result, dtype=x.dtype)


def activation(x, name, **params):
    """Apply the activation ``name`` elementwise; the result has the dtype of ``x``."""
    return _evaluate(0, x, name, params)


def activation_derivative(x, name, **params):
    """The derivative of ``activation(., name)`` at every entry of ``x``, written by hand (see the table)."""
    return _evaluate(1, x, name, params)
