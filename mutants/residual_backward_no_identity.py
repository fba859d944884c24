"""residual_layer_backward drops the identity: dL/dy = (diag(sigma') A)^T dz, not (diag(sigma') A + I)^T dz.

Origin: a mistake in the seeds (issue 7's list): the residual Jacobian
written without the I that the skip connection contributes, which is the
whole point of the skip. dL/dA and dL/db are correct.
"""

from mutants._base import *  # noqa: F403
from mutants._base import residual_layer_backward as _correct_backward

NAME = "mutant: residual backward without the identity"
BREAKS = "residual_layer_backward"
ORIGIN = "seed mistake (issue 7)"


def residual_layer_backward(y, A, b, dz, *, activation, **params):
    dy, dA, db = _correct_backward(y, A, b, dz, activation=activation, **params)
    return dy - dz, dA, db
