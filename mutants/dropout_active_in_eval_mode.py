"""dropout ignores ``training=False``: it still drops and rescales in evaluation mode.

Origin: pytorch/pytorch issue 10584. A fused CUDA dropout kernel ran as in
training after ``model.eval()``; dropout must be the identity there.
"""

from mutants._base import *  # noqa: F403
from mutants._base import dropout as _correct_dropout

NAME = "mutant: dropout still active in eval mode (pytorch 10584)"
BREAKS = "dropout"
ORIGIN = "pytorch/pytorch#10584"


def dropout(x, p, *, seed, training=True):
    return _correct_dropout(x, p, seed=seed, training=True)
