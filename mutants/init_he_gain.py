"""linear_init draws the weights from U(-sqrt(6/n), sqrt(6/n)): variance 2/n, six times the default 1/(3n).

Origin: pytorch/pytorch issues 15314 and 57109: nn.Linear's default is
``kaiming_uniform_(w, a=sqrt(5))``, which works out to U(-1/sqrt(n), 1/sqrt(n));
dropping the puzzling ``a=sqrt(5)`` (the leaky-ReLU slope that makes the gain
sqrt(1/3)) leaves the ReLU gain sqrt(2) and a weight variance off by a
constant factor, 6. The biases are correct.
"""

import math

from mutants._base import *  # noqa: F403
from mutants._base import linear_init as _correct_init

NAME = "mutant: default init variance off by a factor 6 (kaiming_uniform without a=sqrt(5))"
BREAKS = "linear_init"
ORIGIN = "pytorch/pytorch#15314"


def linear_init(n_in, n_out, *, seed, count):
    w, b = _correct_init(n_in, n_out, seed=seed, count=count)
    return w * math.sqrt(6.0), b
