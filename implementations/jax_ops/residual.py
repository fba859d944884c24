"""The residual layer z = activation(y A^T + b) + y and its backward by ``jax.vjp``."""

from __future__ import annotations

from functools import partial

import jax
import numpy as np
from jax import lax

from dnn_invariants.implementations.jax_ops.activations import _params, apply


def _residual(y, A, b, params, activation):
    pre = lax.dot_general(y, A, (((1,), (1,)), ((), ())), precision=lax.Precision.HIGHEST) + b
    return apply(pre, activation, params) + y


@partial(jax.jit, static_argnames=("activation",))
def _residual_jit(y, A, b, params, *, activation):
    return _residual(y, A, b, params, activation)


@partial(jax.jit, static_argnames=("activation",))
def _residual_vjp_jit(y, A, b, dz, params, *, activation):
    _, pullback = jax.vjp(lambda y, A, b: _residual(y, A, b, params, activation), y, A, b)
    return pullback(dz)


def residual_layer(y, A, b, *, activation, **params):
    params = _params(activation, params, np.asarray(y).dtype)
    return np.asarray(_residual_jit(y, A, b, params, activation=activation))


def residual_layer_backward(y, A, b, dz, *, activation, **params):
    params = _params(activation, params, np.asarray(y).dtype)
    return tuple(np.asarray(a) for a in
                 _residual_vjp_jit(y, A, b, dz, params, activation=activation))
