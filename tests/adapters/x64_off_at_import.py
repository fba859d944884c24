"""Turns JAX's float64 off when imported: the corpus must undo it and say so."""

import jax

from dnn_invariants.implementations.numpy_ops import conv  # noqa: F401

jax.config.update("jax_enable_x64", False)
NAME = "x64 off at import"
