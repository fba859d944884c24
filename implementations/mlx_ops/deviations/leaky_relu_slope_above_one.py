"""MLX: nn.leaky_relu(x, negative_slope) = maximum(negative_slope * x, x) is wrong for slopes above 1.

Leaky ReLU is x for x >= 0 and negative_slope * x for x < 0 (PyTorch, JAX,
TensorFlow compute that for any slope). MLX computes
``mx.maximum(negative_slope * x, x)`` (mlx/nn/layers/activations.py), which
equals it only when negative_slope <= 1: for a slope of 2 it returns 2x for
x > 0 and x for x < 0, the two branches swapped. Its derivative is swapped
with it (2 for x > 0, 1 for x < 0).

Exact reference: the definition on small integers (exact in every dtype).
Run: python leaky_relu_slope_above_one.py (exits 1 while the deviation exists).
"""

import sys

import mlx.core as mx
import mlx.nn as nn
import numpy as np

slope = 2.0
xs = np.array([-2.0, -1.0, 1.0, 3.0])
bad = False
for dtype in (mx.float32, mx.float64):
    x = mx.array(xs, dtype=dtype)
    got = np.array(nn.leaky_relu(x, slope))
    _, (d,) = mx.vjp(lambda v: nn.leaky_relu(v, slope), [x], [mx.ones_like(x)])
    want, want_d = np.where(xs >= 0, xs, slope * xs), np.where(xs > 0, 1.0, slope)
    print(f"mlx {mx.__version__}, {dtype}: leaky_relu(x={xs.tolist()}, {slope}) = {got.tolist()}, "
          f"derivative {np.array(d).tolist()}; exact {want.tolist()}, derivative {want_d.tolist()}")
    bad |= not (np.array_equal(got, want) and np.array_equal(np.array(d), want_d))
if bad:
    print("DEVIATION: maximum(slope * x, x) is not leaky ReLU for slope > 1")
    sys.exit(1)
print("no deviation")
