"""Keras (TensorFlow backend): the PReLU layer's derivative at 0 is 0, outside [min(a, 1), max(a, 1)].

keras.layers.PReLU computes ``relu(x) - alpha * relu(-x)`` (keras/src/layers/activations/prelu.py).
TF's ReluGrad is 0 at x = 0 for both terms, so autodiff gives
d/dx PReLU(0) = 0 + alpha * 0 = 0. PReLU is x for x > 0 and alpha x for x < 0:
its one-sided derivatives at 0 are 1 and alpha, and a subgradient (any value
between them, Clarke) is what an autodiff framework may return at the kink;
0 lies outside that interval for every alpha > 0 (torch and JAX return a value
inside it). Compare tf.nn.leaky_relu, whose gradient at 0 is alpha.

Exact reference: the interval [min(alpha, 1), max(alpha, 1)] (exact numbers).
Run: python prelu_kink.py (exits 1 while the deviation exists).
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

alpha = 0.25
bad = []
for dtype in ("float32", "float64"):
    layer = keras.layers.PReLU(dtype=dtype)
    layer.build((1,))
    layer.alpha.assign(tf.fill(layer.alpha.shape, tf.constant(alpha, dtype)))
    x = tf.constant([0.0], dtype)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
    d = float(tape.gradient(y, x).numpy()[0])
    inside = min(alpha, 1.0) <= d <= max(alpha, 1.0)
    print(f"keras {keras.__version__} / tensorflow {tf.__version__}, {dtype}: "
          f"PReLU(alpha={alpha})'(0) = {d!r}; "
          f"allowed [{min(alpha, 1.0)}, {max(alpha, 1.0)}]: {'inside' if inside else 'OUTSIDE'}")
    if not inside:
        bad.append(dtype)
if bad:
    print("DEVIATION: the derivative at the kink is not a subgradient")
    sys.exit(1)
print("no deviation")
