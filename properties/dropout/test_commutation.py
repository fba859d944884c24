"""Dropout commutes with an activation for every p exactly when the activation is positively homogeneous.

Seeds 003 and 004, problem 1. Which activations commute is *found*: for each
activation the corpus searches for a violation of f(c y) = c f(y) (c > 0) and,
independently, for a mask, p and y on which dropout(f(y)) != f(dropout(y));
the two searches must agree. The seeds' printed conditions and verdicts
(reference/seeds/seed003.py, seed004.py) are compared with what is found.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import Phase, find, given, settings
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
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
from dnn_invariants.strategies.activations import activation_inputs, activation_params
from dnn_invariants.strategies.dropout import SEEDS


def _homogeneity_cases(name):
    scales = st.one_of(st.sampled_from([2.0, 0.5, 10.0]),
                       st.floats(1e-3, 1e3, allow_nan=False, allow_subnormal=False))
    return st.tuples(activation_params(name), activation_inputs().map(tuple), scales)


def _bound(name, params, c, y, f):
    """|f(fl(c y)) - c f(y)| when f(c y) = c f(y): both evaluations' bounds, the rounding of c f(y), and
    c y's rounding moving f by at most L u |c y|."""
    u = gamma(1, np.float64)
    cy = c * y
    return (act.value_bound(cy, name, np.float64, **params)
            + c * act.value_bound(y, name, np.float64, **params)
            + u * np.abs(c * f(y)) + lipschitz(name, params) * u * np.abs(cy))


def _equal(name, params, c, y, f):
    bound = _bound(name, params, c, y, f)
    return lambda lhs, rhs: np.abs(np.asarray(lhs) - np.asarray(rhs)) <= bound


def _violates_homogeneity(impl, name, case) -> bool:
    """Seed 004's reason, f(c y) = c f(y) (c > 0), fails for this y and c (up to rounding)."""
    params, y, c = case
    y = np.array(y, np.float64)
    f = lambda v: impl.activation(v, name, **params)  # noqa: E731
    return not s4.printed_p1_reason(f, c, y, _equal(name, params, c, y, f))


def _search(strategy, predicate):
    """An input on which ``predicate`` holds, or None: a search, not a refutation of a seed claim."""
    try:  # 300 draws: every non-homogeneous activation here fails within its first few
        return find(strategy, predicate, settings=settings(max_examples=300, database=None, deadline=None,
                                                           derandomize=True, phases=[Phase.generate]))
    except NoSuchExample:
        return None


@pytest.mark.parametrize("name", act.NAMES)
@pytest.mark.requires("dropout", "activation")
@pytest.mark.claim("004:P1-homogeneous")
def test_dropout_commutes_for_all_p_iff_positively_homogeneous(impl, name):
    """dropout(f(y)) = f(dropout(y)) for all p, masks, y  <=>  f(c y) = c f(y) for all c > 0: seed 004's
    reason (non-negative homogeneity, as transcribed) decides commutation, for every activation.

    Both sides are searched for a counterexample (300 draws each); they must agree.
    """
    probe_determinism(impl)  # first: one seed, one mask (the search applies each mask twice)
    not_homogeneous = _search(_homogeneity_cases(name), lambda case: _violates_homogeneity(impl, name, case))
    not_commuting = _search(commutation_cases(name), lambda case: fails_to_commute(impl, case))
    assert (not_homogeneous is None) == (not_commuting is None), (
        f"{name}: positively homogeneous: {not_homogeneous is None}, but commutes with dropout: "
        f"{not_commuting is None} (counterexamples: {not_homogeneous}, {not_commuting})")


