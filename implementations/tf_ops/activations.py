"""The contract's activations with TensorFlow's ops (Keras's where TF has none); derivatives by GradientTape.

Every parameter is passed by the corpus (implementations/contract.py), so no
TF or Keras default is used (TF's ``leaky_relu`` default slope is 0.2, Keras's
``LeakyReLU`` 0.3: neither matters here).

* relu ``tf.nn.relu``, leaky_relu ``tf.nn.leaky_relu(alpha=negative_slope)``,
  identity ``tf.identity``, abs ``tf.abs``, sigmoid ``tf.sigmoid``, tanh
  ``tf.tanh``, gelu ``tf.nn.gelu(approximate=False)``, softplus
  ``tf.nn.softplus``, hardtanh ``tf.clip_by_value(x, -1, 1)``, relu6 ``tf.nn.relu6``.
* elu: ``tf.nn.elu`` has no alpha; ``keras.ops.elu(x, alpha)`` (Keras's TF
  backend: ``tf.where(x > 0, tf.nn.elu(x), alpha * tf.nn.elu(x))``).
* prelu: TF has no PReLU op; Keras's ``PReLU`` layer, built in the input's
  dtype with its slope shared over every axis (one scalar slope, as the
  contract's prelu has) and set to ``weight``. Its ``call`` is
  ``relu(x) - alpha * relu(-x)``.
"""

from __future__ import annotations

import functools

import keras
import tensorflow as tf

from dnn_invariants.implementations.tf_ops._tensors import array, tensor


@functools.lru_cache(maxsize=256)
def _prelu_layer(shape: tuple, dtype: str):
    """One built PReLU layer per input shape and dtype, reused (building one per call dominated the run)."""
    layer = keras.layers.PReLU(shared_axes=list(range(1, len(shape))) or None, dtype=dtype)
    layer.build(shape)
    return layer


def _prelu(x, weight):
    layer = _prelu_layer(tuple(x.shape), x.dtype.name)
    # Assigned, not passed as alpha_initializer=Constant(weight): Keras's Constant casts the
    # Python float with tf.cast, which goes through float32 (the slope would be float32(weight)
    # in a float64 layer; the same detour as tf.nn.gelu's constant, deviations/gelu_float64.py).
    layer.alpha.assign(tf.fill(layer.alpha.shape, tf.constant(weight, x.dtype)))
    return layer(x)


_ACTIVATIONS = {
    "relu": lambda x: tf.nn.relu(x),
    "leaky_relu": lambda x, negative_slope: tf.nn.leaky_relu(x, alpha=negative_slope),
    "prelu": _prelu,
    "identity": lambda x: tf.identity(x),
    "abs": lambda x: tf.abs(x),
    "sigmoid": lambda x: tf.sigmoid(x),
    "tanh": lambda x: tf.tanh(x),
    "elu": lambda x, alpha: keras.ops.elu(x, alpha=alpha),
    "gelu": lambda x: tf.nn.gelu(x, approximate=False),
    "softplus": lambda x: tf.nn.softplus(x),
    "hardtanh": lambda x: tf.clip_by_value(x, tf.constant(-1.0, x.dtype), tf.constant(1.0, x.dtype)),
    "relu6": lambda x: tf.nn.relu6(x),
}


def apply(x: tf.Tensor, name: str, **params) -> tf.Tensor:
    """The activation ``name`` on a tensor (shared with the residual layer)."""
    try:
        function = _ACTIVATIONS[name]
    except KeyError:
        raise NotImplementedError(f"activation {name!r}") from None
    return function(x, **{k: float(v) for k, v in params.items()})


def activation(x, name, **params):
    return array(apply(tensor(x), name, **params))


def activation_derivative(x, name, **params):
    xt = tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = apply(xt, name, **params)
    # Elementwise, so the vector-Jacobian product with ones is the derivative.
    return array(tape.gradient(y, xt, output_gradients=tf.ones_like(y)))
