"""mlp_gradient averages the output layer's gradient over the batch, the hidden layers' are summed.

Origin: classic slip: the 1/N of E_in = (1/N) sum_n e_n applied where the
output layer's gradient (1/N) sum_n x^(L-1) delta^(L)T is formed, instead
of to the output delta delta^(L) itself, so the deltas back-propagated to
the hidden layers carry the sum. Right for one example (N = 1) and for a
network without hidden layers (L = 1).
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import mlp_gradient as _correct_gradient

NAME = "mutant: MLP hidden-layer gradients summed over the batch"
BREAKS = "mlp_gradient"
ORIGIN = "classic slip"


def mlp_gradient(x, y, weights, *, output="identity"):
    n = np.shape(x)[0]
    gradients = _correct_gradient(x, y, weights, output=output)
    return [n * g for g in gradients[:-1]] + gradients[-1:]
