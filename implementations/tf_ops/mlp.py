"""The Learning-From-Data MLP (bias in row 0 of each weight) with ``tf.matmul``; gradient by GradientTape."""

from __future__ import annotations

import tensorflow as tf

from dnn_invariants.implementations.tf_ops._tensors import array, tensor

_OUTPUT = {"identity": lambda s: s, "tanh": tf.tanh}


def _forward(x, weights, output):
    if output not in _OUTPUT:
        raise NotImplementedError(f"output unit {output!r}")
    h = x
    for layer, W in enumerate(weights):
        s = tf.matmul(h, W[1:]) + W[0]  # s = W.T @ [1; h]
        h = tf.tanh(s) if layer < len(weights) - 1 else _OUTPUT[output](s)
    return h


def mlp(x, weights, *, output="identity"):
    return array(_forward(tensor(x), [tensor(W) for W in weights], output))


def mlp_gradient(x, y, weights, *, output="identity"):
    Ws = [tensor(W) for W in weights]
    with tf.GradientTape() as tape:
        tape.watch(Ws)
        error = _forward(tensor(x), Ws, output) - tensor(y)
        loss = tf.reduce_mean(tf.reduce_sum(error * error, axis=1))
    return [array(g) for g in tape.gradient(loss, Ws)]
