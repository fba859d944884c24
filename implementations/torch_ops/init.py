"""``nn.Linear``'s real default initialisation, drawn ``count`` times from a seeded generator.

Each draw constructs ``nn.Linear(n_in, n_out, dtype=torch.float64)``, so its
own ``reset_parameters`` runs (today: kaiming_uniform_ with a = sqrt(5) for the
weight, U(-1/sqrt(n_in), 1/sqrt(n_in)) for the bias). It draws from torch's
global generator, seeded inside ``fork_rng`` so the caller's state is untouched.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn


def linear_init(n_in, n_out, *, seed, count):
    W = np.empty((int(count), int(n_out), int(n_in)), np.float64)
    b = np.empty((int(count), int(n_out)), np.float64)
    with torch.no_grad(), torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        for i in range(int(count)):
            layer = nn.Linear(int(n_in), int(n_out), dtype=torch.float64)
            W[i], b[i] = layer.weight.numpy(), layer.bias.numpy()
    return W, b
