"""The residual layer ``activation(y @ A.T + b) + y`` with ``tf.matmul``; its backward by GradientTape."""

from __future__ import annotations

import tensorflow as tf

from dnn_invariants.implementations.tf_ops._tensors import array, tensor
from dnn_invariants.implementations.tf_ops.activations import apply


def _forward(y, A, b, activation, params):
    return apply(tf.matmul(y, A, transpose_b=True) + b, activation, **params) + y


def residual_layer(y, A, b, *, activation, **params):
    return array(_forward(tensor(y), tensor(A), tensor(b), activation, params))


def residual_layer_backward(y, A, b, dz, *, activation, **params):
    yt, At, bt = tensor(y), tensor(A), tensor(b)
    with tf.GradientTape() as tape:
        tape.watch([yt, At, bt])
        z = _forward(yt, At, bt, activation, params)
    dy, dA, db = tape.gradient(z, [yt, At, bt], output_gradients=tensor(dz))
    return array(dy), array(dA), array(db)
