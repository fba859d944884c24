"""activation_derivative("sigmoid") returns x (1 - x) instead of sigmoid(x) (1 - sigmoid(x)).

Origin: classic slip: sigma' = sigma (1 - sigma) is written in terms of the
layer's *output*; evaluating it on the input gives x (1 - x). Every other
derivative is correct.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import activation_derivative as _correct_derivative

NAME = "mutant: sigmoid derivative evaluated on the input instead of the output"
BREAKS = "activation_derivative"
ORIGIN = "classic slip"


def activation_derivative(x, name, **params):
    if name == "sigmoid":
        x = np.asarray(x)
        return (x * (1 - x)).astype(x.dtype)
    return _correct_derivative(x, name, **params)
