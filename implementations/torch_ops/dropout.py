"""Inverted dropout with ``F.dropout``, its mask drawn from a seeded torch generator.

``F.dropout`` takes no generator argument; it draws from torch's global CPU
generator. So the draw runs inside ``torch.random.fork_rng``, which saves that
generator's state and restores it afterwards, with ``torch.manual_seed(seed)``
inside: the same seed and shape give the same mask, whatever the values, and
the caller's random state is untouched. On CPU, ``F.dropout`` multiplies the
input by a Bernoulli(1 - p) noise tensor divided by (1 - p).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dnn_invariants.implementations.torch_ops._tensors import array, tensor


def dropout(x, p, *, seed, training=True):
    xt = tensor(x)
    with torch.no_grad(), torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        return array(F.dropout(xt, float(p), training=bool(training)))
