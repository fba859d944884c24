"""Training-mode batch normalisation over the batch and spatial axes; backward by ``jax.vjp``."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax


def _batch_norm(x, gamma, beta, eps):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    mean = jnp.mean(x, axis=axes)
    centred = x - mean.reshape(shape)
    var = jnp.mean(centred * centred, axis=axes)  # biased, two-pass
    scale = (gamma * lax.rsqrt(var + eps)).reshape(shape)
    return centred * scale + beta.reshape(shape), mean, var


@jax.jit
def _batch_norm_jit(x, gamma, beta, eps):
    return _batch_norm(x, gamma, beta, eps)


@jax.jit
def _batch_norm_vjp_jit(x, gamma, beta, dy, eps):
    _, pullback = jax.vjp(lambda x, g, b: _batch_norm(x, g, b, eps)[0], x, gamma, beta)
    return pullback(dy)


def _eps(eps, x):
    return np.asarray(eps, np.asarray(x).dtype)


def batch_norm(x, gamma, beta, *, eps):
    return tuple(np.asarray(a) for a in _batch_norm_jit(x, gamma, beta, _eps(eps, x)))


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    return tuple(np.asarray(a) for a in _batch_norm_vjp_jit(x, gamma, beta, dy, _eps(eps, x)))
