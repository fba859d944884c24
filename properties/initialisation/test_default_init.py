"""The default linear init follows the law the implementation declares, every entry independent.

An implementation declares its law in ``LINEAR_INIT`` (implementations/init_law.py):
PyTorch's U(±1/√n_in) for W and b, Keras's Glorot-uniform W and zero b, a
truncated normal, ... Seeds 003 and 004 (problem 2) state PyTorch's law; that
claim is decided against implementations that declare it (properties/initialisation/law.py).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.implementations.init_law import Law, Part
from dnn_invariants.properties.initialisation import law as declared_law
from dnn_invariants.properties.initialisation.confidence import (
    ALPHA_PER_EXAMPLE,
    dkw_epsilon,
    hoeffding_halfwidth,
    ks_distance,
)
from dnn_invariants.properties.tolerance import gamma
from dnn_invariants.reference.init_variance import uniform_limit
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
from dnn_invariants.strategies.init import COUNT, SEEDS, layer_sizes

CHECKS = 8  # per example; each at ALPHA_PER_EXAMPLE / CHECKS, so <= 1e-6 per test at 1000 examples
ALPHA = ALPHA_PER_EXAMPLE / CHECKS
KS_SAMPLES = 2**16  # DKW epsilon 0.013 at this alpha


def _float32_valued(samples) -> bool:
    return bool(np.all(samples.astype(np.float32).astype(np.float64) == samples))


def _fits(name, samples, part: Part, n_in, n_out, law_text):
    """Every entry inside the law's range, DKW goodness of fit, then Hoeffding on mean and second moment."""
    what = f"{name} of a {n_in} -> {n_out} layer (law: {law_text})"
    if part.law == "zeros":
        assert np.all(samples == 0), (
            f"{what}: an entry is {float(samples.flat[np.argmax(samples != 0)])!r}, not 0")
        return
    bound = part.bound(n_in, n_out)
    if math.isfinite(bound):
        # The framework may compute the limit itself in float32: two roundings (a square root, a quotient).
        limit = bound * (1 + gamma(2, np.float32))
        assert np.all(np.abs(samples) <= limit), (
            f"{what}: an entry {float(samples.flat[np.argmax(np.abs(samples))])!r} lies outside ±{bound:.6g}")
    fitted = samples.ravel()[:KS_SAMPLES]  # the first entries: as independent as all, and cheaper to sort
    distance = ks_distance(fitted, lambda x: part.cdf(x, n_in, n_out))
    eps = dkw_epsilon(fitted.size, ALPHA)
    assert distance <= eps, (
        f"{what}: sup|F_n - F| = {distance:.4g} over {fitted.size} entries exceeds the DKW bound {eps:.4g} "
        f"(false alarm <= {ALPHA:.1e}): the draws do not follow the declared law")
    if not math.isfinite(bound):
        return  # Hoeffding needs a range; the fit above already pins the law
    n, variance = samples.size, part.variance(n_in, n_out)
    mean, h = float(samples.mean()), hoeffding_halfwidth(n, 2 * bound, ALPHA)
    assert abs(mean) <= h, f"{what}: mean {mean:.4g}, |mean| > Hoeffding bound {h:.3g}"
    m2, h2 = float((samples**2).mean()), hoeffding_halfwidth(n, bound**2, ALPHA)
    assert abs(m2 - variance) <= h2, (
        f"{what}: mean square {m2:.5g}, the declared variance is {variance:.5g}; off by more than {h2:.3g}")


def _check_law(impl, law: Law, n_in, n_out, seed):
    w, b = impl.linear_init(n_in, n_out, seed=seed, count=COUNT)
    assert w.shape == (COUNT, n_out, n_in) and b.shape == (COUNT, n_out), (
        f"linear_init({n_in}, {n_out}, count={COUNT}) returned shapes {w.shape}, {b.shape}")
    assert w.dtype == np.float64 and b.dtype == np.float64, "linear_init returns float64 (the contract)"
    _fits("weights", w, law.weight, n_in, n_out, law.describe())
    _fits("biases", b, law.bias, n_in, n_out, law.describe())
    if not law.bounded:
        return
    # Independence across the entries of one draw: E[w_00 b_0] = 0 and E[w_00 w_{n-1,n-1}] = 0 (if distinct).
    pairs = [(b[:, 0], "b_0", law.bias)] + (
        [(w[:, -1, -1], f"W[{n_out - 1},{n_in - 1}]", law.weight)] if n_in * n_out > 1 else [])
    a_w = law.weight.bound(n_in, n_out)
    for other, name, part in pairs:
        if part.law == "zeros" or law.weight.law == "zeros":
            continue
        product = w[:, 0, 0] * other
        h = hoeffding_halfwidth(COUNT, 2 * a_w * part.bound(n_in, n_out), ALPHA)
        assert abs(product.mean()) <= h, (
            f"W[0,0] and {name} are correlated: mean product {product.mean():.4g}, bound {h:.3g}")


