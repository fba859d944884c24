"""count_parameters counts batch norm's running mean and variance as parameters: 4C per layer instead of 2C.

Origin: classic slip: counting ``state_dict()`` entries (which hold the
running statistics as buffers, and in PyTorch ``num_batches_tracked``)
instead of trainable parameters. Right for every network without batch norm.
"""

from dnn_invariants.implementations.contract import BatchNorm
from mutants._base import *  # noqa: F403
from mutants._base import count_parameters as _correct_count
from mutants._specs import leaves

NAME = "mutant: parameter count includes batch norm's running statistics"
BREAKS = "count_parameters"
ORIGIN = "classic slip"


def count_parameters(spec):
    running = sum(2 * layer.channels for layer in leaves(spec) if isinstance(layer, BatchNorm))
    return _correct_count(spec) + running
