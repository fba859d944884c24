"""Inverted dropout with MLX's own ``nn.Dropout`` layer, its mask drawn from the seeded global key.

``nn.Dropout(p)`` in training mode draws ``mask = mx.random.bernoulli(1 - p, x.shape)``
and returns ``(mask * x) * (1 / (1 - p))``; in eval mode (``training=False``) it
returns ``x``. The mask depends on the key and the shape only (not on x or its
dtype), and the key is ``mx.random.seed(seed)``'s, set and restored around the
call (_random.py).
"""

from __future__ import annotations

import mlx.nn as nn

from dnn_invariants.implementations.mlx_ops._arrays import array, tensor
from dnn_invariants.implementations.mlx_ops._random import seeded


def dropout(x, p, *, seed, training=True):
    layer = nn.Dropout(float(p))
    layer.train(bool(training))
    xm = tensor(x)
    with seeded(seed):
        out = layer(xm)
        return array(out)
