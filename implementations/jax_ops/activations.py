"""Elementwise activations by name, and their derivatives by JAX's own autodiff."""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

# name -> (function of x and its parameters, default parameters)
_ACTIVATIONS = {
    "relu": (lambda x: jax.nn.relu(x), {}),
    "leaky_relu": (lambda x, negative_slope: jnp.where(x >= 0, x, negative_slope * x),
                   {"negative_slope": 0.01}),
    "prelu": (lambda x, weight: jnp.where(x >= 0, x, weight * x), {"weight": 0.25}),
    "identity": (lambda x: x, {}),
    "abs": (lambda x: jnp.abs(x), {}),
    "sigmoid": (lambda x: jax.nn.sigmoid(x), {}),
    "tanh": (lambda x: jnp.tanh(x), {}),
    "elu": (lambda x, alpha: jax.nn.elu(x, alpha), {"alpha": 1.0}),
    "gelu": (lambda x: jax.nn.gelu(x, approximate=False), {}),
    "softplus": (lambda x: jax.nn.softplus(x), {}),
    "hardtanh": (lambda x: jnp.clip(x, -1.0, 1.0), {}),
    "relu6": (lambda x: jnp.clip(x, 0.0, 6.0), {}),
}


def apply(x, name: str, params: dict):
    """The activation on a JAX array (used by the other modules inside their jitted code)."""
    function, _ = _ACTIVATIONS[name]
    return function(x, **params)


def _params(name: str, params: dict, dtype) -> dict:
    if name not in _ACTIVATIONS:
        raise NotImplementedError(f"activation {name!r}")
    _, defaults = _ACTIVATIONS[name]
    unknown = set(params) - set(defaults)
    if unknown:
        raise TypeError(f"activation {name!r} has no parameters {sorted(unknown)}")
    # Parameters are traced arrays, not static: a new slope must not recompile.
    return {k: np.asarray(params.get(k, v), dtype) for k, v in defaults.items()}


@partial(jax.jit, static_argnames=("name",))
def _activation_jit(x, params, *, name):
    return apply(x, name, params)


@partial(jax.jit, static_argnames=("name",))
def _derivative_jit(x, params, *, name):
    # Elementwise function: the JVP with a tangent of ones is the derivative at every entry.
    return jax.jvp(lambda v: apply(v, name, params), (x,), (jnp.ones_like(x),))[1]


def activation(x, name, **params):
    x = np.asarray(x)
    return np.asarray(_activation_jit(x, _params(name, params, x.dtype), name=name))


def activation_derivative(x, name, **params):
    x = np.asarray(x)
    return np.asarray(_derivative_jit(x, _params(name, params, x.dtype), name=name))