@pytest.mark.requires("linear_init")
@given(size=layer_sizes(), seed=SEEDS)
def test_init_follows_the_declared_law(impl, size, seed):
    """W and b of the default linear layer follow the declared LINEAR_INIT law, entries independent.

    DKW goodness of fit (P(sup|F_n - F| > eps) <= 2 exp(-2 n eps^2)), Hoeffding on the
    mean and second moment, and on the product of two distinct entries (independent
    zero-mean entries have E[w b] = 0): at most 8 checks at 1.25e-10 each.
    """
    law = declared_law.declared(impl)
    _check_law(impl, law, *size, seed)


def _collision_probability(samples, part: Part, n_in, n_out) -> float:
    """An upper bound on P(two independent draws are equal), for draws rounded to the dtype they carry.

    A continuous law rounded to a grid of spacing h puts at most density_max * h on a value;
    a generator with k random bits per draw (k = 23 for float32, 52 for float64, at least) puts
    at most 2^-k on one. Whichever is larger bounds P(X = v), hence P(X = X') <= max_v P(X = v).
    """
    float32 = _float32_valued(samples)
    bits, dtype = (23, np.float32) if float32 else (52, np.float64)
    sup = part.bound(n_in, n_out)
    if not math.isfinite(sup):
        sup = 40 * math.sqrt(part.variance(n_in, n_out))  # beyond 40 sigma: probability below 1e-300
    return max(2.0**-bits, part.density_max(n_in, n_out) * float(np.spacing(dtype(sup))))


@pytest.mark.requires("linear_init")
@given(size=layer_sizes(), seed=SEEDS)
def test_init_is_reproducible_and_the_draws_differ(impl, size, seed):
    """The same seed gives the same draws; the COUNT draws of one call are not copies of each other.

    D, the number of distinct values of W[0, 0] over the COUNT draws, changes by at most 1 when
    one draw changes, so P(D < E[D] - t) <= exp(-2 t^2 / COUNT) (McDiarmid); E[D] >= COUNT - E[pairs
    of equal draws] >= COUNT - C(COUNT, 2) p with p the collision bound above. Draws that are
    float32 values (a framework drawing in float32) collide legitimately, and this allows it.
    """
    n_in, n_out = size
    law = declared_law.declared(impl)
    w1, b1 = impl.linear_init(n_in, n_out, seed=seed, count=COUNT)
    w2, b2 = impl.linear_init(n_in, n_out, seed=seed, count=COUNT)
    np.testing.assert_array_equal(w1, w2, err_msg="linear_init with one seed gave two different draws")
    np.testing.assert_array_equal(b1, b2, err_msg="linear_init with one seed gave two different draws")
    if law.weight.law == "zeros":
        return
    values = w1[:, 0, 0]
    p = _collision_probability(values, law.weight, n_in, n_out)
    expected_pairs = COUNT * (COUNT - 1) / 2 * p
    t = math.sqrt(COUNT * math.log(1 / ALPHA_PER_EXAMPLE) / 2)
    distinct = len(np.unique(values))
    assert distinct >= COUNT - expected_pairs - t, (
        f"only {distinct} distinct values of W[0, 0] among {COUNT} initialisations; independent draws of "
        f"the declared law ({law.describe()}) give at least {COUNT - expected_pairs - t:.0f} "
        f"(false alarm <= {ALPHA_PER_EXAMPLE:.0e})")


def _fits_uniform(name, samples, lim, second_moment):
    """DKW goodness of fit to U(-lim, lim), then Hoeffding on the mean and on the second moment."""
    n = samples.size
    assert np.all(np.abs(samples) <= lim), (
        f"{name}: an entry {float(samples.flat[np.argmax(np.abs(samples))])!r} lies outside [-{lim}, {lim}]")
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
    declared_law.pytorch(impl)
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

