"""activation("leaky_relu") multiplies negative inputs by -slope instead of slope.

Origin: classic slip: a sign error in the leaky slope (writing
``max(x, 0) - a * min(x, 0)`` for ``max(x, 0) + a * min(x, 0)``). Every other
activation is correct.
"""

from mutants._base import *  # noqa: F403
from mutants._base import activation as _correct_activation

NAME = "mutant: leaky ReLU with the sign of its slope flipped"
BREAKS = "activation"
ORIGIN = "classic slip"


def activation(x, name, **params):
    if name == "leaky_relu":
        params = {"negative_slope": -params.get("negative_slope", 0.01)}
    return _correct_activation(x, name, **params)
