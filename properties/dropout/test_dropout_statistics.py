"""Dropout's expectation and drop rate, by Hoeffding bounds with a stated false-alarm rate.

Each example makes its checks at a combined false-alarm probability of at most
1e-9 (Bonferroni over the checks), so a run of up to 1000 examples (the
thorough profile) raises a false alarm with probability at most 1e-6.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.tolerance import gamma
from dnn_invariants.reference import dropout as ref
from dnn_invariants.strategies.dropout import SEEDS, probabilities

ALPHA = 1e-9  # per example, all its checks together
ROWS, COLUMNS = 4096, 4


@pytest.mark.requires("dropout")
@pytest.mark.claim("004:P1-def")
@given(p=probabilities(), seed=SEEDS,
       values=st.lists(st.floats(-4, 4, allow_nan=False, allow_subnormal=False).filter(lambda v: v != 0),
                       min_size=COLUMNS, max_size=COLUMNS))
def test_dropout_is_unbiased(impl, p, seed, values):
    """E[dropout(x)] = x: each column's sum is within a Hoeffding radius of ROWS * x (alpha 1e-9 per example).

    An entry is 0 or x/(1-p), so it lies in an interval of width |x|/(1-p); the
    ROWS entries of a column are independent. Bonferroni over the columns.
    """
    v = np.array(values)
    x = np.broadcast_to(v, (ROWS, COLUMNS)).copy()
    sums = impl.dropout(x, p, seed=seed).astype(np.float64).sum(axis=0)
    for j in range(COLUMNS):
        width = abs(v[j]) * ref.scale(p)
        radius = ref.hoeffding_radius(np.full(ROWS, width), ALPHA / COLUMNS)
        rounding = gamma(ROWS + 3, np.float64) * ROWS * width  # the sum and the scaling, in float64
        deviation = abs(sums[j] - ROWS * v[j])
        assert deviation <= radius + rounding, (
            f"column {j} (x = {float(v[j])!r}, p = {p!r}): sum {float(sums[j])!r} is {deviation:.4g} from "
            f"{ROWS} * x = {float(ROWS * v[j])!r}, beyond the Hoeffding radius {radius:.4g} "
            f"(alpha {ALPHA / COLUMNS:.1e})")


@pytest.mark.requires("dropout")
@given(p=probabilities(), seed=SEEDS)
def test_drop_fraction_is_p(impl, p, seed):
    """The fraction of zeros among n dropped-out ones is within sqrt(ln(2/alpha)/(2n)) of p (alpha 1e-9).

    The n mask entries are independent Bernoulli(p) drops; Hoeffding for their mean.
    """
    n = ROWS * COLUMNS
    dropped = float(np.mean(impl.dropout(np.ones(n), p, seed=seed) == 0))
    radius = math.sqrt(math.log(2 / ALPHA) / (2 * n))
    assert abs(dropped - p) <= radius, (
        f"p = {p!r}: dropped fraction {dropped:.5f}, more than {radius:.5f} from p (alpha {ALPHA:.0e})")
