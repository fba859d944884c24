"""Small layer classes that hold their parameter arrays, built from the contract's layer specs.

A layer is anything with a ``parameters()`` method returning the list of its
trainable arrays (its own and its sublayers'). Buffers that are not trained,
such as batch norm's running mean and variance, are kept apart in
``buffers()``, so they are not counted as parameters. Weights start from the
fan-in uniform init of implementations/numpy_ops/init.py; biases of linear and
conv layers use the same bound.
"""

from __future__ import annotations

from functools import singledispatch

import numpy as np

from dnn_invariants.implementations.contract import BatchNorm as BatchNormSpec
from dnn_invariants.implementations.contract import Conv as ConvSpec
from dnn_invariants.implementations.contract import Linear as LinearSpec
from dnn_invariants.implementations.contract import Parallel as ParallelSpec
from dnn_invariants.implementations.contract import ReLU as ReLUSpec
from dnn_invariants.implementations.contract import Residual as ResidualSpec
from dnn_invariants.implementations.contract import Sequential as SequentialSpec
from dnn_invariants.implementations.numpy_ops.init import uniform_fan_in


class Layer:
    """Base class: no parameters, no sublayers, no buffers."""

    sublayers: tuple = ()

    def own_parameters(self) -> list[np.ndarray]:
        return []

    def parameters(self) -> list[np.ndarray]:
        """Every trainable array of this layer and its sublayers."""
        return self.own_parameters() + [p for layer in self.sublayers for p in layer.parameters()]

    def buffers(self) -> list[np.ndarray]:
        """Every non-trainable state array of this layer and its sublayers."""
        return [b for layer in self.sublayers for b in layer.buffers()]


class Linear(Layer):
    """``x @ weight.T + bias``: ``weight (n_out, n_in)``, ``bias (n_out,)`` or None."""

    def __init__(self, n_in: int, n_out: int, *, bias: bool = True, rng: np.random.Generator):
        self.weight = uniform_fan_in(rng, (n_out, n_in), n_in)
        self.bias = uniform_fan_in(rng, (n_out,), n_in) if bias else None

    def own_parameters(self):
        return [self.weight] + ([self.bias] if self.bias is not None else [])


class Conv(Layer):
    """A convolution: ``weight (c_out, c_in // groups, *kernel)``, ``bias (c_out,)`` or None."""

    def __init__(self, c_in: int, c_out: int, kernel, *, groups: int = 1, bias: bool = True,
                 rng: np.random.Generator):
        if c_in % groups or c_out % groups:
            raise ValueError(f"groups={groups} must divide c_in={c_in} and c_out={c_out}")
        fan_in = (c_in // groups) * int(np.prod(kernel))  # inputs seen by one output entry
        self.groups = groups
        self.weight = uniform_fan_in(rng, (c_out, c_in // groups, *kernel), fan_in)
        self.bias = uniform_fan_in(rng, (c_out,), fan_in) if bias else None

    def own_parameters(self):
        return [self.weight] + ([self.bias] if self.bias is not None else [])


class BatchNorm(Layer):
    """Learnable per-channel ``gamma = 1`` and ``beta = 0``; running statistics are buffers."""

    def __init__(self, channels: int):
        self.gamma, self.beta = np.ones(channels), np.zeros(channels)
        self.running_mean, self.running_var = np.zeros(channels), np.ones(channels)

    def own_parameters(self):
        return [self.gamma, self.beta]

    def buffers(self):
        return [self.running_mean, self.running_var]


class ReLU(Layer):
    """No parameters."""


class Sequential(Layer):
    """Layers applied one after the other."""

    def __init__(self, layers):
        self.sublayers = tuple(layers)


class Residual(Layer):
    """``body(x) + x``: the skip connection adds no parameters."""

    def __init__(self, body: Layer):
        self.body = body
        self.sublayers = (body,)


class Parallel(Layer):
    """The sum of several paths applied to one input (a ResNeXt block in its split form)."""

    def __init__(self, paths):
        self.sublayers = tuple(paths)


@singledispatch
def _build(spec, rng) -> Layer:
    raise NotImplementedError(f"no layer for spec {spec!r}")


@_build.register
def _(spec: LinearSpec, rng):
    return Linear(spec.n_in, spec.n_out, bias=spec.bias, rng=rng)


@_build.register
def _(spec: ConvSpec, rng):
    return Conv(spec.c_in, spec.c_out, spec.kernel, groups=spec.groups, bias=spec.bias, rng=rng)


@_build.register
def _(spec: BatchNormSpec, rng):
    return BatchNorm(spec.channels)


@_build.register
def _(spec: ReLUSpec, rng):
    return ReLU()


@_build.register
def _(spec: SequentialSpec, rng):
    return Sequential(_build(layer, rng) for layer in spec.layers)


@_build.register
def _(spec: ResidualSpec, rng):
    return Residual(_build(spec.body, rng))


@_build.register
def _(spec: ParallelSpec, rng):
    return Parallel(_build(path, rng) for path in spec.paths)


def build(spec, *, seed: int = 0) -> Layer:
    """The layer object for a layer spec of implementations/contract.py, initialised from ``seed``."""
    return _build(spec, np.random.default_rng(seed))
