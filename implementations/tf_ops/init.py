"""Keras ``Dense``'s real default initialisation: ``count`` independent draws from its own initialiser.

A ``keras.layers.Dense(n_out)`` built on ``n_in`` inputs (Keras 3, the
``tf.keras`` of TensorFlow 2.21) initialises its kernel ``(n_in, n_out)`` with
its ``kernel_initializer``, by default ``GlorotUniform()`` =
``VarianceScaling(scale=1, mode="fan_avg", distribution="uniform")``, and its
bias with ``bias_initializer``, by default ``Zeros()``. ``VarianceScaling.__call__``
computes ``fan_in, fan_out = compute_fans(shape, input_axes, output_axes)``,
``limit = sqrt(3 * scale / max(1, (fan_in + fan_out) / 2))`` and draws every
entry independently from U(-limit, limit) (``keras.random.uniform``, stateless
under TensorFlow when the seed is an int). The law of a kernel depends on
(n_in, n_out) only through the two fans.

So ``count`` independent Dense kernels are, in distribution, exactly one draw of
the same initialiser on the stacked shape ``(count, n_in, n_out)`` with
``input_axes=[1], output_axes=[2]`` (Keras's own arguments for saying which
axes are the fans): the fans are again n_in and n_out, so the limit is the one
Dense uses, and every entry is independent. This module builds a real
``Dense(n_out)`` on ``n_in`` inputs, takes the initialisers the layer itself
holds (its class and configuration: a changed Keras default changes the draws
too, and the corpus's initialisation properties then fail against the declared
law), and re-creates the kernel initialiser from its own config with the seed
and the two axis lists. Drawing 2**16 layers one by one would take minutes per
call; this takes milliseconds. The draws are in the layer's variable dtype
(float32 under Keras's default policy), returned as float64 arrays of those values.
"""

from __future__ import annotations

import keras
import numpy as np


def linear_init(n_in, n_out, *, seed, count):
    n_in, n_out, count = int(n_in), int(n_out), int(count)
    layer = keras.layers.Dense(n_out)
    layer.build((None, n_in))
    kernel_init, bias_init = layer.kernel_initializer, layer.bias_initializer
    if not isinstance(kernel_init, keras.initializers.VarianceScaling):
        raise NotImplementedError(f"Dense's kernel initialiser is {type(kernel_init).__name__}, "
                                  "not a VarianceScaling this module knows how to stack")
    config = dict(kernel_init.get_config(), seed=int(seed), input_axes=[1], output_axes=[2])
    stacked = type(kernel_init).from_config(config)
    dtype = layer.variable_dtype
    kernels = np.asarray(stacked(shape=(count, n_in, n_out), dtype=dtype), np.float64)
    biases = np.asarray(bias_init(shape=(count, n_out), dtype=dtype), np.float64)
    # Keras's kernel is (n_in, n_out), y = x @ kernel; the contract's W is (n_out, n_in).
    return np.ascontiguousarray(np.swapaxes(kernels, 1, 2)), biases
