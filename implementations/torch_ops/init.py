"""``nn.Linear``'s real default initialisation, ``count`` independent draws from a seeded generator.

``nn.Linear.reset_parameters`` (torch 2.13) draws the weight with
``kaiming_uniform_(a=sqrt(5))`` and the bias with ``uniform_(-1/sqrt(fan_in), ...)``:
every entry independent, U(-1/sqrt(n_in), 1/sqrt(n_in)), the bound depending
on ``fan_in = n_in`` only. So ``count`` independent layers ``nn.Linear(n_in, n_out)``
are, in distribution, exactly the rows of ONE real ``nn.Linear(n_in, count * n_out)``
built by torch's own constructor, cut into ``count`` blocks of ``n_out`` rows.
That is what this does: constructing 2**16 separate modules (what the corpus
asks for) costs about 3 s per call, the tall layer 10 ms. Should a future torch
make the init depend on fan_out, the tall layer would be wrong, and the
corpus's own initialisation properties (the U(-1/sqrt(n_in), ...) law) say so.
The generator is torch's global one, seeded inside ``fork_rng`` so the
caller's random state is untouched.
"""

from __future__ import annotations

import torch
from torch import nn


def linear_init(n_in, n_out, *, seed, count):
    n_in, n_out, count = int(n_in), int(n_out), int(count)
    with torch.no_grad(), torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        layer = nn.Linear(n_in, count * n_out, dtype=torch.float64)
    W = layer.weight.detach().numpy().reshape(count, n_out, n_in)
    b = layer.bias.detach().numpy().reshape(count, n_out)
    return W.copy(), b.copy()
