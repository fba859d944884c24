"""Seed 000 11.4: variances in residual networks (transcriptions: reference/seeds/seed000.py).

True statement: when the two paths h and f(h) of a block are uncorrelated, E|h + f(h)|^2 =
E|h|^2 + E|f(h)|^2; a He-initialised ReLU branch f(h) = A2 relu(A1 h) (A1 ~ N(0, 2/m),
A2 ~ N(0, 1/m)) has E|f(h)|^2 = |h|^2 and E<h, f(h)> = 0, so the variance doubles per block.
The seed's algebra on the way, with its own branch p1 = relu(phi x + beta), has false lines;
each is refuted.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference import residual as ref
from dnn_invariants.reference.seeds import seed000 as s0

ALPHA = 1e-9  # per example; at most 1000 examples (thorough) keep the test's false-alarm rate <= 1e-6
GROUPS = ref.groups_for(ALPHA)  # 166
GROUP_SIZE = 32


@pytest.mark.requires("activation")
@pytest.mark.claim("000:11.4")
@given(m=st.sampled_from([8, 16]), k=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_variance_doubles_per_block(impl, m, k, seed):
    """The printed rule 'uncorrelated paths: the block's variance is Var[skip] + Var[branch]' applied k
    times (E|f(h)|^2 = |h|^2 for a He branch) gives E|h_k|^2 = 2^k |x|^2 for k He-initialised ReLU residual
    blocks, by a median of means (alpha 1e-9).

    Each of GROUPS x GROUP_SIZE independent networks (fresh weights) sees one input x;
    R = |h_k|^2 / (2^k |x|^2) has mean 1 and variance (E R_1^2 / 4)^k - 1 exactly
    (reference/residual.py). Chebyshev puts a group mean within 2 sd / sqrt(GROUP_SIZE)
    of 1 with probability >= 3/4; the median of 166 groups fails only if half of them do,
    probability <= exp(-166/8) < 1e-9. The ReLUs are the implementation's.

    The weights are fresh for every block of every network, so A1 h and A2 r are drawn from
    their exact laws N(0, 2|h|^2/m Id) and N(0, |r|^2/m Id) (the rows of A are independent
    N(0, s/m Id) vectors): the same distribution of h_k as drawing A1 and A2, with 2m normals
    per block instead of 2m^2 (the m x m matrices cost 90 % of this test's time).
    """
    rng = np.random.default_rng(seed)
    n = GROUPS * GROUP_SIZE
    x = rng.standard_normal((n, m))
    h = x
    for _ in range(k):
        pre = math.sqrt(2 / m) * np.linalg.norm(h, axis=1, keepdims=True) * rng.standard_normal((n, m))
        r = impl.activation(pre, "relu")
        h = h + math.sqrt(1 / m) * np.linalg.norm(r, axis=1, keepdims=True) * rng.standard_normal((n, m))
    per_block = s0.printed_11_4_block_variance(1.0, 1.0)  # E|h + f(h)|^2 / |h|^2 by the printed rule
    ratio = (h**2).sum(axis=1) / (per_block**k * (x**2).sum(axis=1))
    median = float(np.median(ratio.reshape(GROUPS, GROUP_SIZE).mean(axis=1)))
    variance = (ref.second_moment_of_ratio(m) / 4) ** k - 1
    radius = ref.median_of_means_radius(variance, GROUP_SIZE)
    assert abs(median - 1) <= radius, (
        f"m={m}, k={k}: median of group means of |h_k|^2 / ({per_block}^k |x|^2) is {median:.4f}, "
        f"not within {radius:.4f} of 1 (alpha {ALPHA:.0e})")


@pytest.mark.requires("activation")
@pytest.mark.claim("000:11.4-Ep1")
@given(x=st.floats(-3, 3), sigma=st.floats(0.1, 2), sigma_b=st.floats(0.0, 2), seed=st.integers(0, 2**32 - 1))
def test_mean_of_the_relu_path(impl, x, sigma, sigma_b, seed):
    """E[relu(phi x + beta)] = s/sqrt(2 pi), s^2 = sigma^2 x^2 + sigma_b^2 (not 0): Monte Carlo, alpha 1e-9.

    relu is 1-Lipschitz and phi x + beta ~ N(0, s^2), so the mean of n draws is sub-Gaussian
    around the expectation: P(|mean - E| >= t) <= 2 exp(-n t^2 / (2 s^2)) (Gaussian concentration).
    """
    n = 2**16
    rng = np.random.default_rng(seed)
    z = sigma * x * rng.standard_normal(n) + sigma_b * rng.standard_normal(n)
    s = math.hypot(sigma * x, sigma_b)
    mean = float(impl.activation(z, "relu").mean())
    radius = s * math.sqrt(2 * math.log(2 / ALPHA) / n) + 1e-12
    expected = s / math.sqrt(2 * math.pi)
    assert abs(mean - expected) <= radius, f"mean of relu(phi x + beta) {mean!r}, s/sqrt(2 pi) = {expected!r}"
    assert abs(ref.expected_relu_of_gaussian(0.0, s) - s / math.sqrt(2 * math.pi)) <= 1e-15 * (1 + s)


def _relu_path_mean(x, sigma, sigma_b):
    """E[relu(phi x + beta)] = s/sqrt(2 pi), s^2 = sigma^2 x^2 + sigma_beta^2 (phi x + beta ~ N(0, s^2))."""
    return ref.expected_relu_of_gaussian(0.0, math.hypot(sigma * x, sigma_b))


PARAMS = st.tuples(st.integers(-3, 3), st.integers(0, 3), st.integers(0, 3))


@pytest.mark.claim("000:11.4-Ep1")
def test_relu_path_has_positive_mean():
    """Refutes E[p1] = 0 (line 44): E[relu(phi x + beta)] = s/sqrt(2 pi) > 0 once s > 0."""
    a = refute("000:11.4-Ep1", PARAMS, lambda a: _relu_path_mean(*a) != s0.printed_11_4_e_p1(*a),
               describe=lambda a: f"x={a[0]}, sigma={a[1]}, sigma_beta={a[2]}: E[p1] = E[relu(phi x + "
                                  "beta)] = "
                                  f"s/sqrt(2 pi) = {_relu_path_mean(*a):.6g}, the seed's "
                                  f"{s0.printed_11_4_e_p1(*a)}")
    assert a is not None


@pytest.mark.claim("000:11.4-Ep1p2")
def test_expectation_cannot_move_inside_the_relu():
    """Refutes E[x f(phi x + beta)] = x f(E[phi] x + E[beta]) = 0 (lines 38-39): it is x s/sqrt(2 pi)."""
    def wrong(a):
        return a[0] * _relu_path_mean(*a) != s0.printed_11_4_e_p1p2(*a)

    refute("000:11.4-Ep1p2", PARAMS, wrong,
           describe=lambda a: f"x={a[0]}, sigma={a[1]}, sigma_beta={a[2]}: E[x relu(phi x + beta)] = "
                              f"{a[0] * _relu_path_mean(*a):.6g}, the seed's x relu(E[phi] x + E[beta]) = "
                              f"{s0.printed_11_4_e_p1p2(*a)}")


def _induction_covariance(x, sigma):
    """Cov[f1(x), f2(x + f1(x))] for the seed's branches f_j(h) = relu(phi_j h), phi_j ~ N(0, sigma^2)
    independent (sigma_beta = 0), x >= 0.

    E[f2 | f1] = E relu(phi_2 h1) = sigma |h1| / sqrt(2 pi) with h1 = x + f1 >= 0, linear in f1, so
    Cov[f1, f2] = sigma/sqrt(2 pi) Var[f1], and Var[relu(N(0, s^2))] = s^2 (1/2 - 1/(2 pi)), s = sigma x.
    """
    s = sigma * x
    return sigma / math.sqrt(2 * math.pi) * s * s * (math.pi - 1) / (2 * math.pi)


@pytest.mark.claim("000:11.4-induction")
def test_other_paths_are_correlated():
    """Refutes '(we can use similar idea to prove other path by induction)': with the seed's branches,
    the path through f1 and the path through f2 are correlated for every x > 0."""
    params = st.tuples(st.integers(0, 3), st.integers(0, 3))
    refute("000:11.4-induction", params,
           # the two are a few float operations each: equal to 8 ulps when the printed value is right
           lambda a: not math.isclose(_induction_covariance(*a), s0.printed_11_4_other_paths_cov(*a),
                                      rel_tol=8 * np.finfo(float).eps),
           describe=lambda a: f"x={a[0]}, sigma={a[1]}, sigma_beta=0: Cov[f1(x), f2(x + f1(x))] = "
                              f"sigma/sqrt(2 pi) Var[f1] = {_induction_covariance(*a):.6g}, the seed's "
                              f"{s0.printed_11_4_other_paths_cov(*a)}")


def _moments(xs, ys):
    """Exact population moments of the equally weighted points (x_k, y_k)."""
    n = len(xs)
    mean = lambda v: Fraction(sum(v), n)  # noqa: E731
    var = lambda v: mean([t * t for t in v]) - mean(v) ** 2  # noqa: E731
    cov = mean([a * b for a, b in zip(xs, ys)]) - mean(xs) * mean(ys)
    return var(xs), var(ys), cov, var([a * b for a, b in zip(xs, ys)]), var([a + b for a, b in zip(xs, ys)])


POINTS = st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=5)
# Uncorrelated points: every x value with every y value (the empirical law is a product), Cov = 0.
UNCORRELATED = st.tuples(st.lists(st.integers(-3, 3), min_size=1, max_size=4),
                         st.lists(st.integers(-3, 3), min_size=1, max_size=4)).map(
    lambda v: [(a, b) for a in v[0] for b in v[1]])


@pytest.mark.claim("000:11.4-var-sum")
@given(points=UNCORRELATED)
def test_variance_of_a_sum(points):
    """For uncorrelated x, y (Cov = 0 exactly), Var[x + y] is the printed Var[x] + Var[y], exactly."""
    vx, vy, c, _, vs = _moments(*zip(*points))
    assert c == 0
    assert vs == s0.printed_11_4_uncorrelated_sum(vx, vy)


@given(points=POINTS)
def test_variance_of_a_sum_in_general(points):
    """Var[x + y] = Var[x] + Var[y] + 2 Cov[x, y], exactly."""
    vx, vy, c, _, vs = _moments(*zip(*points))
    assert vs == vx + vy + 2 * c


def _describe_points(points, which):
    vx, vy, c, vp, vs = _moments(*zip(*points))
    lhs = vp if which == "product" else vs
    return (f"points (x, y) = {points}: Var[{'xy' if which == 'product' else 'x+y'}] = {lhs}, "
            f"Var[x] + Var[y] + Cov[x, y] = {s0.printed_11_4_variance_line(*zip(*points))}")


@pytest.mark.claim("000:11.4-var-xy")
def test_seed_variance_of_product_is_wrong():
    """Refutes Var[xy] = Var[x] + Var[y] + Cov[x, y] (seed 000 11.4): not the variance of a product."""
    def wrong(points):
        return _moments(*zip(*points))[3] != s0.printed_11_4_variance_line(*zip(*points))
    refute("000:11.4-var-xy", POINTS, wrong, describe=lambda p: _describe_points(p, "product"))


@pytest.mark.claim("000:11.4-var-xy")
def test_seed_covariance_factor_is_wrong():
    """Refutes the seed's last line even read as the expansion of E[(x - E x + (y - E y))^2] = Var[x + y]:
    the covariance needs the factor 2."""
    def wrong(points):
        return _moments(*zip(*points))[4] != s0.printed_11_4_variance_line(*zip(*points))
    refute("000:11.4-var-xy-sum", POINTS, wrong, describe=lambda p: _describe_points(p, "sum"))


@pytest.mark.requires("activation")
@pytest.mark.claim("000:11.4-cov")
@given(sigma=st.floats(0.1, 2), sigma_b=st.floats(0.0, 2), seed=st.integers(0, 2**32 - 1))
def test_paths_are_uncorrelated_for_a_symmetric_input(impl, sigma, sigma_b, seed):
    """For x ~ N(0, 1) (symmetric), Cov[x, relu(phi x + beta)] = E[x relu(phi x + beta)] = 0: Monte Carlo.

    (x, phi) -> (-x, -phi) preserves the law and flips the sign of x relu(phi x + beta), so its mean
    is 0. Its variance is at most E[x^2 (phi x + beta)^2] = 3 sigma^2 + sigma_b^2, so Chebyshev per
    group and the median of GROUPS group means bound the estimate (alpha 1e-9).
    """
    group_size = 512
    rng = np.random.default_rng(seed)
    n = GROUPS * group_size
    x = rng.standard_normal(n)
    p1 = impl.activation(sigma * rng.standard_normal(n) * x + sigma_b * rng.standard_normal(n), "relu")
    median = float(np.median((x * p1).reshape(GROUPS, group_size).mean(axis=1)))
    radius = ref.median_of_means_radius(3 * sigma**2 + sigma_b**2, group_size)
    printed = s0.printed_11_4_cov(("normal", 0.0, 1.0))
    assert abs(median - printed) <= radius, (
        f"sigma={sigma}, sigma_b={sigma_b}: median of group means of x relu(phi x + beta) is {median:.4g}, "
        f"not within {radius:.4g} of the printed {printed} (alpha {ALPHA:.0e})")


def _two_point_covariance(a):
    """x = u or v with probability 1/2: Cov[x, E[relu(phi x + beta) | x]] = (u - v)(m(u) - m(v))/4."""
    u, v, sigma, sigma_b = a
    m = [ref.expected_relu_of_gaussian(0.0, math.hypot(sigma * t, sigma_b)) for t in (u, v)]
    return (u - v) * (m[0] - m[1]) / 4


@pytest.mark.claim("000:11.4-cov")
def test_paths_are_correlated_for_an_asymmetric_input():
    """Refutes 'p1 and p2 are uncorrelated' for a random input that is not symmetric about 0.

    E[relu(phi x + beta) | x] = s(x)/sqrt(2 pi) grows with |x|, so an input law that is not symmetric
    correlates the two paths; with x fixed (as the seed computes) p2 is a constant and Cov is 0.
    """
    params = st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.integers(0, 3), st.integers(0, 3))
    a = refute("000:11.4-cov", params,
               lambda a: _two_point_covariance(a) != s0.printed_11_4_cov(("two-point", *a)),
               describe=lambda a: f"x = {a[0]} or {a[1]} (prob 1/2 each), sigma={a[2]}, sigma_beta={a[3]}: "
                                  f"Cov[p1, p2] = {_two_point_covariance(a):.6g}")
    assert a is not None
