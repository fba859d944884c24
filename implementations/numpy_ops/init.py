"""This implementation's default linear-layer initialisation.

A linear layer ``n_in -> n_out`` starts with every weight and every bias drawn
independently from ``U(-1/sqrt(n_in), 1/sqrt(n_in))`` (the scheme of
PyTorch's ``nn.Linear`` and Equinox's ``eqx.nn.Linear``). Its variance is
``bound^2 / 3 = 1 / (3 n_in)``, so ``Var(sum_j W_ij x_j) = |x|^2 / (3 n_in)``
for a fixed input x. Draws come from ``numpy.random.Generator(seed)``; the same seed gives the same
parameters.
"""

from __future__ import annotations

import math

import numpy as np


def uniform_fan_in(rng: np.random.Generator, shape, fan_in: int) -> np.ndarray:
    """Entries iid ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` of ``shape``, float64."""
    bound = 1.0 / math.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=shape)


def linear_init(n_in, n_out, *, seed, count):
    """``count`` independent default inits of a linear layer.

    Returns ``W (count, n_out, n_in)`` and ``b (count, n_out)``, float64; weights
    and biases both use the fan-in bound ``1/sqrt(n_in)``.
    """
    rng = np.random.default_rng(seed)
    weights = uniform_fan_in(rng, (count, n_out, n_in), n_in)
    biases = uniform_fan_in(rng, (count, n_out), n_in)
    return weights, biases
