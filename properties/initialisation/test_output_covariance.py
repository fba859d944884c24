"""Distinct outputs of a randomly initialised linear network are uncorrelated (seed 003, problem 2)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.initialisation import law as declared_law
from dnn_invariants.properties.initialisation.confidence import (
    ALPHA_PER_EXAMPLE,
    bernstein_halfwidth,
    standard_error,
)
from dnn_invariants.properties.initialisation.montecarlo import affine_rows, cross_moments
from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference.init_variance import affine_row_norm_bound
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.strategies.init import COUNT, SEEDS, layer_sizes, networks


def _estimate(impl, net, law):
    z = cross_moments(affine_rows(impl, net))
    bound = affine_row_norm_bound(net.widths, law) ** 2  # |(A_i, c_i) . (A_j, c_j)| <= B^2
    return float(z.mean()), bernstein_halfwidth(z, 2 * bound, ALPHA_PER_EXAMPLE), standard_error(z)


@pytest.mark.requires("linear_init")
@pytest.mark.claim("003:P2-offdiag")
@given(net=networks(min_out=2))
def test_off_diagonal_covariance_is_zero(impl, net):
    """Cov(y_i, y_j) = 0 for i != j at every depth: independent zero-mean rows (empirical Bernstein, 1e-9).

    True for any declared law with zero-mean, independent entries; seed 003 states it for PyTorch's.
    """
    mean, half, _ = _estimate(impl, net, declared_law.bounded(impl))
    assert abs(mean) <= half, (
        f"widths {net.widths}: mean off-diagonal E[y_i y_j] = {mean:.5f}, |.| > bound {half:.5f}")


@pytest.mark.requires("linear_init")
@pytest.mark.claim("003:P2-offdiag")
def test_seed003_off_diagonal_value_is_wrong(impl):
    """Refutes seed 003's Cov(y_i, y_j) = E(b^2) = 1/(3n), i != j: a layer where Monte Carlo excludes it."""
    law = declared_law.pytorch(impl)

    def outside(net):
        mean, half, _ = _estimate(impl, net, law)
        return abs(mean - float(s3.printed_p2_offdiagonal(net.widths[0]))) > half

    def describe(net):
        mean, half, se = _estimate(impl, net, law)
        claimed = float(s3.printed_p2_offdiagonal(net.widths[0]))
        return (f"one layer {net.widths[0]} -> {net.widths[1]} (seed {net.seed}): mean off-diagonal "
                f"E[y_i y_j] = {mean:.5f} +- {half:.5f}; seed 003 says 1/(3n) = {claimed:.5f}, "
                f"{abs(mean - claimed) / se:.0f} standard errors away; the truth is 0")

    refute("003:P2-offdiag", networks(max_depth=1, min_out=2), outside, describe=describe, max_examples=50)


MEANS = st.fractions(-3, 3, max_denominator=8)


@pytest.mark.claim("003:P2-mean")
@given(n=st.integers(1, 16), mean_a=MEANS, mean_x=MEANS)
def test_printed_mean_with_zero_mean_bias(n, mean_a, mean_x):
    """With zero-mean biases (the default init), the printed sum_k E(a_ik x_k + b_i) is E(y_i) = sum_k E a_ik
    E x_k + E b_i (a, x independent; exact rationals): the b_i it counts n times contribute 0; for the
    default init and E x = 0 it is the printed 0."""
    true = n * mean_a * mean_x + 0
    assert s3.printed_p2_expectation(n, mean_a, mean_x, Fraction(0)) == true
    assert s3.printed_p2_expectation(n, Fraction(0), mean_x, Fraction(0)) == 0  # the default init: E a = 0


@pytest.mark.claim("003:P2-mean")
def test_printed_mean_counts_the_bias_n_times():
    """Refutes sum_k E(a_ik x_k + b_i) as E(y_i) in general: with E b_i != 0 the sum counts the bias n
    times."""
    def wrong(args):
        n, mean_a, mean_x, mean_b = args
        return s3.printed_p2_expectation(n, mean_a, mean_x, mean_b) != n * mean_a * mean_x + mean_b

    refute("003:P2-mean", st.tuples(st.integers(1, 16), MEANS, MEANS, MEANS), wrong,
           describe=lambda a: f"n = {a[0]}, E a = {a[1]}, E x = {a[2]}, E b = {a[3]}: E(y_i) = "
                              f"{a[0] * a[1] * a[2] + a[3]}, the printed sum gives "
                              f"{s3.printed_p2_expectation(*a)}",
           max_examples=300)


@pytest.mark.requires("linear_init")
@pytest.mark.claim("003:P2-cov-diag")
@given(size=layer_sizes(), variances=st.lists(st.integers(1, 4), min_size=16, max_size=16), seed=SEEDS)
def test_printed_output_variance_with_diagonal_input_covariance(impl, size, variances, seed):
    """Var(y_i) = (sum_k Sigma_kk + 1)/(3n) for inputs with zero mean and diagonal covariance Sigma (seed
    003):
    inputs integrated out exactly, E_x[y_i^2] = sum_k a_ik^2 Sigma_kk + b_i^2, then a Monte Carlo over
    the implementation's COUNT initialisations with an empirical-Bernstein bound (alpha 1e-9)."""
    declared_law.pytorch(impl)  # the claim, and the width bound below, are about PyTorch's law
    n_in, n_out = size
    sigma = np.array(variances[:n_in], np.float64)
    w, b = impl.linear_init(n_in, n_out, seed=seed, count=COUNT)
    z = np.mean(np.einsum("cok,k->co", w**2, sigma) + b**2, axis=1)
    width = (sigma.sum() + 1) / n_in  # every a_ik^2, b_i^2 <= 1/n
    half = bernstein_halfwidth(z, width, ALPHA_PER_EXAMPLE)
    printed = float(s3.printed_p2_diagonal(sigma.tolist(), n_in))
    assert abs(float(z.mean()) - printed) <= half, (
        f"n = {n_in}, Sigma = diag({sigma.tolist()}): Monte Carlo Var(y_i) = {z.mean():.5f} +- {half:.5f}, "
        f"printed (sum Sigma_kk + 1)/(3n) = {printed:.5f}")
