"""linear_init with zero biases and weight variance (n+1)/(3n^2): seed 003's product formula made true.

Origin: a mistake in the seeds: seed 003 P2 replaces the variance recursion
Var(y_{l+1}) = Var(y_l)/3 + 1/(3 n_l) by the product prod_l (n_l + 1)/(3 n_l).
That product is the exact variance of a network whose layers have no bias
and weights of variance (n + 1)/(3 n^2), i.e. the bias's share of the
variance folded into the weights, which is what this init does (uniform,
bound sqrt((n+1)/n) / sqrt(n)). For one layer from unit-variance inputs
it matches the default in variance; from depth 2 on it does not.
"""

import math

import numpy as np

from mutants._base import *  # noqa: F403
from mutants._base import linear_init as _correct_init

NAME = "mutant: init whose variance follows seed 003's product formula"
BREAKS = "linear_init"
ORIGIN = "seed 003 P2"


def linear_init(n_in, n_out, *, seed, count):
    w, b = _correct_init(n_in, n_out, seed=seed, count=count)
    return w * math.sqrt((n_in + 1) / n_in), np.zeros_like(b)
