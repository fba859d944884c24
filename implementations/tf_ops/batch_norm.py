"""Training-mode batch norm with Keras's own ``BatchNormalization`` layer; its backward by GradientTape.

The layer (``axis=1``, channels-first as the contract's inputs are, built in the
input's dtype, so its variables and arithmetic are float64 for float64 inputs)
normalises with the batch statistics of ``keras.ops.moments``, which on the
TensorFlow backend is ``tf.nn.moments`` (the mean, then the mean of squared
deviations: the biased variance), and ``tf.nn.batch_normalization``.

The statistics returned are the layer's own: with ``momentum=0`` its update
``moving = moving * momentum + stat * (1 - momentum)`` stores the batch
statistics exactly (0 * moving + stat * 1.0), so ``moving_mean`` and
``moving_variance`` after one training call are the mean and variance it
normalised with, not a recomputation here.
"""

from __future__ import annotations

import functools

import keras
import tensorflow as tf

from dnn_invariants.implementations.tf_ops._tensors import array, tensor


@functools.lru_cache(maxsize=256)
def _built(shape: tuple, dtype: str, eps: float):
    """One built layer per input shape, dtype and eps, reused (building one per call dominated the run)."""
    layer = keras.layers.BatchNormalization(axis=1, momentum=0.0, epsilon=eps, dtype=dtype)
    layer.build(shape)
    return layer


def _layer(x, gamma, beta, eps):
    layer = _built(tuple(x.shape), x.dtype.name, float(eps))
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    # Fresh moving statistics: 0 * moving would be NaN after an earlier call left inf or NaN there.
    layer.moving_mean.assign(tf.zeros_like(layer.moving_mean))
    layer.moving_variance.assign(tf.ones_like(layer.moving_variance))
    return layer


def batch_norm(x, gamma, beta, *, eps):
    xt = tensor(x)
    layer = _layer(xt, tensor(gamma), tensor(beta), eps)
    y = layer(xt, training=True)
    return array(y), array(layer.moving_mean.value), array(layer.moving_variance.value)


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    xt = tensor(x)
    layer = _layer(xt, tensor(gamma), tensor(beta), eps)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = layer(xt, training=True)
    dx, dgamma, dbeta = tape.gradient(y, [xt, layer.gamma, layer.beta], output_gradients=tensor(dy))
    return array(dx), array(dgamma), array(dbeta)
