"""Variance through a linear network with the default init (seeds 003 and 004, problem 2).

Inputs have zero mean, unit variance and uncorrelated entries; the Monte Carlo
runs over COUNT initialisations per example (inputs integrated out exactly, see
montecarlo.py) and compares with an empirical-Bernstein bound at false alarm
ALPHA_PER_EXAMPLE = 1e-9 per example (<= 1e-6 per test at 1000 examples).
The recursion is checked in its general form under the law the implementation
declares; the seeds' 1/(3 n_l) form only for implementations that declare
PyTorch's law (properties/initialisation/law.py).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.initialisation import law as declared_law
from dnn_invariants.properties.initialisation.confidence import (
    ALPHA_PER_EXAMPLE,
    bernstein_halfwidth,
    standard_error,
)
from dnn_invariants.properties.initialisation.montecarlo import affine_rows, second_moments
from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference.init_variance import affine_row_norm_bound, linear_variances
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
from dnn_invariants.strategies.init import networks


def _estimate(impl, net, law, weight_scale=1.0, bias_scale=1.0):
    """(Monte Carlo mean of Var(y_L), confidence half-width, standard error) for draws of ``law``."""
    z = second_moments(affine_rows(impl, net, weight_scale=weight_scale, bias_scale=bias_scale))
    width = affine_row_norm_bound(net.widths, law, weight_scale=weight_scale, bias_scale=bias_scale) ** 2
    return float(z.mean()), bernstein_halfwidth(z, width, ALPHA_PER_EXAMPLE), standard_error(z)


def _printed_recursion(widths):
    """Var(y_L) by seed 004's printed step Var[y_{l+1}] = (1/(3 n_l)) n_l Var[y_l] + 1/(3 n_l), exactly."""
    v = Fraction(1)
    for n in widths[:-1]:
        v = s4.printed_p2_recursion_value(v, n)
    return v


@pytest.mark.requires("linear_init")
@given(net=networks())
def test_variance_follows_the_general_recursion_under_the_declared_law(impl, net):
    """Var(y_{l+1}) = n_l sigma_W^2 Var(y_l) + sigma_b^2 with the declared law's variances, every depth."""
    law = declared_law.bounded(impl)
    mean, half, _ = _estimate(impl, net, law)
    v = linear_variances(net.widths, law)[-1]
    assert abs(mean - v) <= half, (
        f"widths {net.widths}, law {law.describe()}: Monte Carlo Var(y_L) = {mean:.5f} +- {half:.5f}, "
        f"the recursion gives {v:.5f}")


@pytest.mark.requires("linear_init")
@pytest.mark.claim("004:P2-recursion", "003:P2-layer1")
@given(net=networks())
def test_variance_recursion(impl, net):
    """Var(y_L) is seed 004's printed recursion Var(y_{l+1}) = Var(y_l)/3 + 1/(3 n_l) at every depth and
    width, and for one layer seed 003's (n_0 + 1)/(3 n_0): the Monte Carlo over the implementation's init
    (decided for implementations that declare PyTorch's law, which the seeds assume)."""
    law = declared_law.pytorch(impl)
    mean, half, _ = _estimate(impl, net, law)
    v = float(_printed_recursion(net.widths))
    assert abs(mean - v) <= half, (
        f"widths {net.widths}: Monte Carlo Var(y_L) = {mean:.5f} +- {half:.5f}, the recursion gives {v:.5f}")
    if net.depth == 1:
        one = float(s3.printed_p2_layer1(net.widths[0]))
        assert abs(mean - one) <= half, (
            f"widths {net.widths}: Monte Carlo Var(y_1) = {mean:.5f} +- {half:.5f}, (n_0+1)/(3 n_0) = "
            f"{one:.5f}")


@pytest.mark.claim("004:P2-unrolled")
def test_printed_unrolled_indices_are_wrong():
    """Refutes seed 004's unrolled Var(y_L) as printed, with n_L where n_1 and n_0 belong: widths for which
    it is not the variance (the recursion, exactly in rationals)."""
    widths = st.lists(st.integers(1, 8), min_size=2, max_size=6).map(tuple)

    def truth(w):
        v = Fraction(1)
        for n in w[:-1]:
            v = v / 3 + Fraction(1, 3 * n)
        return v

    refute("004:P2-unrolled", widths, lambda w: s4.printed_p2_unrolled(w) != truth(w),
           describe=lambda w: f"widths (n_0, ..., n_L) = {w}: the printed form gives "
                              f"{s4.printed_p2_unrolled(w)}, "
                              f"Var(y_L) = {truth(w)}")


@given(widths=st.lists(st.integers(1, 8), min_size=2, max_size=6).map(tuple))
def test_recursion_is_the_reference(widths):
    """The exact recursion equals reference/init_variance.py's float one."""
    assert abs(float(_printed_recursion(widths)) - linear_variances(widths)[-1]) <= 1e-15


SCALES = st.sampled_from([(1.0, 1.0), (1.0, 0.0), (0.5, 2.0), (2.0, 0.5), (6**0.5, 0.0), (1.5, 1.5)])


@pytest.mark.requires("linear_init")
@pytest.mark.claim("004:P2-general")
@given(net=networks(), scales=SCALES)
def test_general_variance_step(impl, net, scales):
    """Scaled draws of the declared law (variances s_w^2 sigma_W^2, s_b^2 sigma_b^2): the printed general
    step Var(y_{l+1}) = sigma_A^2 n_l Var(y_l) + sigma_b^2 gives the Monte Carlo variance."""
    law = declared_law.bounded(impl)
    weight_scale, bias_scale = scales
    mean, half, _ = _estimate(impl, net, law, weight_scale, bias_scale)
    v = 1.0
    for n, n_out in zip(net.widths[:-1], net.widths[1:]):
        sigma_a2 = weight_scale**2 * law.weight.variance(n, n_out)
        sigma_b2 = bias_scale**2 * law.bias.variance(n, n_out)
        v = s4.printed_p2_step(v, n, sigma_a2, sigma_b2)
    assert abs(mean - v) <= half, (
        f"widths {net.widths}, scales {scales}: Monte Carlo {mean:.5f} +- {half:.5f}, general form {v:.5f}")


@pytest.mark.requires("linear_init")
@pytest.mark.claim("003:P2-product")
def test_seed003_product_formula_is_wrong(impl):
    """Refutes seed 003's Var(y_L) = prod (n_l + 1)/(3 n_l): a network where the Monte Carlo excludes it."""
    law = declared_law.pytorch(impl)

    def outside(net):
        mean, half, _ = _estimate(impl, net, law)
        return abs(mean - float(s3.printed_p2_product(net.widths))) > half

    def describe(net):
        mean, half, se = _estimate(impl, net, law)
        product, v = float(s3.printed_p2_product(net.widths)), linear_variances(net.widths)[-1]
        return (f"depth {net.depth}, widths {net.widths} (seed {net.seed}): Monte Carlo Var(y_L) = "
                f"{mean:.5f} +- {half:.5f} (1e-9 bound; standard error {se:.5f}); seed 003's product gives "
                f"{product:.5f}, "
                f"{abs(mean - product) / se:.0f} standard errors away; the recursion gives {v:.5f}")

    refute("003:P2-product", networks(min_depth=2), outside, describe=describe, max_examples=50)
