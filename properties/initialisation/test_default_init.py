"""The default linear init is U(-1/sqrt(n_in), 1/sqrt(n_in)), every weight and bias independent."""

from __future__ import annotations

import numpy as np
import pytest
from dnn_invariants.properties.initialisation.confidence import (
    ALPHA_PER_EXAMPLE,
    dkw_epsilon,
    hoeffding_halfwidth,
    ks_distance,
)
from dnn_invariants.reference.init_variance import uniform_limit
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
from dnn_invariants.strategies.init import COUNT, SEEDS, layer_sizes
from hypothesis import given
from hypothesis import strategies as st

CHECKS = 8  # per example; each at ALPHA_PER_EXAMPLE / CHECKS, so <= 1e-6 per test at 1000 examples
ALPHA = ALPHA_PER_EXAMPLE / CHECKS
KS_SAMPLES = 2**16  # DKW epsilon 0.013 at this alpha


def _fits_uniform(name, samples, lim, second_moment):
    """DKW goodness of fit to U(-lim, lim), then Hoeffding on the mean and on the second moment."""
    n = samples.size
    assert np.all(np.abs(samples) <= lim), (
        f"{name}: an entry {samples.flat[np.argmax(np.abs(samples))]!r} lies outside [-{lim}, {lim}]")
    fitted = samples.ravel()[:KS_SAMPLES]  # the first entries: as independent as all, and cheaper to sort
    distance = ks_distance(fitted, lambda x: np.clip((x + lim) / (2 * lim), 0, 1))
    eps = dkw_epsilon(fitted.size, ALPHA)
    assert distance <= eps, (
        f"{name}: sup|F_n - F| = {distance:.4g} over {fitted.size} entries exceeds the DKW bound {eps:.4g} "
        f"(false alarm <= {ALPHA:.1e}): not U(-{lim:.4g}, {lim:.4g})")
    mean, h = float(samples.mean()), hoeffding_halfwidth(n, 2 * lim, ALPHA)
    assert abs(mean) <= h, f"{name}: mean {mean:.4g}, |mean| > Hoeffding bound {h:.3g}"
    m2, h2 = float((samples**2).mean()), hoeffding_halfwidth(n, lim**2, ALPHA)
    assert abs(m2 - second_moment) <= h2, (
        f"{name}: mean square {m2:.5g}, the variance (seed 003's sigma) is {second_moment:.5g}; "
        f"off by more than {h2:.3g}")


@pytest.mark.requires("linear_init")
@pytest.mark.claim("003:P2-init", "004:P2-init", "003:P2-density")
@given(size=layer_sizes(), seed=SEEDS)
def test_default_init_is_uniform(impl, size, seed):
    """Weights and biases of the default linear layer are U(-1/sqrt(n_in), 1/sqrt(n_in)) (seeds 003/004 P2),
    with the variance seed 003 calls sigma, 1/(3n).

    DKW goodness of fit (P(sup|F_n - F| > eps) <= 2 exp(-2 n eps^2)), Hoeffding on
    the mean and second moment, and on the product of two distinct entries
    (independent zero-mean entries have E[w b] = 0): 8 checks at 1.25e-10 each.
    """
    n_in, n_out = size
    w, b = impl.linear_init(n_in, n_out, seed=seed, count=COUNT)
    assert w.shape == (COUNT, n_out, n_in) and b.shape == (COUNT, n_out)
    assert w.dtype == np.float64 and b.dtype == np.float64
    for printed in (s3.printed_p2_limit(n_in), s4.printed_p2_limit(n_in)):
        assert abs(printed - uniform_limit(n_in)) <= 2 * np.finfo(float).eps * uniform_limit(n_in)
    lim, sigma = s3.printed_p2_limit(n_in), float(s3.printed_p2_sigma(n_in))
    _fits_uniform("weights", w, lim, sigma)
    _fits_uniform("biases", b, lim, sigma)
    # Independence across the entries of one draw: E[w_00 b_0] = 0 and E[w_00 w_{n-1,n-1}] = 0 (if distinct).
    pairs = [(b[:, 0], "b_0")] + ([(w[:, -1, -1], f"W[{n_out - 1},{n_in - 1}]")] if n_in * n_out > 1 else [])
    for other, name in pairs:
        product = w[:, 0, 0] * other
        h = hoeffding_halfwidth(COUNT, 2 * lim**2, ALPHA)
        assert abs(product.mean()) <= h, (
            f"W[0,0] and {name} are correlated: mean product {product.mean():.4g}, bound {h:.3g}")


@pytest.mark.requires("linear_init")
@given(size=layer_sizes(), seed=SEEDS)
def test_init_is_reproducible_and_the_draws_differ(impl, size, seed):
    """The same seed gives the same draws; the COUNT draws of one call are not copies of each other."""
    n_in, n_out = size
    w1, b1 = impl.linear_init(n_in, n_out, seed=seed, count=COUNT)
    w2, b2 = impl.linear_init(n_in, n_out, seed=seed, count=COUNT)
    np.testing.assert_array_equal(w1, w2)
    np.testing.assert_array_equal(b1, b2)
    assert len(np.unique(w1[:, 0, 0])) == COUNT, "two initialisations drew the same W[0, 0]"


# Gauss-Legendre with 8 nodes integrates polynomials of degree <= 15 exactly on each piece.
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(8)


def _integrate(f, pieces):
    total = 0.0
    for lo, hi in pieces:
        x = (hi - lo) / 2 * _NODES + (hi + lo) / 2
        total += (hi - lo) / 2 * float(np.sum(_WEIGHTS * f(x)))
    return total


@pytest.mark.claim("003:P2-density")
@given(n=st.integers(1, 4096))
def test_printed_density_and_moments(n):
    """The printed density (sqrt(n)/2) chi_[-1/sqrt(n), 1/sqrt(n)] is U(-1/sqrt(n), 1/sqrt(n))'s: it is
    1/(2a) inside, 0 outside (a = 1/sqrt(n)), integrates to 1, and its mean and second moment are the
    printed mu = 0 and sigma = 1/(3n): quadrature on [-2a, -a], [-a, a], [a, 2a] (exact for these
    polynomials, to float64 rounding: a few ulps of the integrand's scale)."""
    a = 1 / np.sqrt(n)
    inside = np.linspace(-a, a, 11)[1:-1]
    outside = np.concatenate([np.linspace(-2 * a, -a, 5)[:-1], np.linspace(a, 2 * a, 5)[1:]])
    np.testing.assert_allclose(s3.printed_p2_density(inside, n), 1 / (2 * a), rtol=4 * np.finfo(float).eps)
    assert not np.any(s3.printed_p2_density(outside, n))
    pieces = [(-2 * a, -a), (-a, a), (a, 2 * a)]
    tol = 64 * np.finfo(float).eps
    mass = _integrate(lambda x: s3.printed_p2_density(x, n), pieces)
    mean = _integrate(lambda x: x * s3.printed_p2_density(x, n), pieces)
    second = _integrate(lambda x: x * x * s3.printed_p2_density(x, n), pieces)
    assert abs(mass - 1) <= tol, f"the printed density integrates to {mass}"
    assert abs(mean - s3.PRINTED_P2_MEAN) <= tol * a, f"mean {mean}, printed {s3.PRINTED_P2_MEAN}"
    assert abs(second - float(s3.printed_p2_sigma(n))) <= tol * a * a, (
        f"second moment {second}, printed sigma {float(s3.printed_p2_sigma(n))}")