@pytest.mark.requires("dropout", "activation")
@pytest.mark.claim("003:P1-condition")
@given(name=st.sampled_from(act.NAMES), data=st.data())
def test_printed_condition_decides_commutation(impl, name, data):
    """Seed 003's condition for one p (sigma(0) = 0 and sigma(y_i/(1-p)) = sigma(y_i)/(1-p) for all i) holds
    exactly when dropout and sigma commute on y for every mask: if it holds, this mask commutes; if it
    fails, one of 200 masks does not (p in [0.1, 0.9]: each entry is kept, and dropped, with probability
    >= 0.1 per mask, so 200 masks miss the failing pattern with probability <= 0.9^200 < 1e-9)."""
    probe_determinism(impl)  # first: one seed, one mask (the masks below are applied twice each)
    params = data.draw(activation_params(name), label="params")
    y = np.array(data.draw(activation_inputs(), label="y"), np.float64)
    p = data.draw(st.floats(0.1, 0.9), label="p")
    f = lambda v: impl.activation(v, name, **params)  # noqa: E731
    # The comparisons to rounding, entry by entry, with the bound the commutation check itself uses
    # (both_orders: the same for every mask). A dropped entry i commutes iff |f(0)| <= bound_i, so
    # 'sigma(0) = 0' holds for every entry iff |f(0)| <= min_i bound_i.
    _, _, bound = both_orders(impl, Commutation(name, params, tuple(y), p, 0))
    holds = s3.printed_p1_condition(
        f, y, p, lambda a, b: np.abs(np.asarray(a) - np.asarray(b)) <= np.min(bound),
        lambda a, b: np.abs(np.asarray(a) - np.asarray(b)) <= bound)
    seeds = range(200) if not holds else [data.draw(SEEDS, label="seed")]
    cases = [Commutation(name, params, tuple(y), p, seed) for seed in seeds]
    failing = [case for case in cases if fails_to_commute(impl, case)]
    assert bool(failing) != holds, (f"{name}{params or ''}, y={y.tolist()}, p={p}: the printed condition "
                                    f"{'holds' if holds else 'fails'}, yet {len(failing)} of {len(cases)} "
                                    "masks "
                                    f"fail to commute")


def _decide_verdict(impl, name, printed_commutes, claim_ids):
    """The printed verdict for ``name`` against the truth: 'commutes' is checked on 100 cases (dropout(f(y))
    = f(dropout(y)) to rounding, one mask each), 'does not' by searching for a case that does not."""
    probe_determinism(impl)  # first: one seed, one mask (else two masks would "refute" anything)
    if printed_commutes:
        @given(case=commutation_cases(name))
        def commutes(case):
            after, before, bound = both_orders(impl, case)
            assert_close(after, before, bound, f"dropout({name}(y)) vs {name}(dropout(y))")
        commutes()
    else:
        refute(claim_ids, commutation_cases(name, p=st.floats(0.01, 0.99)),
               lambda case: fails_to_commute(impl, case),
               describe=lambda case: describe(impl, case), max_examples=300)


@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
@pytest.mark.requires("dropout", "activation")
@pytest.mark.claim("003:P1-relu", "003:P1-leaky", "004:P1-a", "004:P1-c")
def test_relu_and_leaky_relu_commute_with_dropout(impl, name):
    """Seeds 003/004 P1: the printed verdicts for ReLU and LeakyReLU (commute, any slope, every p)."""
    ids = {"relu": ("003:P1-relu", "004:P1-a"), "leaky_relu": ("003:P1-leaky", "004:P1-c")}[name]
    _decide_verdict(impl, name, s3.PRINTED_P1_COMMUTES[name], ids[:1])
    _decide_verdict(impl, name, s4.PRINTED_P1_COMMUTES[name], ids[1:])


@pytest.mark.requires("dropout", "activation")
@pytest.mark.claim("003:P1-sigmoid", "004:P1-b")
def test_sigmoid_does_not_commute_with_dropout(impl):
    """Seeds 003/004 P1: the printed verdict for sigmoid (does not commute; at a dropped entry sigmoid(0) =
    1/2, the printed value, one way and 0 the other)."""
    assert float(impl.activation(np.zeros(1), "sigmoid")[0]) == s4.PRINTED_P1_SIGMOID_AT_ZERO
    _decide_verdict(impl, "sigmoid", s3.PRINTED_P1_COMMUTES["sigmoid"], ("003:P1-sigmoid",))
    _decide_verdict(impl, "sigmoid", s4.PRINTED_P1_COMMUTES["sigmoid"], ("004:P1-b",))


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
    # The printed inequality sigma(y/(1-p)) < sigma(y)/(1-p), wherever rounding cannot decide it otherwise
    # (margin > 2 bound), in the seed's region sigma(y) > 1 - p and everywhere else.
    decided = margin > 2 * bound
    assert np.all(s3.printed_p1_sigmoid_inequality(sc[decided], c * s[decided])), (
        f"y={y[decided].tolist()}, p={p}: the printed inequality fails")
    region = s3.printed_p1_sigmoid_region(s, p) & decided
    assert np.all(s3.printed_p1_sigmoid_inequality(sc[region], c * s[region]))
