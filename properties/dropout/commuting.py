"""Shared pieces of the commutation properties: applying f before and after one dropout mask."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from dnn_invariants.properties.dropout.cases import dropout_twice
from dnn_invariants.properties.tolerance import gamma
from dnn_invariants.reference import activations as act
from dnn_invariants.reference import dropout as ref
from dnn_invariants.strategies.activations import activation_inputs, activation_params
from dnn_invariants.strategies.dropout import SEEDS, probabilities


@dataclass(frozen=True)
class Commutation:
    name: str
    params: dict
    y: tuple
    p: float
    seed: int


def commutation_cases(name, p=None):
    return st.builds(Commutation, st.just(name), activation_params(name),
                     activation_inputs().map(tuple), p if p is not None else probabilities(), SEEDS)


lipschitz = act.lipschitz  # an upper bound on |f'|: how far rounding the input can move f


def both_orders(impl, case: Commutation, twice=True):
    """(dropout(f(y)), f(dropout(y)), bound on their difference if f commutes) with one seed.

    ``twice``: first make the first dropout call twice (properties/dropout/cases.py); a search
    over many cases checks that once instead (``probe_determinism``).
    """
    y = np.array(case.y, np.float64)
    f = lambda v: impl.activation(v, case.name, **case.params)  # noqa: E731
    after = (dropout_twice if twice else _once)(impl, f(y), case.p, case.seed)
    before = f(impl.dropout(y, case.p, seed=case.seed))
    s = ref.scale(case.p)
    fy = np.abs(act.value(y, case.name, **case.params))
    # dropout rounds the scaled value (3 roundings, each side); f rounds its own way on
    # y and on y*s, and the rounded y*s moves f by at most L u |y s|.
    u3 = gamma(3, np.float64)
    bound = (s * act.value_bound(y, case.name, np.float64, **case.params)
             + act.value_bound(y * s, case.name, np.float64, **case.params)
             + u3 * s * fy + lipschitz(case.name, case.params) * u3 * np.abs(y * s))
    return after, before, bound


def _once(impl, x, p, seed):
    return impl.dropout(x, p, seed=seed)


def probe_determinism(impl) -> None:
    """Before a search that uses each seed for two dropout calls: the same call twice agrees."""
    dropout_twice(impl, np.linspace(-2.0, 2.0, 16), 0.5, 20261201)


def fails_to_commute(impl, case: Commutation) -> bool:
    """Whether f and dropout fail to commute on this case (searches call probe_determinism first)."""
    after, before, bound = both_orders(impl, case, twice=False)
    return bool(np.any(~(np.abs(after - before) <= bound)))


def describe(impl, case: Commutation) -> str:
    after, before, _ = both_orders(impl, case, twice=False)
    i = int(np.argmax(np.abs(after - before)))
    return (f"{case.name}{case.params or ''}, y={list(case.y)}, p={case.p!r}, seed={case.seed}: "
            f"entry {i}: dropout(f(y)) = {float(after[i])!r}, f(dropout(y)) = {float(before[i])!r}")
