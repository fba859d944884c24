"""Parameter counts of real ``mlx.nn`` modules built from the contract's layer specs.

``nn.Linear``, ``nn.Conv1d``/``Conv2d``/``Conv3d``, ``nn.BatchNorm``, ``nn.ReLU``,
``nn.Sequential``; ``Residual`` and ``Parallel`` are small ``nn.Module``
subclasses holding their sub-modules (MLX modules are trees of dicts and
lists, so the paths' parameters are the module's). The count is the number
of entries in ``module.trainable_parameters()``: a batch norm's running mean
and variance are frozen by ``nn.BatchNorm`` itself, so they do not count.
MLX's ``nn.Conv3d`` has no ``groups`` argument: a grouped 3-D convolution
raises NotImplementedError (the example is rejected).
"""

from __future__ import annotations

import mlx.nn as nn
from mlx.utils import tree_flatten

from dnn_invariants.implementations.contract import (
    BatchNorm,
    Conv,
    Linear,
    Parallel,
    ReLU,
    Residual,
    Sequential,
)

_CONV = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}


class ResidualModule(nn.Module):
    """y = body(x) + x."""

    def __init__(self, body):
        super().__init__()
        self.body = body

    def __call__(self, x):
        return self.body(x) + x


class ParallelModule(nn.Module):
    """y = sum of the paths."""

    def __init__(self, paths):
        super().__init__()
        self.paths = list(paths)

    def __call__(self, x):
        return sum(path(x) for path in self.paths)


def build(spec):
    if isinstance(spec, Linear):
        return nn.Linear(spec.n_in, spec.n_out, bias=spec.bias)
    if isinstance(spec, Conv):
        kernel = tuple(spec.kernel)
        if len(kernel) == 3:
            if spec.groups != 1:
                raise NotImplementedError("MLX's nn.Conv3d has no groups argument")
            return nn.Conv3d(spec.c_in, spec.c_out, kernel, bias=spec.bias)
        return _CONV[len(kernel)](spec.c_in, spec.c_out, kernel if len(kernel) > 1 else kernel[0],
                                  groups=spec.groups, bias=spec.bias)
    if isinstance(spec, BatchNorm):
        return nn.BatchNorm(spec.channels)
    if isinstance(spec, ReLU):
        return nn.ReLU()
    if isinstance(spec, Sequential):
        return nn.Sequential(*[build(layer) for layer in spec.layers])
    if isinstance(spec, Residual):
        return ResidualModule(build(spec.body))
    if isinstance(spec, Parallel):
        return ParallelModule([build(path) for path in spec.paths])
    raise NotImplementedError(f"layer spec {type(spec).__name__}")


def count_parameters(spec):
    module = build(spec)
    return int(sum(v.size for _, v in tree_flatten(module.trainable_parameters())))
