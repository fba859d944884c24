"""batch_norm of (N, C, H, W) inputs raises eps to cuDNN's minimum, 1e-5, without saying so.

Origin: cuDNN's CUDNN_BN_MIN_EPSILON: fused batch-norm kernels reject a
smaller epsilon, and wrappers clamp it up silently (microsoft/onnxruntime's
``ClampCudnnBatchNormEpsilon``; Keras's fused BatchNormalization raised
epsilon below 1.001e-5 to that value). The fused path serves only inputs
with spatial axes, so (N, C) inputs get the eps they asked for, and so does
any eps >= 1e-5; eps = 0 or a small eps on images gets 1e-5.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import batch_norm as _correct_batch_norm

NAME = "mutant: image batch norm with eps clamped to 1e-5 (cuDNN minimum)"
BREAKS = "batch_norm"
ORIGIN = "cuDNN CUDNN_BN_MIN_EPSILON (microsoft/onnxruntime ClampCudnnBatchNormEpsilon)"

CUDNN_BN_MIN_EPSILON = 1e-5


def batch_norm(x, gamma, beta, *, eps):
    if np.ndim(x) > 2:
        eps = max(float(eps), CUDNN_BN_MIN_EPSILON)
    return _correct_batch_norm(x, gamma, beta, eps=eps)
