"""Seed 002 (``002_cd6be017a61e12e4.txt``, quiz: batch-norm derivative, bottleneck width), as printed.

Line numbers refer to the seed file. Nothing here is corrected; slips are marked ``# slip:``.
"""

from __future__ import annotations

import numpy as np

SEED = "002_cd6be017a61e12e4.txt"


# --- Problem 1 (lines 9-17): batch norm --------------------------------------------------------

def printed_p1_forward(x, gamma, beta, eps):
    """Lines 11-12, for one channel x (m,): mu, sigma^2 (biased), xhat = (x - mu)/sqrt(sigma^2 + eps),
    y = gamma xhat + beta."""
    x = np.asarray(x, np.float64)
    mu = x.sum() / len(x)
    s2 = ((x - mu) ** 2).sum() / len(x)
    return gamma * (x - mu) / np.sqrt(s2 + eps) + beta


def printed_p1_derivative(x, gamma, eps):
    """Line 14: dy_i/dx_i = gamma dxhat_i/dx_i = gamma / sqrt(sigma_B^2 + eps), per channel.

    ``x`` is (N, C, *spatial); the result is (C, I), one entry per x_i.
    """
    z = np.moveaxis(np.asarray(x, np.float64), 1, 0).reshape(np.shape(x)[1], -1)
    s2 = ((z - z.mean(axis=1, keepdims=True)) ** 2).mean(axis=1)
    return np.repeat((np.asarray(gamma, np.float64) / np.sqrt(s2 + eps))[:, None], z.shape[1], axis=1)


# Line 17: 'if a sub function (elementary function) is differentiable and the outer function is
# differentiable, then its composite function is also differentiable': BN is differentiable.
PRINTED_P1_DIFFERENTIABLE = True


# --- Problem 2 (lines 25-57): 16x16x64 block, two 3x3 convs, made 50-60 % smaller ----------------
PRINTED_P2_REDUCTION = (0.5, 0.6)                         # line 33: 'reduced by 50-60%'
PRINTED_P2_INTERVALS = {False: (50.57, 57.28),            # line 53: 'k in [50.57, 57.28] (no bias)'
                        True: (50.43, 57.17)}             # line 55: '(W. bias)'  # slip: [50.46, 57.18]
PRINTED_P2_SET = (51, 52, 51, 54, 55, 56, 57)             # line 57  # slip: 51 twice, 53 missing
