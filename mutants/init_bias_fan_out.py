"""linear_init bounds the biases by 1/sqrt(n_out) instead of 1/sqrt(n_in).

Origin: classic slip: the bias has n_out entries, so its "fan" is taken from
its own length; the default init uses the layer's fan-in for the bias too.
Right whenever n_in = n_out. The weights are correct.
"""

import math

from mutants._base import *  # noqa: F403
from mutants._base import linear_init as _correct_init

NAME = "mutant: bias init bounded by the fan-out"
BREAKS = "linear_init"
ORIGIN = "classic slip"


def linear_init(n_in, n_out, *, seed, count):
    w, b = _correct_init(n_in, n_out, seed=seed, count=count)
    return w, b * math.sqrt(n_in / n_out)
