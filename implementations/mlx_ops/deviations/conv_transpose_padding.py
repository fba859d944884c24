"""MLX: conv_transpose gives the wrong size (or raises) when padding > dilation * (kernel - 1).

A transposed convolution with stride s, padding p, dilation d, kernel K and
output_padding op maps m entries to (m - 1) s - 2p + d (K - 1) + 1 + op (the
adjoint of the forward conv; PyTorch's documented formula, and MLX's own
output_padding argument follows it). MLX computes it as a convolution of the
stride-dilated input with padding d (K - 1) - p on each side; when that is
negative (p > d (K - 1)), the result is too short, or MLX raises
"[conv] Spatial dimensions of input after padding cannot be smaller ...".

Exact reference: the size formula (integers).
Run: python conv_transpose_padding.py (exits 1 while the deviation exists).
"""

import sys

import mlx.core as mx

bad = False
print(f"mlx {mx.__version__}: conv_transpose1d, one channel, float32, ones")
for m, K, s, p, d, op in [(5, 1, 2, 1, 2, 1), (3, 1, 3, 1, 1, 0), (3, 2, 2, 2, 1, 1), (5, 3, 2, 1, 1, 1)]:
    n = (m - 1) * s - 2 * p + d * (K - 1) + 1 + op
    try:
        out = mx.conv_transpose1d(mx.ones((1, m, 1)), mx.ones((1, K, 1)), stride=s, padding=p, dilation=d,
                                  output_padding=op)
        got = str(out.shape[1])
    except ValueError as error:
        got = f"ValueError: {str(error)[:70]}"
    ok = got == str(n)
    print(f"  m={m} K={K} stride={s} padding={p} dilation={d} output_padding={op} (p > d(K-1): "
          f"{p > d * (K - 1)}): size {got}, exact {n}")
    bad |= not ok
if bad:
    print("DEVIATION: wrong transposed-convolution size when padding > dilation * (kernel - 1)")
    sys.exit(1)
print("no deviation")
