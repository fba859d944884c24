"""count_parameters counts a grouped conv's weights as C_in C_out k^d, not C_in C_out k^d / groups.

Origin: classic slip (groups mixed up): the kernel of a grouped conv has
shape (C_out, C_in/groups, *K); each output channel sees only its group's
inputs. Right for every network without grouped convolutions.
"""

import math

from dnn_invariants.implementations.contract import Conv
from mutants._base import *  # noqa: F403
from mutants._base import count_parameters as _correct_count
from mutants._specs import leaves

NAME = "mutant: parameter count ignores conv groups"
BREAKS = "count_parameters"
ORIGIN = "classic slip"


def count_parameters(spec):
    extra = sum((layer.c_in - layer.c_in // layer.groups) * layer.c_out * math.prod(layer.kernel)
                for layer in leaves(spec) if isinstance(layer, Conv))
    return _correct_count(spec) + extra
