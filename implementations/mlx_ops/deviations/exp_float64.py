"""MLX (CPU): float64 exp, sigmoid, erf (and the activations built on them) are float32-accurate.

``simd::exp`` (mlx/backend/cpu/simd/math.h) converts its input to float
(``Simd<float, N> x_init = in;``), evaluates a float32 polynomial, and
converts back, for every dtype: float64 exp has relative error ~4.6e-7, and
overflows to inf above 88 (exp(100) = 2.7e43 is a finite float64). sigmoid,
softplus (logaddexp), elu, gelu (erf) inherit float32 accuracy in float64.

Exact reference: Python's math.exp, math.erf and math.log1p in float64
(within an ulp or two), bound 16 ulps.
Run: python exp_float64.py (exits 1 while the deviation exists).
"""

import math
import sys

import mlx.core as mx
import mlx.nn as nn
import numpy as np

xs = np.array([-2.0, -0.5, 1.0, 3.0])
x = mx.array(xs, dtype=mx.float64)
cases = {
    "mx.exp": (mx.exp, np.exp),
    "nn.sigmoid": (nn.sigmoid, lambda v: 1 / (1 + np.exp(-v))),
    "nn.softplus": (nn.softplus, lambda v: np.log1p(np.exp(v))),
    "nn.elu": (nn.elu, lambda v: np.where(v > 0, v, np.expm1(v))),
    "mx.erf": (mx.erf, np.vectorize(math.erf)),
    "nn.gelu": (nn.gelu, lambda v: v * (1 + np.vectorize(math.erf)(v / math.sqrt(2))) / 2),
}
bad = []
print(f"mlx {mx.__version__}, float64, x = {xs.tolist()}")
for name, (f, ref) in cases.items():
    got, want = np.array(f(x)), ref(xs)
    rel = (np.abs(got - want) / np.abs(want)).max()
    print(f"  {name:12s} max relative error {rel:.3g} (16 ulps: {16 * 2.0**-52:.3g})")
    if rel > 16 * 2.0**-52:
        bad.append(name)
big = float(np.array(mx.exp(mx.array([100.0], dtype=mx.float64)))[0])
print(f"  mx.exp(100.0) = {big!r}, exact {math.exp(100.0)!r}")
if not math.isfinite(big):
    bad.append("exp overflow at 88")
if bad:
    print("DEVIATION: float32 accuracy in float64: " + ", ".join(bad))
    sys.exit(1)
print("no deviation")
