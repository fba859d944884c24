"""Data for the HTML report's batch-norm plot: the diagonal d y_i/d x_i over a batch (seed 000 11.5, 002 P1).

For two fixed batches (I = 4 and I = 16 entries in one channel), the
implementation's diagonal (one backward per entry, diagonal.py) beside the true
one and the two printed formulas: seed 000 11.5's
gamma {1/sqrt(s2+eps) - (z_i-mu)^2/(s2+eps)^(3/2) I(I-1)/I^2} and seed 002's
gamma/sqrt(s2+eps). Recorded with ``channel.observe`` for harness/html_report.py;
the test checks the implementation's diagonal against the closed form.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnn_invariants.harness import channel
from dnn_invariants.properties.batch_norm.diagonal import implementation_diagonal
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference import batch_norm as ref
from dnn_invariants.reference.seeds import seed000 as s0
from dnn_invariants.reference.seeds import seed002 as s2

BATCHES = ((4, 1.5, 0.3, 1e-5, 1), (16, 0.8, -0.2, 1e-5, 2))  # (entries I, gamma, beta, eps, seed)


@pytest.mark.requires("batch_norm_backward")
def test_bn_diagonal_over_a_batch(impl):
    """The implementation's diagonal is the closed form on each batch; the data go to the report."""
    for size, gamma, beta, eps, seed in BATCHES:
        x = np.random.default_rng(seed).normal(0.5, 1.3, size=(size, 1))
        g, b = np.array([gamma]), np.array([beta])
        got = implementation_diagonal(impl, x, g, b, eps)
        true = ref.diagonal(x, g, eps)
        bound = 2 * ref.channels(ref.backward_bound(x, g, np.ones_like(x), eps, np.float64)[0])
        channel.observe("bn_diagonal", entries=size, gamma=gamma, eps=eps,
                        scale=float(gamma / np.sqrt(ref.statistics(x)[1][0] + eps)),
                        x=x[:, 0].tolist(), xhat=ref.normalised(x, eps)[0].tolist(),
                        implementation=got[0].tolist(), true=true[0].tolist(),
                        seed000=s0.printed_11_5_diagonal(x, g, eps)[0].tolist(),
                        seed002=s2.printed_p1_derivative(x, g, eps)[0].tolist())
        assert_close(got, true, bound, f"BN Jacobian diagonal, batch of {size}")
