"""Dropout commutes with an activation for every p exactly when the activation is positively homogeneous.

Seeds 003 and 004, problem 1. Which activations commute is *found*: for each
activation the corpus searches for a violation of f(c y) = c f(y) (c > 0) and,
independently, for a mask, p and y on which dropout(f(y)) != f(dropout(y));
the two searches must agree, and a non-commuting activation's counterexample
is shrunk and printed.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from dnn_invariants.properties.dropout.commuting import (
    Commutation,
    both_orders,
    commutation_cases,
    describe,
    fails_to_commute,
    lipschitz,
    probe_determinism,
)
from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.tolerance import assert_close, gamma
from dnn_invariants.reference import activations as act
from dnn_invariants.strategies.activations import activation_inputs, activation_params
from dnn_invariants.strategies.dropout import SEEDS, probabilities


def _homogeneity_cases(name):
    scales = st.one_of(st.sampled_from([2.0, 0.5, 10.0]),
                       st.floats(1e-3, 1e3, allow_nan=False, allow_subnormal=False))
    return st.tuples(activation_params(name), activation_inputs().map(tuple), scales)


def _violates_homogeneity(impl, name, case) -> bool:
    params, y, c = case
    y = np.array(y, np.float64)
    cy = c * y  # rounded once: moves f by at most L u |c y|
    lhs = impl.activation(cy, name, **params)
    rhs = c * impl.activation(y, name, **params)
    u = gamma(1, np.float64)
    bound = (act.value_bound(cy, name, np.float64, **params)
             + c * act.value_bound(y, name, np.float64, **params)
             + u * np.abs(rhs) + lipschitz(name, params) * u * np.abs(cy))
    return bool(np.any(~(np.abs(lhs - rhs) <= bound)))


def _search(claim_id, strategy, predicate, describe_):
    try:  # 300 draws: every non-homogeneous activation here fails within its first few
        return refute(claim_id, strategy, predicate, describe=describe_, max_examples=300)
    except NoSuchExample:
        return None


@pytest.mark.parametrize("name", act.NAMES)
@pytest.mark.requires("dropout", "activation")
@pytest.mark.claim("003:P1-condition", "004:P1-homogeneous")
def test_dropout_commutes_for_all_p_iff_positively_homogeneous(impl, name):
    """dropout(f(y)) = f(dropout(y)) for all p, masks, y  <=>  f(c y) = c f(y) for all c > 0 (003/004 P1).

    Both sides are searched for a counterexample; they must agree. When neither
    is found (300 draws each), f commutes with dropout up to rounding; when
    both are, the shrunk non-commuting case is printed.
    """
    probe_determinism(impl)  # first: one seed, one mask (the search applies each mask twice)
    not_homogeneous = _search(
        f"003:P1-homogeneous-{name}", _homogeneity_cases(name),
        lambda case: _violates_homogeneity(impl, name, case),
        lambda case: f"{name}{case[0] or ''}: f({case[2]!r} * y) != {case[2]!r} * f(y) at y={list(case[1])}")
    not_commuting = _search(f"003:P1-commutes-{name}", commutation_cases(name),
                            lambda case: fails_to_commute(impl, case), lambda case: describe(impl, case))
    assert (not_homogeneous is None) == (not_commuting is None), (
        f"{name}: positively homogeneous: {not_homogeneous is None}, but commutes with dropout: "
        f"{not_commuting is None} (counterexamples: {not_homogeneous}, {not_commuting})")


@pytest.mark.requires("dropout", "activation")
@pytest.mark.claim("003:P1-relu", "003:P1-leaky", "004:P1-a", "004:P1-c")
@given(data=st.data())
def test_relu_and_leaky_relu_commute_with_dropout(impl, data):
    """One mask: dropout(f(y)) = f(dropout(y)) for ReLU and LeakyReLU (any slope), every p (003/004 P1)."""
    name = data.draw(st.sampled_from(["relu", "leaky_relu"]), label="name")
    case = data.draw(st.builds(Commutation, st.just(name), activation_params(name),
                               activation_inputs().map(tuple), probabilities(), SEEDS), label="case")
    after, before, bound = both_orders(impl, case)
    assert_close(after, before, bound, f"dropout({name}(y)) vs {name}(dropout(y))")


@pytest.mark.requires("dropout", "activation")
@pytest.mark.claim("003:P1-sigmoid", "004:P1-b")
def test_sigmoid_does_not_commute_with_dropout(impl):
    """Seeds 003/004 P1: sigmoid does not commute (a dropped entry: sigmoid(0) = 1/2 one way, 0 the other)."""
    probe_determinism(impl)  # first: one seed, one mask (else two masks would "refute" anything)
    case = refute("004:P1-b", commutation_cases("sigmoid", p=st.floats(0.01, 0.99)),
                  lambda case: fails_to_commute(impl, case), describe=lambda case: describe(impl, case))
    assert fails_to_commute(impl, case)


@pytest.mark.requires("activation")
@pytest.mark.claim("003:P1-sigmoid-inequality")
@given(y=activation_inputs(), p=st.floats(1e-3, 0.999))
def test_sigmoid_of_scaled_input_is_below_scaled_sigmoid(impl, y, p):
    """For c = 1/(1-p) > 1: c sigmoid(y) - sigmoid(c y) >= (c-1) min(sigmoid(y), 1/2) > 0 for every y.

    Seed 003 P1 claims sigmoid(y/(1-p)) < sigmoid(y)/(1-p) "for all large y, more
    specifically for sigmoid(y) > 1-p"; it holds for every y (sigmoid is concave
    on [0, inf) with sigmoid(0) = 1/2, and increasing), with this margin.
    """
    y = np.array(y, np.float64)
    c = 1.0 / (1.0 - p)
    s, sc = impl.activation(y, "sigmoid"), impl.activation(c * y, "sigmoid")
    margin = (c - 1) * np.minimum(act.value(y, "sigmoid"), 0.5)
    bound = (c * act.value_bound(y, "sigmoid", np.float64) + act.value_bound(c * y, "sigmoid", np.float64)
             + 2 * gamma(2, np.float64) * (c * s + np.abs(c * y)))
    gap = c * s - sc
    assert np.all(gap >= margin - bound), f"c sigmoid(y) - sigmoid(c y) = {gap} below margin {margin}"
