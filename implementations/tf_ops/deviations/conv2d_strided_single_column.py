"""TensorFlow: tf.nn.conv2d (float32, CPU) returns uninitialised memory for a strided single output column.

Found by the corpus (properties/convolution/test_conv_matrix.py under CI's seed,
2026-12-01): with float32 inputs, a batch of two or more, one input channel, a
kernel wider than 1 and a stride above 1 along W such that the output has one
column, and two or more output rows, ``tf.nn.conv2d(..., padding="VALID")``
returns wrong values (in larger cases values such as 1e+29 that change from call to
call: memory the kernel never wrote). It is TensorFlow's oneDNN convolution, on by
default on x86 CPUs: with TF_ENABLE_ONEDNN_OPTS=0 the same calls are right. Over a grid of
8640 float32 cases (batch 1-3, H 1-3, W 3-7, kernel 1-2 x 1-3, strides 1-3 x
1-4, 1-3 input and 1-2 output channels) exactly these 84 were wrong, and every
one of them matched all of the conditions above; float64 was never wrong.

Reference: the same convolution as a float64 sum of products, np.einsum per
output entry; a correct float32 result is within about 1e-6 of it here.
Run: python conv2d_strided_single_column.py (exits 1 while the deviation exists).
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

rng = np.random.default_rng(0)
x = rng.standard_normal((2, 2, 3, 1)).astype(np.float32)  # NHWC: batch 2, 2 rows, 3 columns, 1 channel
w = rng.standard_normal((1, 3, 1, 1)).astype(np.float32)  # HWIO: a 1 x 3 kernel
strides = [1, 2]  # along W: (3 - 3) // 2 + 1 = 1 output column
expected = np.einsum("nhwc,hwco->nho", x.astype(np.float64), w.astype(np.float64))[:, :, None, :]
results = [tf.nn.conv2d(x, w, strides=strides, padding="VALID").numpy() for _ in range(3)]
errors = [float(np.abs(r - expected).max()) for r in results]
print(f"tensorflow {tf.__version__}: conv2d float32, x {x.shape} (NHWC), w {w.shape} (HWIO), "
      f"strides {strides}, VALID")
print(f"  expected {expected.ravel().tolist()}")
for r in results:
    print(f"  got      {r.ravel().tolist()}")
agree = all(np.array_equal(results[0], r) for r in results)
print(f"  max errors over three calls {errors}; calls agree: {agree}")
if max(errors) > 1e-5:
    print("DEVIATION: a float32 strided convolution with one output column is wrong")
    sys.exit(1)
print("no deviation")
