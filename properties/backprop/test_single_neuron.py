"""Seed 001 Q1: the gradient of E_in(w) = mean (tanh(w^T x_n) - y_n)^2, and where it vanishes along rays."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.backprop.rounding import TANH_ULPS, U, gradient_error_bound
from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference.backprop import ray_limit
from dnn_invariants.reference.seeds import seed001 as s1
from dnn_invariants.strategies.mlp import ray_cases

T_FAR = 40.0  # |t u^T x_n| >= 40 when u^T x_n is a non-zero integer: 1 - tanh^2 <= 4 e^{-80}


def _gradient(impl, X, y, w):
    return impl.mlp_gradient(X, y[:, None], [w[:, None]], output="tanh")[0][:, 0]


@pytest.mark.requires("mlp_gradient")
@pytest.mark.claim("001:Q1-gradient")
@given(case=ray_cases(), scale=st.sampled_from([0.1, 0.5, 1.0]))
def test_gradient_formula(impl, case, scale):
    """grad E_in(w) = (2/N) sum (tanh(w^T x_n) - y_n)(1 - tanh^2(w^T x_n)) x_n, x_n = [1; x_n], as printed
    (evaluated in long double), is the implementation's gradient."""
    w = scale * case.u
    expected = s1.printed_q1_gradient(w.astype(np.longdouble), case.X.astype(np.longdouble), case.y)
    _, (bound,) = gradient_error_bound(case.X, case.y[:, None], [w[:, None]], "tanh")
    assert_close(_gradient(impl, case.X, case.y, w), expected.astype(np.float64), bound[:, 0],
                 "single-neuron gradient")


def _far_bound(case, t):
    """|grad E(t u) - limit| <= (2/N) sum_{u.x_n != 0} |x_n| (1 + |y_n|) (4 e^{-2t|u.x_n|} + rounding).

    1 - tanh^2(z) <= 4 e^{-2|z|}; computed from a tanh TANH_ULPS off near 1 it is at most
    2 (2u TANH_ULPS) + 2u; the zero-plane terms are exact (tanh 0 = 0).
    """
    Xt = np.concatenate([np.ones((len(case.y), 1)), case.X], axis=1)
    a = np.abs(Xt @ case.u)
    off = a != 0
    per = (4 * np.exp(-2 * t * a[off]) + 4 * U * TANH_ULPS + 2 * U) * (1 + np.abs(case.y[off]))
    return 2 / len(case.y) * (np.abs(Xt[off]).T @ per) + 8 * U * np.abs(Xt).T @ (1 + np.abs(case.y))


@pytest.mark.requires("mlp_gradient")
@pytest.mark.claim("001:Q1-vanishing")
@given(case=ray_cases())
def test_gradient_along_a_ray(impl, case):
    """As t -> inf, grad E(t u) -> -(2/N) sum_{n: u^T x_n = 0} y_n x_n; where u^T x_n != 0 for every n
    (the condition), that is the seed's limit 0."""
    limit = ray_limit(case.u, case.X, case.y)
    got = _gradient(impl, case.X, case.y, T_FAR * case.u)
    assert_close(got, limit, _far_bound(case, T_FAR), f"grad E({T_FAR} u) vs its limit")
    Xt = np.concatenate([np.ones((len(case.y), 1)), case.X], axis=1)
    if np.all(Xt @ case.u != 0):
        assert_close(got, s1.printed_q1_ray_limit(case.u, case.X, case.y), _far_bound(case, T_FAR),
                     f"grad E({T_FAR} u) vs the seed's limit, every u^T x_n != 0")


@pytest.mark.requires("mlp_gradient")
@pytest.mark.claim("001:Q1-vanishing")
def test_gradient_need_not_vanish(impl):
    """Refutes 'w -> inf makes grad E_in vanish': data and a ray with u^T x_n = 0 where it does not."""
    def stays(case):
        g = _gradient(impl, case.X, case.y, T_FAR * case.u)
        printed = s1.printed_q1_ray_limit(case.u, case.X, case.y)
        return bool(np.any(np.abs(g - printed) > _far_bound(case, T_FAR)))

    def describe(case):
        g = _gradient(impl, case.X, case.y, T_FAR * case.u)
        limit = ray_limit(case.u, case.X, case.y)
        return f"{case!r}: grad E({T_FAR:g} u) = {g.tolist()}, limit {limit.tolist()}"

    refute("001:Q1-vanishing", ray_cases(), stays, describe=describe)


@pytest.mark.requires("activation_derivative")
@pytest.mark.claim("001:Q1-tanh")
@given(x=st.floats(-20, 20, allow_subnormal=False))
def test_tanh_derivative_is_one_minus_tanh_squared(impl, x):
    """d/dx tanh(x) is each of the seed's three printed forms (the quotient rule's fraction, 1 minus the
    squared quotient, 1 - tanh^2(x), eq. (2)), through the implementation's autodiff.

    The forms are evaluated in long double (unit roundoff u_ld = 2^-64). The implementation's tanh'
    against the exact 1 - t^2: its tanh is within TANH_ULPS ulps, so 1 - t^2 moves by at most
    2 |t| (2 TANH_ULPS U), plus the roundings of the square and the difference (3 U). Each printed form
    in long double, for |x| <= 20: e^x and e^-x within 2 ulps, (a +- b)^2 within 5 u_ld relative, the
    quotient form's numerator (a+b)^2 - (a-b)^2 then within 10 u_ld (a+b)^2 absolute, divided by (a+b)^2:
    11 u_ld absolute; the other two forms square a quotient within 6 u_ld and subtract it from 1: below
    14 u_ld. So 16 u_ld covers every form, far below the float64 terms.
    """
    got = float(impl.activation_derivative(np.array([x]), "tanh")[0])
    t = math.tanh(x)
    u_ld = float(np.finfo(np.longdouble).eps) / 2
    bound = 2 * abs(t) * 2 * TANH_ULPS * U + 3 * U + 16 * u_ld
    for n, form in enumerate(s1.PRINTED_Q1_TANH_DERIVATIVE):
        value = float(form(np.longdouble(x)))
        assert abs(got - value) <= bound, f"x={x!r}: tanh'(x) = {got!r}, printed form {n + 1} gives {value!r}"
