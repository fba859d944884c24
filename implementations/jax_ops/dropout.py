"""Inverted dropout with a mask from ``jax.random``, drawn from the seed and the shape only."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np


@jax.jit
def _dropout_jit(x, keep, scale, seed):
    # The mask depends on (seed, shape, keep) only, never on x or its dtype, so
    # the same seed applies one mask to any two inputs of one shape.
    mask = jax.random.bernoulli(jax.random.key(seed), keep, x.shape)
    return jnp.where(mask, x * scale, jnp.zeros((), x.dtype))


def dropout(x, p, *, seed, training=True):
    x = np.asarray(x)
    p = float(p)
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout probability must be in [0, 1), got {p!r}")
    if not training or p == 0.0:
        # Exactly the identity: x * 1.0 in XLA on CPU would flush float32 subnormals to zero.
        return x.copy()
    # Keep probability and scale in float64, *before* any cast to x's dtype:
    # p = 1 - 1e-9 rounds to 1.0 in float32, and 1 / (1 - p) would be inf.
    keep = np.float64(1.0 - p)
    scale = np.asarray(1.0 / keep, x.dtype)
    seed = np.uint64(int(seed) % 2**64)
    return np.asarray(_dropout_jit(x, keep, scale, seed))
