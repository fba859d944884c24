"""MLX's global random key, seeded for one draw and put back afterwards.

``nn.Dropout`` and ``nn.Linear`` draw from MLX's global PRNG (``mx.random.state``,
read-only from Python); neither takes a key. ``seeded(seed)`` sets the key with
``mx.random.seed(seed)`` for the draw, then puts the caller's key back: MLX's
``key(seed)`` is the pair ``[seed >> 32, seed & 0xffffffff]`` (mlx/random.cpp),
so the saved key ``[hi, lo]`` is restored exactly by ``mx.random.seed((hi << 32) | lo)``.
The same seed gives the same draws, and MLX's random state outside is untouched.
"""

from __future__ import annotations

import contextlib

import mlx.core as mx
import numpy as np


@contextlib.contextmanager
def seeded(seed: int):
    hi, lo = (int(v) for v in np.array(mx.random.state[0], dtype=np.uint32))
    mx.random.seed(int(seed))
    try:
        yield
    finally:
        mx.random.seed((hi << 32) | lo)
