"""residual_layer_backward multiplies by A^T where A belongs: dL/dy = dz + (sigma' dz) A^T.

Origin: classic slip: the vector-Jacobian product of y -> y A^T is g -> g A
(rows are batch entries); writing the Jacobian's transpose twice gives
g A^T. Right for symmetric A (every 1x1 layer), wrong otherwise. dL/dA and
dL/db are correct.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import activation_derivative as _derivative
from mutants._base import residual_layer_backward as _correct_backward

NAME = "mutant: residual backward with A transposed"
BREAKS = "residual_layer_backward"
ORIGIN = "classic slip"


def residual_layer_backward(y, A, b, dz, *, activation, **params):
    _, dA, db = _correct_backward(y, A, b, dz, activation=activation, **params)
    y, A, b, dz = np.asarray(y), np.asarray(A), np.asarray(b), np.asarray(dz)
    slope = _derivative(y @ A.T + b, activation, **params)
    return (dz + (slope * dz) @ A.T).astype(y.dtype), dA, db
