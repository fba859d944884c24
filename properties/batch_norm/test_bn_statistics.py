"""Batch statistics: one mean and one variance per channel, and the moments of the normalised output."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.batch_norm.cases import with_examples
from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.tolerance import assert_close, gamma, underflow
from dnn_invariants.reference import batch_norm as ref
from dnn_invariants.reference.seeds import seed000 as s0
from dnn_invariants.reference.seeds import seed001 as s1
from dnn_invariants.strategies.batch_norm import BN_SHAPES, EPS_OR_ZERO, bn_cases

DTYPES = pytest.mark.parametrize("dtype", ["float64", "float32"])


@DTYPES
@pytest.mark.requires("batch_norm")
@pytest.mark.claim("001:Q4a", "001:Q4b")
@given(case=bn_cases())
@with_examples
def test_one_mean_and_variance_per_channel(impl, dtype, case):
    """For (N, C) and (N, C, H, W) inputs the mean and the biased variance have shape (C,), over N (and H, W).

    Seed 001 Q4: "1 x C" for (N, C) and "1 x 1 x C" for images: one value per channel.
    """
    case = case.astype(dtype)  # drawn in float64, the same values in the parametrised dtype
    x, g, b, _ = case.arrays()
    y, mean, var = impl.batch_norm(x, g, b, eps=case.eps)
    # First: finite. The biased variance is >= 0 and eps > 0, so BN of a finite batch is finite; a
    # one-pass variance E[x^2] - E[x]^2 that cancels below -eps is not (its statistics may still lie
    # within the bounds below, which allow a one-pass variance's rounding).
    assert np.isfinite(y).all(), (f"BN(x) is not finite at {np.argwhere(~np.isfinite(y))[0].tolist()} "
                                  f"(var returned: {var}, eps = {case.eps!r})")
    c = x.shape[1]
    assert mean.shape == (c,) and var.shape == (c,), f"statistics {mean.shape}, {var.shape} for {x.shape}"
    # The printed shape, '1 x C' (fully connected) or '1 x 1 x C' (conv, N x H x W x C), holds one value
    # per channel, as many as the implementation's statistics, and C is its channel axis.
    printed = s1.printed_q4_shape("fc", *x.shape) if x.ndim == 2 else s1.printed_q4_shape(
        "conv", x.shape[0], c, *x.shape[2:4])  # N, C, H, W (a volume's D, H as H, W)
    assert int(np.prod(printed)) == mean.size and printed[-1] == c, f"printed {printed} for input {x.shape}"
    assert y.shape == x.shape and y.dtype == x.dtype
    mu, s2 = ref.statistics(x)
    d_mu, d_s2 = ref.statistics_bound(x, dtype)
    e_mu, e_s2 = ref.statistics_bound(x, np.float64)
    assert_close(mean, mu, d_mu + e_mu, "batch mean per channel")
    assert_close(var, s2, d_s2 + e_s2, "biased batch variance per channel")


@pytest.mark.requires("batch_norm")
@given(case=bn_cases(eps=EPS_OR_ZERO))
@with_examples(zero_eps=True)
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
    # and underflow: with a tiny gamma, each of our I + 8 operations may flush to zero
    bound = (2 * np.abs(centred) * e + e**2).mean(axis=1) + gamma(i + 3, np.float64) * (var + expected) \
        + 4 * gamma(4, np.float64) * expected + underflow(i + 8, np.float64)
    assert_close(var, expected, bound, "channel variance of BN(x)")


def test_the_alphabet_has_both_layouts():
    assert {len(s) for s in BN_SHAPES} == {2, 4}


@pytest.mark.requires("batch_norm")
@pytest.mark.claim("000:11.7-normal")
@given(case=bn_cases(eps=EPS_OR_ZERO))
@with_examples(zero_eps=True)
def test_normalised_values_lie_within_sqrt_of_batch_size_minus_one(impl, case):
    """Every normalised value satisfies |z~_i| <= sqrt(I - 1) (Samuelson), so z~ is not a N(0, e^2) draw.

    sum_i xhat_i^2 = I s2/(s2 + eps) <= I and sum_i xhat_i = 0 force xhat_i^2 (1 + 1/(I - 1)) <= I.
    """
    x, _, _, _ = case.arrays()
    c = x.shape[1]
    ones, zeros = np.ones(c), np.zeros(c)
    y, _, _ = impl.batch_norm(x, ones, zeros, eps=case.eps)
    i = ref.channels(x).shape[1]
    err = ref.forward_bound(x, ones, zeros, case.eps, np.float64)
    excess = np.abs(y) - np.sqrt(i - 1) - err
    assert not (excess > 0).any(), (
        f"a normalised value exceeds sqrt(I - 1) = {np.sqrt(i - 1):.6g} by {np.max(excess):.3g}: {y.ravel()}")


def _normalised_batch(values):
    x = np.asarray(values, np.float64)[:, None]
    return ref.normalised(x, 0.0)[0]


@pytest.mark.claim("000:11.7-normal")
def test_seed000_normalised_values_are_not_gaussian():
    """Refutes 11.7's z~ ~ N(0, e^2): a batch whose normalised values sit at the bound sqrt(I - 1) exactly.

    A Gaussian leaves [-sqrt(I - 1), sqrt(I - 1)] with positive probability; z~ never does, and a
    batch with one outlier reaches the end (for I = 2 every non-constant batch gives exactly -1, 1).
    """
    batches = st.lists(st.integers(-3, 3), min_size=2, max_size=6).filter(lambda v: len(set(v)) > 1)

    def at_the_bound(values):
        z = _normalised_batch(values)
        return bool(np.isclose(np.max(np.abs(z)), np.sqrt(len(values) - 1), rtol=1e-12, atol=0))

    def contradicts(values):  # z~ reaches its bound sqrt(I - 1), which the printed law exceeds with mass > 0
        return at_the_bound(values) and s0.printed_11_7_mass_outside(np.sqrt(len(values) - 1)) > 0

    refute("000:11.7-normal", batches, contradicts,
           describe=lambda v: f"batch {v} normalises (eps = 0) to {_normalised_batch(v).tolist()}, whose "
                              "largest "
                              f"|z~| is sqrt(I - 1) = {np.sqrt(len(v) - 1):.6g}, never exceeded; N(0, 1) "
                              "puts "
                              f"{s0.printed_11_7_mass_outside(np.sqrt(len(v) - 1)):.3g} beyond it")
