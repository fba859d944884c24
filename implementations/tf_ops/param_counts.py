"""Parameter counts of real Keras layers built from the contract's layer specs.

Each spec becomes its Keras layer (``Dense``, ``Conv1D``/``Conv2D``/``Conv3D``
with ``groups``, ``BatchNormalization``, ``ReLU``, ``Sequential``), built on an
input with the spec's channel count (spatial sizes unknown: ``None``); the
count is the sum of the sizes of the layer's ``trainable_weights``. A batch
norm's gamma and beta are trainable; its moving mean and variance are
non-trainable weights, so they do not count. ``Residual`` and ``Parallel`` are
small ``keras.layers.Layer`` subclasses holding their sub-layers as attributes
(Keras tracks them, so their weights are the composite's).
"""

from __future__ import annotations

import math

import keras

from dnn_invariants.implementations.contract import (
    BatchNorm,
    Conv,
    Linear,
    Parallel,
    ReLU,
    Residual,
    Sequential,
)

_CONV = {1: keras.layers.Conv1D, 2: keras.layers.Conv2D, 3: keras.layers.Conv3D}


class ResidualLayer(keras.layers.Layer):
    """y = body(x) + x."""

    def __init__(self, body, **kwargs):
        super().__init__(**kwargs)
        self.body = body

    def call(self, x):
        return self.body(x) + x


class ParallelLayer(keras.layers.Layer):
    """y = sum of the paths."""

    def __init__(self, paths, **kwargs):
        super().__init__(**kwargs)
        self.paths = list(paths)

    def call(self, x):
        return sum(path(x) for path in self.paths)


def _input_shape(channels: int, ndim: int | None):
    return (None,) + (None,) * (ndim or 0) + (channels,)


def build(spec, ndim: int | None = None):
    """The built Keras layer for ``spec``; ``ndim`` is the spatial rank its input has (None: a vector)."""
    if isinstance(spec, Linear):
        layer = keras.layers.Dense(spec.n_out, use_bias=spec.bias)
        layer.build((None, spec.n_in))
        return layer
    if isinstance(spec, Conv):
        kernel = tuple(spec.kernel)
        layer = _CONV[len(kernel)](spec.c_out, kernel, groups=spec.groups, use_bias=spec.bias)
        layer.build(_input_shape(spec.c_in, len(kernel)))
        return layer
    if isinstance(spec, BatchNorm):
        layer = keras.layers.BatchNormalization(axis=-1)
        layer.build(_input_shape(spec.channels, ndim))
        return layer
    if isinstance(spec, ReLU):
        return keras.layers.ReLU()
    if isinstance(spec, Sequential):
        layers = []
        for sub in spec.layers:
            if isinstance(sub, Conv):
                ndim = len(sub.kernel)
            layers.append(build(sub, ndim))
        return keras.Sequential(layers)
    if isinstance(spec, Residual):
        return ResidualLayer(build(spec.body, ndim))
    if isinstance(spec, Parallel):
        return ParallelLayer([build(path, ndim) for path in spec.paths])
    raise NotImplementedError(f"layer spec {type(spec).__name__}")


def count_parameters(spec):
    layer = build(spec)
    return int(sum(math.prod(w.shape) for w in layer.trainable_weights))
