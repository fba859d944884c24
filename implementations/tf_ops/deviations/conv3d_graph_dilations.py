"""TensorFlow: in graph mode (tf.function, XLA) Conv3D's shape function swaps the H and W dilations.

Conv3DShape (tensorflow/core/framework/common_shape_fns.cc) reads, for NDHWC,
``dilation_cols = dilations[2]; dilation_rows = dilations[3]``: the dilation of
H is applied to W and that of W to H when the static output shape is inferred.
The kernel computes the right values with the right runtime shape, but the
static shape is wrong, and when the wrong size is negative tracing fails with
"Negative dimension size". Eager mode runs no shape function and is right,
but on CPU the eager kernels refuse float64 dilated and all grouped 3-D
convolutions, so for those graph mode or XLA is the only route.

Exact reference: the output size floor((n - d(K-1) - 1)/s) + 1 per dimension (integers).
Run: python conv3d_graph_dilations.py (exits 1 while the deviation exists).
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf  # noqa: E402

bad = False
x = tf.ones((1, 5, 9, 5, 1), tf.float32)  # D, H, W = 5, 9, 5
w = tf.ones((1, 3, 1, 1, 1), tf.float32)  # kernel 1 x 3 x 1
dilations = [1, 1, 1, 3, 1]  # W dilated by 3 (its kernel is 1), H not dilated


def conv(x, w):
    return tf.nn.conv3d(x, w, strides=[1, 1, 1, 1, 1], padding="VALID", dilations=dilations)


expected = (1, 5, 9 - 3 + 1, 5, 1)
static = tuple(tf.function(conv).get_concrete_function(x, w).structured_outputs.shape)
runtime = tuple(conv(x, w).shape)
print(f"tensorflow {tf.__version__}: conv3d of (1, 5, 9, 5, 1) with a 1x3x1 kernel, dilations {dilations}")
print(f"  exact output shape {expected}; eager {runtime}; graph-mode static shape {static}")
bad |= static != expected
x2 = tf.ones((1, 7, 4, 4, 1), tf.float32)
w2 = tf.ones((3, 3, 1, 1, 1), tf.float32)
try:
    shape = tuple(tf.function(conv).get_concrete_function(x2, w2).structured_outputs.shape)
    print(f"  (1, 7, 4, 4, 1) with a 3x3x1 kernel: graph-mode static shape {shape}, exact (1, 5, 2, 4, 1)")
    bad |= shape != (1, 5, 2, 4, 1)
except ValueError as error:
    print(f"  (1, 7, 4, 4, 1) with a 3x3x1 kernel, exact (1, 5, 2, 4, 1): graph mode raises "
          f"{str(error).splitlines()[-1].strip()[:120]}")
    bad = True
if bad:
    print("DEVIATION: graph-mode Conv3D shape inference uses the H and W dilations swapped")
    sys.exit(1)
print("no deviation")
