"""batch_norm_backward accumulates dL/dgamma = sum dy xhat in float16: not linear in dy.

Origin: tensorflow/tensorflow issue 107705: tf.nn.batch_normalization's
gamma gradient is not linear in the upstream gradient (g(G) exactly 0 while
g(delta G) is not). A reduced-precision accumulation shows the same
symptoms: a small dy flushes the sum to 0, and g(a dy1 + dy2) differs from
a g(dy1) + g(dy2) by far more than rounding. dL/dx and dL/dbeta are correct.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import batch_norm_backward as _correct_backward
from mutants._batch_norm import layout, normalised

NAME = "mutant: batch-norm gamma gradient accumulated in float16 (tensorflow 107705)"
BREAKS = "batch_norm_backward"
ORIGIN = "tensorflow/tensorflow#107705"


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    dx, _, dbeta = _correct_backward(x, gamma, beta, dy, eps=eps)
    x, dy = np.asarray(x), np.asarray(dy)
    xhat, _, _ = normalised(x, eps)
    axes, _ = layout(x)
    with np.errstate(over="ignore"):
        dgamma = (dy.astype(np.float16) * xhat.astype(np.float16)).sum(axis=axes, dtype=np.float16)
    return dx, dgamma.astype(x.dtype), dbeta
