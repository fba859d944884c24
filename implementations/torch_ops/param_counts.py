"""Parameter counts of real ``nn.Module`` objects built from the contract's layer specs.

A ``BatchNorm`` spec has no spatial rank; inside a ``Sequential`` it becomes the
``nn.BatchNorm{1,2,3}d`` of the convolution before it (1d when there is none).
The three have the same parameters, gamma and beta, so the count does not
depend on that choice; the running statistics are buffers, not parameters.
"""

from __future__ import annotations

from torch import nn

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
_BATCH_NORM = {1: nn.BatchNorm1d, 2: nn.BatchNorm2d, 3: nn.BatchNorm3d}


class ResidualModule(nn.Module):
    """y = body(x) + x."""

    def __init__(self, body: nn.Module):
        super().__init__()
        self.body = body

    def forward(self, x):
        return self.body(x) + x


class ParallelModule(nn.Module):
    """y = sum of the paths."""

    def __init__(self, paths):
        super().__init__()
        self.paths = nn.ModuleList(paths)

    def forward(self, x):
        return sum(path(x) for path in self.paths)


def build(spec, ndim: int = 1) -> nn.Module:
    """The nn.Module for ``spec``; ``ndim`` is the spatial rank a BatchNorm should take."""
    if isinstance(spec, Linear):
        return nn.Linear(spec.n_in, spec.n_out, bias=spec.bias)
    if isinstance(spec, Conv):
        return _CONV[len(spec.kernel)](spec.c_in, spec.c_out, tuple(spec.kernel),
                                       groups=spec.groups, bias=spec.bias)
    if isinstance(spec, BatchNorm):
        return _BATCH_NORM[ndim](spec.channels)
    if isinstance(spec, ReLU):
        return nn.ReLU()
    if isinstance(spec, Sequential):
        modules = []
        for layer in spec.layers:
            if isinstance(layer, Conv):
                ndim = len(layer.kernel)
            modules.append(build(layer, ndim))
        return nn.Sequential(*modules)
    if isinstance(spec, Residual):
        return ResidualModule(build(spec.body, ndim))
    if isinstance(spec, Parallel):
        return ParallelModule([build(path, ndim) for path in spec.paths])
    raise NotImplementedError(f"layer spec {type(spec).__name__}")


def count_parameters(spec):
    module = build(spec)
    return sum(p.numel() for p in module.parameters() if p.requires_grad)
