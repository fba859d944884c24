"""The default initialisation law an implementation declares for its linear layer (``LINEAR_INIT``).

Frameworks differ: PyTorch draws W and b from U(±1/√fan_in); Keras and
TensorFlow draw W Glorot-uniform and set b to zero; Flax draws W from a
truncated normal. So the corpus does not assume one: an implementation that
provides ``linear_init`` declares its law, and the initialisation properties
test the draws against the declared law and the variance recursion in its
general form, Var(y_{l+1}) = n_l σ_W² Var(y_l) + σ_b², under the declared
variances. For example (PyTorch's ``nn.Linear``)::

    LINEAR_INIT = {
        "weight": {"law": "uniform", "scale": 1 / 3, "fan": "in"},
        "bias": {"law": "uniform", "scale": 1 / 3, "fan": "in"},
    }

and Keras's ``Dense``: ``{"weight": {"law": "uniform", "scale": 1, "fan": "avg"},
"bias": {"law": "zeros"}}``.

Each part (``weight``, ``bias``) is one of

* ``uniform``: U(-a, a), symmetric about 0;
* ``normal``: N(0, σ²);
* ``truncated_normal``: a centred normal truncated at ± ``truncation`` (default
  2) of its own standard deviation σ₀, rescaled so that the *truncated* law has
  the declared variance (Keras's and Flax's convention);
* ``zeros``: every entry 0;

with variance ``scale / fan``, where ``fan`` is ``in`` (n_in), ``out`` (n_out),
``avg`` ((n_in + n_out) / 2) or ``none`` (variance = scale). Every entry is
independent of every other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

LAWS = ("uniform", "normal", "truncated_normal", "zeros")
FANS = ("in", "out", "avg", "none")
BOUNDED = ("uniform", "truncated_normal", "zeros")


class InvalidLaw(ValueError):
    """LINEAR_INIT is malformed."""


def _erf(x):
    from math import erf
    return np.vectorize(erf, otypes=[float])(x)


@dataclass(frozen=True)
class Part:
    """The law of one parameter tensor (all of W, or all of b)."""

    law: str
    scale: float = 0.0
    fan: str = "none"
    truncation: float = 2.0

    def variance(self, n_in: int, n_out: int) -> float:
        if self.law == "zeros":
            return 0.0
        fan = {"in": n_in, "out": n_out, "avg": (n_in + n_out) / 2, "none": 1.0}[self.fan]
        return self.scale / fan

    def _sigma0(self, n_in, n_out) -> float:
        """The standard deviation of the normal before truncation."""
        v, t = self.variance(n_in, n_out), self.truncation
        z = math.erf(t / math.sqrt(2))
        shrink = 1 - 2 * t * math.exp(-t * t / 2) / (math.sqrt(2 * math.pi) * z)  # Var of N(0,1) | |.| < t
        return math.sqrt(v / shrink)

    def bound(self, n_in: int, n_out: int) -> float:
        """sup |entry|: infinite for an unbounded law."""
        if self.law == "zeros":
            return 0.0
        if self.law == "uniform":
            return math.sqrt(3 * self.variance(n_in, n_out))
        if self.law == "truncated_normal":
            return self.truncation * self._sigma0(n_in, n_out)
        return math.inf

    def density_max(self, n_in: int, n_out: int) -> float:
        """sup of the density (infinite for zeros: a point mass)."""
        if self.law == "zeros":
            return math.inf
        if self.law == "uniform":
            return 1 / (2 * self.bound(n_in, n_out))
        if self.law == "normal":
            return 1 / math.sqrt(2 * math.pi * self.variance(n_in, n_out))
        s0, t = self._sigma0(n_in, n_out), self.truncation
        return 1 / (s0 * math.sqrt(2 * math.pi) * math.erf(t / math.sqrt(2)))

    def cdf(self, x, n_in: int, n_out: int):
        x = np.asarray(x, np.float64)
        if self.law == "zeros":
            return (x >= 0).astype(np.float64)
        if self.law == "uniform":
            a = self.bound(n_in, n_out)
            return np.clip((x + a) / (2 * a), 0.0, 1.0)
        if self.law == "normal":
            return 0.5 * (1 + _erf(x / math.sqrt(2 * self.variance(n_in, n_out))))
        s0, t = self._sigma0(n_in, n_out), self.truncation
        z = math.erf(t / math.sqrt(2))
        inside = np.clip(x / s0, -t, t)
        return np.clip((0.5 * (1 + _erf(inside / math.sqrt(2))) - 0.5 * (1 - z)) / z, 0.0, 1.0)

    def describe(self) -> str:
        if self.law == "zeros":
            return "zeros"
        fan = {"in": "fan_in", "out": "fan_out", "avg": "(fan_in + fan_out)/2", "none": "1"}[self.fan]
        name = {"uniform": "uniform, symmetric", "normal": "normal",
                "truncated_normal": f"normal truncated at ±{self.truncation:g} σ0"}[self.law]
        return f"{name}, variance {self.scale:.6g}/{fan}"


@dataclass(frozen=True)
class Law:
    weight: Part
    bias: Part

    def describe(self) -> str:
        return f"W {self.weight.describe()}; b {self.bias.describe()}"

    @property
    def bounded(self) -> bool:
        return self.weight.law in BOUNDED and self.bias.law in BOUNDED

    @property
    def is_pytorch_default(self) -> bool:
        """W and b both U(±1/√fan_in): variance 1/(3 fan_in), the law seeds 003 and 004 assume."""
        return all(p.law == "uniform" and p.fan == "in" and math.isclose(p.scale, 1 / 3, rel_tol=1e-12)
                   for p in (self.weight, self.bias))


def _part(name: str, raw) -> Part:
    if not isinstance(raw, dict):
        raise InvalidLaw(f"LINEAR_INIT[{name!r}] must be a dict, not {raw!r}")
    unknown = set(raw) - {"law", "scale", "fan", "truncation"}
    if unknown:
        raise InvalidLaw(f"LINEAR_INIT[{name!r}]: unknown keys {sorted(unknown)}")
    law = raw.get("law")
    if law not in LAWS:
        raise InvalidLaw(f"LINEAR_INIT[{name!r}]: law {law!r} is not one of {', '.join(LAWS)}")
    if law == "zeros":
        return Part("zeros")
    fan = raw.get("fan", "none")
    if fan not in FANS:
        raise InvalidLaw(f"LINEAR_INIT[{name!r}]: fan {fan!r} is not one of {', '.join(FANS)}")
    scale = raw.get("scale")
    if not isinstance(scale, (int, float)) or not scale > 0:
        raise InvalidLaw(f"LINEAR_INIT[{name!r}]: scale must be a positive number, not {scale!r}")
    truncation = raw.get("truncation", 2.0)
    if law == "truncated_normal" and not truncation > 0:
        raise InvalidLaw(f"LINEAR_INIT[{name!r}]: truncation must be positive")
    return Part(law, float(scale), fan, float(truncation))


def parse(raw) -> Law | None:
    """The declared law, or None when the module declares none."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"weight", "bias"}:
        raise InvalidLaw("LINEAR_INIT must be a dict with exactly the keys 'weight' and 'bias'")
    return Law(_part("weight", raw["weight"]), _part("bias", raw["bias"]))
