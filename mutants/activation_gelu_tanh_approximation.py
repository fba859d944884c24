"""activation("gelu") returns the tanh approximation where the contract asks for the exact (erf) GELU.

Origin: a real default mismatch between frameworks: ``jax.nn.gelu`` defaults
to ``approximate=True`` (the tanh form), PyTorch's ``F.gelu`` to the exact
form. The two differ by up to about 5e-4, far beyond rounding.
"""

import jax
import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import activation as _correct_activation

NAME = "mutant: GELU by its tanh approximation"
BREAKS = "activation"
ORIGIN = "framework default (jax.nn.gelu)"

_gelu_tanh = jax.jit(lambda x: jax.nn.gelu(x, approximate=True))


def activation(x, name, **params):
    if name == "gelu":
        x = np.asarray(x)
        return np.asarray(_gelu_tanh(x)).astype(x.dtype)
    return _correct_activation(x, name, **params)
