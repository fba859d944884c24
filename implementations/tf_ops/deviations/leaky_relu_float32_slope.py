"""TensorFlow: tf.nn.leaky_relu applies a float32-rounded slope to float64 inputs.

The LeakyRelu op's ``alpha`` is an op attribute of type ``float`` (32-bit), so
a float64 tensor is multiplied by float32(alpha), not alpha: for alpha = 0.01,
leaky_relu(-2.0) = -0.019999999552965164 instead of -0.02 (error 4.5e-10; a
correctly rounded float64 result is within 3.5e-18). Its gradient (LeakyReluGrad)
uses the same attribute: the derivative for x <= 0 is float32(alpha).

Exact reference: -2.0 * 0.01 in float64 (one rounding, half an ulp at most).
Run: python leaky_relu_float32_slope.py (exits 1 while the deviation exists).
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

alpha = 0.01
x = tf.constant([-2.0, -0.5, 3.0], tf.float64)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.nn.leaky_relu(x, alpha=alpha)
dy = tape.gradient(y, x)
xs = x.numpy()
expected = np.where(xs >= 0, xs, alpha * xs)  # float64: exact up to the final rounding
expected_d = np.where(xs > 0, 1.0, alpha)
err = np.abs(y.numpy() - expected).max()
err_d = np.abs(dy.numpy() - expected_d).max()
bound = np.spacing(np.abs(expected)).max()  # one ulp
print(f"tensorflow {tf.__version__}: leaky_relu(x={xs.tolist()}, alpha={alpha}) float64")
print(f"  got      {y.numpy().tolist()}   derivative {dy.numpy().tolist()}")
print(f"  expected {expected.tolist()}   derivative {expected_d.tolist()}")
print(f"  max error {err:.3g} (derivative {err_d:.3g}); one ulp of the result is {bound:.3g}; "
      f"float32(alpha) = {float(np.float32(alpha))!r}")
if err > bound or err_d > np.spacing(alpha):
    print("DEVIATION: the slope is float32(alpha), not alpha")
    sys.exit(1)
print("no deviation")
