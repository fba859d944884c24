"""mlp reads each weight matrix's last row as the bias: s = W^T [x; 1] instead of W^T [1; x].

Origin: classic slip between conventions: Learning From Data (seed 001 Q2)
puts the bias coordinate x_0 = 1 first, so row 0 of W^(l) holds the biases;
appending the constant coordinate instead moves it to the last row.
"""

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import mlp as _correct_mlp

NAME = "mutant: MLP with the bias in the last weight row"
BREAKS = "mlp"
ORIGIN = "classic slip"


def mlp(x, weights, *, output="identity"):
    # [x; 1] @ W == [1; x] @ (W with its last row moved to the top)
    return _correct_mlp(x, [np.roll(np.asarray(w), 1, axis=0) for w in weights], output=output)
