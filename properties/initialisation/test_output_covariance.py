"""Distinct outputs of a randomly initialised linear network are uncorrelated (seed 003, problem 2)."""

from __future__ import annotations

import pytest
from hypothesis import given

from dnn_invariants.properties.initialisation import law as declared_law
from dnn_invariants.properties.initialisation.confidence import (
    ALPHA_PER_EXAMPLE,
    bernstein_halfwidth,
    standard_error,
)
from dnn_invariants.properties.initialisation.montecarlo import affine_rows, cross_moments
from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference.init_variance import affine_row_norm_bound, seed003_off_diagonal
from dnn_invariants.strategies.init import networks


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
        return abs(mean - seed003_off_diagonal(net.widths[0])) > half

    def describe(net):
        mean, half, se = _estimate(impl, net, law)
        claimed = seed003_off_diagonal(net.widths[0])
        return (f"one layer {net.widths[0]} -> {net.widths[1]} (seed {net.seed}): mean off-diagonal "
                f"E[y_i y_j] = {mean:.5f} +- {half:.5f}; seed 003 says 1/(3n) = {claimed:.5f}, "
                f"{abs(mean - claimed) / se:.0f} standard errors away; the truth is 0")

    refute("003:P2-offdiag", networks(max_depth=1, min_out=2), outside, describe=describe, max_examples=50)
