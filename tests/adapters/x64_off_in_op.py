"""A correct activation that turns JAX's float64 off when called: the property calling it fails."""

import jax

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "x64 off inside an operation"
conv = _numpy.conv
conv_backward = _numpy.conv_backward
batch_norm = _numpy.batch_norm
batch_norm_backward = _numpy.batch_norm_backward


def activation(x, name, **params):
    jax.config.update("jax_enable_x64", False)
    return _numpy.activation(x, name, **params)
