"""mlp_gradient returns the gradient of the summed squared error, N times the gradient of the mean.

Origin: classic slip: E_in = (1/N) sum_n e_n (seed 001 Q1, Q2) differentiated
without its 1/N. Right for a single example.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import mlp_gradient as _correct_gradient

NAME = "mutant: MLP gradient of the sum instead of the mean"
BREAKS = "mlp_gradient"
ORIGIN = "classic slip"


def mlp_gradient(x, y, weights, *, output="identity"):
    n = np.shape(x)[0]
    return [n * g for g in _correct_gradient(x, y, weights, output=output)]
