"""Parameter counts of real Equinox layer objects built from the contract's layer specs."""

from __future__ import annotations

from functools import singledispatch

import equinox as eqx
import jax
import jax.numpy as jnp

from dnn_invariants.implementations.contract import (
    BatchNorm,
    Conv,
    Linear,
    Parallel,
    ReLU,
    Residual,
    Sequential,
)


class _Residual(eqx.Module):
    body: eqx.Module

    def __call__(self, x, state):
        y, state = self.body(x, state)
        return y + x, state


class _Parallel(eqx.Module):
    paths: tuple

    def __call__(self, x, state):
        total = 0
        for path in self.paths:
            y, state = path(x, state)
            total = total + y
        return total, state


@singledispatch
def _build(spec, key):
    raise NotImplementedError(f"no Equinox layer for spec {spec!r}")


@_build.register
def _(spec: Linear, key):
    return eqx.nn.Linear(spec.n_in, spec.n_out, use_bias=spec.bias, dtype=jnp.float64, key=key)


@_build.register
def _(spec: Conv, key):
    return eqx.nn.Conv(len(spec.kernel), spec.c_in, spec.c_out, spec.kernel, groups=spec.groups,
                       use_bias=spec.bias, dtype=jnp.float64, key=key)


@_build.register
def _(spec: BatchNorm, key):
    # Built inside make_with_state below, so the running statistics go to the state, not the model.
    return eqx.nn.BatchNorm(spec.channels, axis_name="batch", mode="batch", dtype=jnp.float64)


@_build.register
def _(spec: ReLU, key):
    return eqx.nn.Lambda(jax.nn.relu)


@_build.register
def _(spec: Sequential, key):
    keys = jax.random.split(key, len(spec.layers) + 1)[1:]
    return eqx.nn.Sequential([_build(layer, k) for layer, k in zip(spec.layers, keys, strict=True)])


@_build.register
def _(spec: Residual, key):
    return _Residual(_build(spec.body, key))


@_build.register
def _(spec: Parallel, key):
    keys = jax.random.split(key, len(spec.paths) + 1)[1:]
    return _Parallel(tuple(_build(path, k) for path, k in zip(spec.paths, keys, strict=True)))


def build(spec, *, abstract: bool = True):
    """The Equinox model for ``spec`` and its state (BatchNorm running statistics).

    ``abstract`` runs the real constructors under ``eqx.filter_eval_shape``: the
    same module tree, with shape-and-dtype leaves instead of drawn arrays, so a
    2.4M-weight conv costs no random draws and no XLA compilation per shape.
    """
    make = eqx.nn.make_with_state(_build)
    return eqx.filter_eval_shape(make, spec, jax.random.key(0)) if abstract else make(spec, jax.random.key(0))


def _is_parameter(leaf) -> bool:
    # A trainable parameter is a floating-point array leaf of the model (concrete or abstract).
    return isinstance(leaf, jax.ShapeDtypeStruct | jax.Array) and jnp.issubdtype(leaf.dtype, jnp.inexact)


def count_parameters(spec) -> int:
    """Entries of the model's inexact-array leaves: weights, biases, BN gamma and beta (not its state)."""
    model, _state = build(spec)
    return sum(int(leaf.size) for leaf in jax.tree_util.tree_leaves(model) if _is_parameter(leaf))
