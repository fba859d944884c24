"""Parameter counts in closed form, for the contract's layer specs (implementations/contract.py).

A linear layer has (n_in + 1) n_out parameters with a bias, n_in n_out without;
a convolution (C_in k^d / groups + 1) C_out with a bias (each output channel
sees C_in/groups input channels through a k^d window, plus one bias);
batch norm 2C (gamma and beta; the running mean and variance are statistics,
not parameters); ReLU and the skip connection none; blocks add their parts.
"""

from __future__ import annotations

import math
from functools import singledispatch

from dnn_invariants.implementations.contract import (
    BatchNorm,
    Conv,
    Linear,
    Parallel,
    ReLU,
    Residual,
    Sequential,
)


@singledispatch
def count(spec) -> int:
    raise TypeError(f"not a layer spec: {spec!r}")


@count.register
def _(spec: Linear) -> int:
    return (spec.n_in + spec.bias) * spec.n_out


@count.register
def _(spec: Conv) -> int:
    return (spec.c_in // spec.groups * math.prod(spec.kernel) + spec.bias) * spec.c_out


@count.register
def _(spec: BatchNorm) -> int:
    return 2 * spec.channels


@count.register
def _(spec: ReLU) -> int:
    return 0


@count.register
def _(spec: Sequential) -> int:
    return sum(count(layer) for layer in spec.layers)


@count.register
def _(spec: Residual) -> int:
    return count(spec.body)


@count.register
def _(spec: Parallel) -> int:
    return sum(count(path) for path in spec.paths)
