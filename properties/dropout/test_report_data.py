"""Data for the HTML report's dropout plot: the commutation gap f(drop(y)) - drop(f(y)) per activation.

Seeds 003 and 004, problem 1. One mask (p = 1/2, a fixed seed) on 41 inputs in
[-4, 4], every activation of the contract with the parameters in ``PARAMETERS``
(passed explicitly, as always): the gap the
implementation computes (both orders from commuting.py), the rounding bound
within which a commuting activation's gap must stay, and which entries the mask
kept. Recorded with ``channel.observe`` for harness/html_report.py. The test
checks the gap against the math: on a dropped entry it is f(0), on a kept one
f(y/(1-p)) - f(y)/(1-p).
"""

from __future__ import annotations

import numpy as np
import pytest

from dnn_invariants.harness import channel
from dnn_invariants.properties.dropout.commuting import Commutation, both_orders
from dnn_invariants.properties.tolerance import gamma
from dnn_invariants.reference import activations as act
from dnn_invariants.reference import dropout as ref

Y = tuple(float(v) for v in np.linspace(-4.0, 4.0, 41))
PARAMETERS = {"leaky_relu": {"negative_slope": 0.2}, "prelu": {"weight": 0.25}, "elu": {"alpha": 1.0}}
P, SEED = 0.5, 3


@pytest.mark.requires("dropout", "activation")
def test_commutation_gap_per_activation(impl):
    """Per activation, the implementation's gap is the exact one up to rounding; the data go to the report."""
    y = np.array(Y)
    kept = np.asarray(impl.dropout(np.ones_like(y), P, seed=SEED)) != 0
    s = ref.scale(P)
    rows, problems = [], []
    for name in act.NAMES:
        params = dict(PARAMETERS.get(name, {}))
        try:
            after, before, bound = both_orders(impl, Commutation(name, params, Y, P, SEED))
        except pytest.skip.Exception as skipped:  # the implementation lacks this activation
            rows.append(dict(name=name, params=params, missing=str(skipped)))
            continue
        gap = before - after
        f_scaled, f_y = act.value(y * s, name, **params), act.value(y, name, **params)
        exact = np.where(kept, f_scaled - s * f_y, act.value(np.zeros_like(y), name, **params))
        tolerance = 2 * (bound + gamma(2, np.float64) * (np.abs(f_scaled) + s * np.abs(f_y)))
        if not np.all(np.abs(gap - exact) <= tolerance):
            i = int(np.argmax(np.abs(gap - exact) - tolerance))
            problems.append(f"{name}: at y = {Y[i]} the gap is {float(gap[i])!r}, the math gives "
                            f"{float(exact[i])!r}")
        rows.append(dict(name=name, params=params, gap=gap.tolist(), bound=bound.tolist()))
    channel.observe("dropout_gap", p=P, seed=SEED, y=list(Y), kept=kept.tolist(), activations=rows)
    assert not problems, "; ".join(problems)
