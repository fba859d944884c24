"""``nn.Linear``'s real default initialisation, ``count`` independent draws from one tall layer.

``mlx.nn.Linear(input_dims, output_dims)`` (mlx/nn/layers/linear.py, MLX 0.32)
draws ``weight = mx.random.uniform(-k, k, (output_dims, input_dims))`` and
``bias = mx.random.uniform(-k, k, (output_dims,))`` with ``k = sqrt(1 / input_dims)``:
every entry independent, U(-1/sqrt(n_in), 1/sqrt(n_in)), the bound depending
on the input size only. So ``count`` independent layers ``nn.Linear(n_in, n_out)``
are, in distribution, exactly the rows of ONE real ``nn.Linear(n_in, count * n_out)``
built by MLX's own constructor, cut into ``count`` blocks of ``n_out`` rows
(the argument torch_ops/init.py makes for ``nn.Linear``). Should a future MLX
make the bound depend on the output size, the tall layer would be wrong, and
the corpus's initialisation properties say so. The key is MLX's global one,
seeded with ``mx.random.seed`` and restored afterwards (_random.py). MLX
draws in float32 (the layer has no dtype argument): the draws are returned
as float64 arrays of those float32 values.
"""

from __future__ import annotations

import mlx.nn as nn
import numpy as np

from dnn_invariants.implementations.mlx_ops._arrays import array
from dnn_invariants.implementations.mlx_ops._random import seeded


def linear_init(n_in, n_out, *, seed, count):
    n_in, n_out, count = int(n_in), int(n_out), int(count)
    with seeded(seed):
        layer = nn.Linear(n_in, count * n_out)
        W, b = array(layer.weight), array(layer.bias)
    return W.reshape(count, n_out, n_in).astype(np.float64), b.reshape(count, n_out).astype(np.float64)
