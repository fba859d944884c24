"""MLX: nn.prelu's derivative at 0 is 1 + alpha, outside [min(alpha, 1), max(alpha, 1)].

``nn.prelu(x, alpha) = maximum(0, x) + alpha * minimum(0, x)`` (mlx/nn/layers/activations.py).
At x = 0 both ``maximum(0, x)`` and ``minimum(0, x)`` are ties, and MLX's vjp
of maximum and minimum passes the whole cotangent to x at a tie, so
autodiff gives 1 + alpha * 1 = 1 + alpha. PReLU's one-sided derivatives at 0
are 1 and alpha; a subgradient is any value between them (what an autodiff
framework may return at a kink), and 1 + alpha is outside for every alpha != 0.
(nn.relu = maximum(x, 0) gives 0 at 0, inside [0, 1].)

Exact reference: the interval [min(alpha, 1), max(alpha, 1)] (exact numbers).
Run: python prelu_kink.py (exits 1 while the deviation exists).
"""

import sys

import mlx.core as mx
import mlx.nn as nn
import numpy as np

alpha = 0.25
bad = False
for dtype in (mx.float32, mx.float64):
    x, a = mx.array([0.0], dtype=dtype), mx.array(alpha, dtype=dtype)
    _, (d,) = mx.vjp(lambda v, a=a: nn.prelu(v, a), [x], [mx.ones_like(x)])
    d = float(np.array(d)[0])
    inside = min(alpha, 1.0) <= d <= max(alpha, 1.0)
    print(f"mlx {mx.__version__}, {dtype}: prelu(alpha={alpha})'(0) = {d!r}; allowed "
          f"[{min(alpha, 1.0)}, {max(alpha, 1.0)}]: {'inside' if inside else 'OUTSIDE'}")
    bad |= not inside
if bad:
    print("DEVIATION: the derivative at the kink is not a subgradient")
    sys.exit(1)
print("no deviation")
