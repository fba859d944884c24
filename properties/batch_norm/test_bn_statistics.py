"""Batch statistics: one mean and one variance per channel, and the moments of the normalised output."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from properties.tolerance import assert_close, gamma
from reference import batch_norm as ref
from strategies.batch_norm import BN_SHAPES, bn_cases

DTYPES = pytest.mark.parametrize("dtype", ["float64", "float32"])


@DTYPES
@pytest.mark.requires("batch_norm")
@pytest.mark.claim("001:Q4a", "001:Q4b")
@given(data=st.data())
def test_one_mean_and_variance_per_channel(impl, dtype, data):
    """For (N, C) and (N, C, H, W) inputs the mean and the biased variance have shape (C,), over N (and H, W).

    Seed 001 Q4: "1 x C" for (N, C) and "1 x 1 x C" for images: one value per channel.
    """
    case = data.draw(bn_cases(dtype), label="case")
    x, g, b, _ = case.arrays()
    y, mean, var = impl.batch_norm(x, g, b, eps=case.eps)
    c = x.shape[1]
    assert mean.shape == (c,) and var.shape == (c,), f"statistics {mean.shape}, {var.shape} for {x.shape}"
    assert y.shape == x.shape and y.dtype == x.dtype
    mu, s2 = ref.statistics(x)
    d_mu, d_s2 = ref.statistics_bound(x, dtype)
    e_mu, e_s2 = ref.statistics_bound(x, np.float64)
    assert_close(mean, mu, d_mu + e_mu, "batch mean per channel")
    assert_close(var, s2, d_s2 + e_s2, "biased batch variance per channel")


@pytest.mark.requires("batch_norm")
@given(case=bn_cases())
def test_output_has_mean_beta_and_variance_gamma2_s2_over_s2_eps(impl, case):
    """Each channel of BN(x) has batch mean beta and batch variance gamma^2 s2/(s2 + eps)."""
    x, g, b, _ = case.arrays()
    y, _, _ = impl.batch_norm(x, g, b, eps=case.eps)
    rows = ref.channels(y)
    i = rows.shape[1]
    _, s2 = ref.statistics(x)
    err = ref.channels(ref.forward_bound(x, g, b, case.eps, np.float64))  # |computed y - exact y|
    mean = rows.mean(axis=1)
    # mean of the exact y is beta; our own float64 mean adds gamma_I of mean |y|
    assert_close(mean, b, err.mean(axis=1) + gamma(i + 1, np.float64) * np.abs(rows).mean(axis=1),
                 "channel mean of BN(x)")
    centred = rows - mean[:, None]
    var = (centred**2).mean(axis=1)
    expected = g**2 * s2 / (s2 + case.eps)
    # (y + e - mean)^2 vs y^2: 2|y - mean| e + e^2 (with the mean's own error inside e), then our rounding
    e = err + np.abs(mean - b)[:, None]
    bound = (2 * np.abs(centred) * e + e**2).mean(axis=1) + gamma(i + 3, np.float64) * (var + expected) \
        + 4 * gamma(4, np.float64) * expected
    assert_close(var, expected, bound, "channel variance of BN(x)")


def test_the_alphabet_has_both_layouts():
    assert {len(s) for s in BN_SHAPES} == {2, 4}
