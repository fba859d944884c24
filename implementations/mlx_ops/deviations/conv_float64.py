"""MLX (CPU): float64 convolutions are computed in float32.

MLX's CPU convolution (mlx/backend/cpu/conv.cpp) runs the undilated cases
through an explicit GEMM whose working dtype is ``auto conv_dtype = float32``:
a float64 input and weight are copied to float32, multiplied and summed in
float32, and the result copied back to a float64 array. So a float64 conv
carries float32 rounding (relative error about 1e-7 instead of 1e-16). The
dilated ("slow") paths dispatch on float32/float16/bfloat16 only and raise
"[Convolution::eval] got unsupported data type." for float64.

Exact reference: inputs and weights that are multiples of 2^-30 with few
significant bits, whose products and sums are exact in float64 (a float64
computation must return them exactly) but not in float32.
Run: python conv_float64.py (exits 1 while the deviation exists).
"""

import sys

import mlx.core as mx
import numpy as np

rng = np.random.default_rng(0)
# x: 1 + k * 2^-30 (31 significant bits: not a float32); w: small integers. Every product and
# every partial sum is a multiple of 2^-30 below 2^10, so float64 holds each exactly.
x = 1.0 + rng.integers(0, 2**20, (1, 8, 3)) * 2.0**-30  # (N, W, C), channels last
w = rng.integers(-3, 4, (2, 3, 3)).astype(np.float64)  # (C_out, K, C_in)
exact = np.zeros((1, 6, 2))
for o in range(2):
    for i in range(6):
        exact[0, i, o] = np.sum(x[0, i:i + 3, :] * w[o])  # exact: see above
y = mx.conv_general(mx.array(x, dtype=mx.float64), mx.array(w, dtype=mx.float64))
got = np.array(y)
err = np.abs(got - exact).max()
in_float32 = np.array(mx.conv_general(mx.array(x, dtype=mx.float32), mx.array(w, dtype=mx.float32)))
print(f"mlx {mx.__version__}: 1-D conv of float64 inputs (result dtype {y.dtype}); exact result known")
print(f"  max |error| {err:.3g} (a float64 computation is exact here); the same conv in float32: "
      f"{np.abs(in_float32 - exact).max():.3g}")
bad = err > 0
try:
    mx.eval(mx.conv_general(mx.array(x, dtype=mx.float64), mx.array(w, dtype=mx.float64), kernel_dilation=2))
    print("  dilated float64 conv: computed")
except ValueError as error:
    print(f"  dilated float64 conv: {error}")
    bad = True
if bad:
    print("DEVIATION: float64 convolution is computed in float32 (or refused when dilated)")
    sys.exit(1)
print("no deviation")
