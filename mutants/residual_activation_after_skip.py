"""residual_layer applies the activation after the skip connection: sigma(y A^T + b + y).

Origin: classic slip between the two residual layouts: the contract's
layer (as in seeds 003/004 P3) adds the skip after the activation,
sigma(A y + b) + y; the original ResNet block applies a ReLU after the sum.
With the identity activation they coincide.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import activation as _activation

NAME = "mutant: residual layer with the activation after the skip"
BREAKS = "residual_layer"
ORIGIN = "classic slip"


def residual_layer(y, A, b, *, activation, **params):
    y, A, b = np.asarray(y), np.asarray(A), np.asarray(b)
    return _activation(y @ A.T + b + y, activation, **params).astype(y.dtype)
