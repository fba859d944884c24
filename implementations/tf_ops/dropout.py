"""Inverted dropout with ``tf.nn.experimental.stateless_dropout``, its mask drawn from the seed.

A stateless op: the mask is a function of ``(seed, shape, dtype)`` only (TF
draws ``stateless_random_uniform(shape, seed, dtype=x.dtype)`` and keeps the
entries ``>= rate``), so the same seed and shape give the same mask for any
two inputs of one dtype, and no global random state is read or changed. TF's
mask depends on the dtype (uniform draws in float32 and float64 from the same
bits differ), which the contract allows. ``seed`` (an int in [0, 2**32)) is
TF's two-element seed ``[seed, 0]``. ``training=False`` returns the input, as a
Keras ``Dropout`` layer does outside training.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from dnn_invariants.implementations.tf_ops._tensors import array, tensor


def dropout(x, p, *, seed, training=True):
    if not training:
        return np.array(x, copy=True)
    xt = tensor(x)
    seed = tf.constant([int(seed), 0], dtype=tf.int64)
    return array(tf.nn.experimental.stateless_dropout(xt, rate=float(p), seed=seed))
