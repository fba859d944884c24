"""Inverted dropout with a mask drawn from ``numpy.random.Generator(seed)``.

In training, each entry is kept with probability ``1 - p`` and scaled by
``1 / (1 - p)``, so that ``E[dropout(x)] = x`` entrywise; the rest are zeroed.
In evaluation (``training=False``) dropout is the identity.

The mask depends on the seed and the shape only: it is ``u >= p`` for
``u = Generator(PCG64(seed)).random(x.shape)``, uniforms on [0, 1) drawn in
float64 whatever the dtype or values of ``x``. So the same seed and shape
give the same mask, and one mask can be applied to two inputs (or to a
float32 and a float64 copy of one input). ``P(u >= p) = 1 - p`` exactly for
the 53-bit uniforms when p is a multiple of 2^-53, and within 2^-53 otherwise.

The backward of dropout, for the same mask, is dropout of the output
gradient: ``dL/dx = mask * dL/dy / (1 - p)``; call ``dropout(dy, p, seed=seed)``.
"""

from __future__ import annotations

import numpy as np


def dropout_mask(shape, p: float, seed: int) -> np.ndarray:
    """The boolean keep-mask for ``shape``: True with probability ``1 - p``, independently per entry."""
    return np.random.default_rng(seed).random(shape) >= p


def dropout(x, p, *, seed, training=True):
    """Inverted dropout of ``x``: zero each entry with probability ``p``, scale the kept ones by 1/(1-p).

    ``0 <= p < 1``. For ``p`` close to 1 the scale ``1 / (1 - p)`` is large but
    finite (at most 2^53 for float64 p < 1), and a dropped entry is set to 0
    rather than multiplied by the scale, so no ``0 * inf`` NaN can arise.
    """
    x = np.asarray(x)
    p = float(p)
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout probability must satisfy 0 <= p < 1, got {p}")
    if not training:
        return x.copy()
    keep = dropout_mask(x.shape, p, seed)
    # Divide in the dtype of x (a Python float does not promote float32 to float64).
    return np.where(keep, x / (1.0 - p), np.zeros((), x.dtype)).astype(x.dtype, copy=False)
