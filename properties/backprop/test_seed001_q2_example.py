"""Seed 001 Q2, the worked example (x = 2, y = 1, W(1), W(2), W(3)), as a golden test."""

from __future__ import annotations

import numpy as np
import pytest

from dnn_invariants.properties.backprop.rounding import gradient_error_bound
from dnn_invariants.properties.refutation import FOUND
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference import seed001_q2 as q2
from dnn_invariants.reference.backprop import mean_gradients, worked_example_values

LD = np.longdouble


@pytest.mark.parametrize("which", ["printed", "deduced"])
@pytest.mark.requires("mlp_gradient")
@pytest.mark.claim("001:Q2-example")
def test_worked_example_gradient(impl, which):
    """The implementation's gradient for the example equals the exact x(l-1) delta(l)^T (both readings)."""
    W = q2.weights(q2.PRINTED_WEIGHTS if which == "printed" else q2.DEDUCED_WEIGHTS)
    X, Y = np.array([[q2.X]]), np.array([[q2.Y]])
    exact = mean_gradients(X.astype(LD), Y.astype(LD), [w.astype(LD) for w in W])
    _, bounds = gradient_error_bound(X, Y, W, "identity")
    for layer, (g, e, b) in enumerate(zip(impl.mlp_gradient(X, Y, W), exact, bounds, strict=True)):
        assert_close(g, e.astype(np.float64), b, f"dE/dW({layer + 1}), {which} weights")


@pytest.mark.claim("001:Q2-weights")
def test_printed_weights_do_not_give_the_printed_signals():
    """Refutes the printed W(1), W(2): they give s(1) = [1.5, 1] and s(2) = -0.418, not [0.7, 1] and -1.48."""
    printed = worked_example_values(q2.weights(q2.PRINTED_WEIGHTS, LD), q2.X, q2.Y)
    deduced = worked_example_values(q2.weights(q2.DEDUCED_WEIGHTS, LD), q2.X, q2.Y)
    assert np.allclose(np.asarray(deduced["s1"], float), q2.PRINTED["s1"], rtol=0, atol=1e-15)
    assert abs(float(deduced["s2"][0]) - q2.PRINTED["s2"][0]) < 0.005
    assert not np.allclose(np.asarray(printed["s1"], float), q2.PRINTED["s1"], rtol=q2.RELATIVE)
    assert not np.allclose(np.asarray(printed["s2"], float), q2.PRINTED["s2"], rtol=q2.RELATIVE)
    FOUND["001:Q2-weights"] = (
        f"printed W(1)[1,0] = 0.7 and W(2)[2] = -2 give s(1) = {np.asarray(printed['s1'], float).tolist()}, "
        f"s(2) = {float(printed['s2'][0]):.4f}; the seed's s(1) = [0.7, 1], s(2) = -1.48 need 0.3 and -3")


@pytest.mark.parametrize("name", list(q2.PRINTED))
@pytest.mark.claim("001:Q2-values")
def test_printed_value(name):
    """Each printed intermediate is within 2.5 % of the exact value (deduced weights), or is wrong."""
    exact = np.asarray(worked_example_values(q2.weights(q2.DEDUCED_WEIGHTS, LD), q2.X, q2.Y)[name], float)
    printed = np.asarray(q2.PRINTED[name], float).reshape(exact.shape)
    wrong = np.abs(printed - exact) > q2.RELATIVE * np.abs(exact)
    if wrong.any():
        FOUND[f"001:Q2-values-{name}"] = (f"printed {printed.ravel().tolist()}, exact "
                                          f"{np.round(exact.ravel(), 4).tolist()}; wrong entries "
                                          f"{[int(i) for i in np.flatnonzero(wrong)]}")
    assert wrong.any() == (name in WRONG), f"{name}: printed {printed.ravel()}, exact {exact.ravel()}"


# Decided by test_printed_value: which printed values are slips (beyond the seed's own rounding).
WRONG = {"delta2", "delta1", "dW1", "dW2", "delta3-in-dW3", "dW3"}
