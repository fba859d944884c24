"""TensorFlow: tf.nn.gelu(approximate=False) is only float32-accurate for float64 inputs.

tf.nn.gelu computes ``0.5 * x * erfc(-x * math_ops.cast(0.7071067811865476, x.dtype))``
(tensorflow/python/ops/nn_ops.py). ``cast`` of a Python float first makes a
float32 tensor, so the constant 1/sqrt(2) is float32(1/sqrt(2)) = 0.7071067690849304,
relative error 1.7e-8, and gelu(1.0) = 0.8413447419 instead of 0.8413447461
(error 4.1e-9, where float64 rounding allows about 1e-15). tf.math.erfc itself is
accurate in float64 (checked below), and so is tf.cast of a float64 tensor: the
float32 step is the Python constant. The gradient (through erfc) is off the same way.

Exact reference: math.erf in float64 (correctly rounded to within an ulp or two),
x * (1 + erf(x / sqrt(2))) / 2, with a bound of 16 ulps.
Run: python gelu_float64.py (exits 1 while the deviation exists).
"""

import math
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

xs = np.array([1.0, 0.5, -0.7, 2.0, 3.0])
x = tf.constant(xs, tf.float64)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.nn.gelu(x, approximate=False)
dy = tape.gradient(y, x).numpy()
expected = np.array([v * (1 + math.erf(v / math.sqrt(2))) / 2 for v in xs])
expected_d = np.array([(1 + math.erf(v / math.sqrt(2))) / 2
                       + v * math.exp(-v * v / 2) / math.sqrt(2 * math.pi) for v in xs])
bound = 16 * np.spacing(np.abs(expected))
err, err_d = np.abs(y.numpy() - expected), np.abs(dy - expected_d)
erfc_err = np.abs(tf.math.erfc(x).numpy() - np.array([math.erfc(v) for v in xs])).max()
print(f"tensorflow {tf.__version__}: tf.nn.gelu(x, approximate=False), float64, x = {xs.tolist()}")
print(f"  max |error| {err.max():.3g} (bound 16 ulps: {bound.max():.3g}); derivative {err_d.max():.3g}")
print(f"  tf.math.erfc alone: max |error| {erfc_err:.3g}")
print(f"  tf.cast(0.7071067811865476, tf.float64) = {tf.cast(0.7071067811865476, tf.float64).numpy()!r}")
if (err > bound).any() or (err_d > 16 * np.spacing(np.abs(expected_d))).any():
    print("DEVIATION: float64 gelu is float32-accurate (its constant 1/sqrt(2) is rounded to float32)")
    sys.exit(1)
print("no deviation")
