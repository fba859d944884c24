"""Default initialisation: Equinox's own ``eqx.nn.Linear``, drawn ``count`` times with vmap."""

from __future__ import annotations

from functools import partial

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np


# Threefry under vmap is a large program; XLA's expensive LLVM passes take ~2 s of
# compile per shape here and make it no faster to run, so they are skipped.
# The bits come from threefry's non-partitionable counter layout (JAX's default
# before 0.5): the same generator and the same law of the draws, about twice as
# fast here on CPU (2^16 vmapped layers: 10 -> 5 ms per call), and nothing is sharded.
@partial(jax.jit, static_argnames=("n_in", "n_out", "count"),
         compiler_options={"xla_llvm_disable_expensive_passes": True})
def _draws(seed, *, n_in, n_out, count):
    def one(key):
        layer = eqx.nn.Linear(n_in, n_out, dtype=jnp.float64, key=key)
        return layer.weight, layer.bias

    with jax.threefry_partitionable(False):
        return jax.vmap(one)(jax.random.split(jax.random.key(seed), count))


def linear_init(n_in, n_out, *, seed, count):
    """``count`` independent default inits of ``eqx.nn.Linear(n_in, n_out)``: W (count, n_out, n_in), b."""
    w, b = _draws(jnp.uint32(int(seed) % 2**32), n_in=int(n_in), n_out=int(n_out), count=int(count))
    return np.asarray(w, np.float64), np.asarray(b, np.float64)
