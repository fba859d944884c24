"""Seed 001 Q2, the worked example (x = 2, y = 1, W(1), W(2), W(3)): setup, weights, printed values.

Transcriptions: reference/seeds/seed001.py. The seed's own numbers do not follow from
its printed weights: s(1) = [0.7, 1] needs W(1)[1, 0] = 0.3 (0.1 + 2a = 0.7) and
s(2) = -1.48 needs W(2)[2] = -3 (0.2 + tanh 0.7 + c tanh 1 = -1.48), the weights of
Learning From Data's Example 7.1 (DEDUCED below). The printed values are checked
step by step against those weights, each step from the seed's own carried values.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import strategies as st

from dnn_invariants.properties.backprop.rounding import gradient_error_bound
from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference.backprop import mean_gradients, worked_example_values
from dnn_invariants.reference.seeds import seed001 as s1

LD = np.longdouble
# The weights the printed signals need (see the module docstring); LFD layout, row 0 the bias.
DEDUCED = (((0.1, 0.2), (0.3, 0.4)), ((0.2,), (1.0,), (-3.0,)), ((1.0,), (2.0,)))


def _weights(which, dtype=np.float64):
    return [np.array(w, dtype) for w in which]


@pytest.mark.parametrize("which", ["printed", "deduced"])
@pytest.mark.requires("mlp", "mlp_gradient", "activation_derivative")
@pytest.mark.claim("001:Q2-example")
def test_worked_example_setup(impl, which):
    """The example's setup as printed: x(0) = [1; x] = [1, 2]; the output unit is the identity, so
    theta'(s(3)) = 1 and x(3) = s(3); and the implementation's gradient for it is x(l-1) delta(l)^T."""
    W = _weights(s1.PRINTED_Q2_WEIGHTS if which == "printed" else DEDUCED)
    X, Y = np.array([[s1.X]]), np.array([[s1.Y]])
    assert tuple(np.concatenate([[1.0], X[0]])) == s1.PRINTED_Q2_X0
    exact = worked_example_values(_weights(W, LD), s1.X, s1.Y)
    s3 = np.asarray(exact["s3"], np.float64)
    assert float(impl.activation_derivative(s3, "identity")[0]) == s1.PRINTED_Q2_THETA_PRIME_OUT
    out, bounds = gradient_error_bound(X, Y, W, "identity")
    assert_close(impl.mlp(X, W, output="identity")[0], s3, out[0], "x(3) vs s(3)")
    grads = mean_gradients(X.astype(LD), Y.astype(LD), [w.astype(LD) for w in W])
    for layer, (g, e, b) in enumerate(zip(impl.mlp_gradient(X, Y, W), grads, bounds, strict=True)):
        assert_close(g, e.astype(np.float64), b, f"dE/dW({layer + 1}), {which} weights")


@pytest.mark.claim("001:Q2-W2-shape")
def test_printed_w2_has_the_wrong_shape():
    """Refutes W(2) printed as a 2x2 matrix: W(l) maps [1; x(l-1)] to s(l), so it is (d_{l-1} + 1) x d_l,
    with d from the printed signals (x scalar, s(1) two entries, s(2) and s(3) one): W(2) is 3 x 1."""
    d = [1, len(s1.PRINTED_Q2["s1"]), len(s1.PRINTED_Q2["s2"]), len(s1.PRINTED_Q2["s3"])]

    def wrong(layer):
        return np.shape(s1.PRINTED_Q2_MATRICES[layer]) != (d[layer] + 1, d[layer + 1])

    refute("001:Q2-W2-shape", st.sampled_from(range(3)), wrong,
           describe=lambda layer: f"W({layer + 1}) printed {np.shape(s1.PRINTED_Q2_MATRICES[layer])} "
                                  f"{s1.PRINTED_Q2_MATRICES[layer]}, but it maps the {d[layer] + 1}-vector "
                                  f"[1; x({layer})] to the {d[layer + 1]}-vector s({layer + 1}): "
                                  f"{(d[layer] + 1, d[layer + 1])}")


def _half_unit(text: str) -> float:
    """Half a unit in the last printed digit of a decimal string: its rounding."""
    return 0.5 * 10.0 ** Decimal(text).as_tuple().exponent


def _printed(name):
    return np.array(np.vectorize(float)(np.array(s1.PRINTED_Q2[name], dtype=object)), np.float64)


@pytest.mark.claim("001:Q2-weights")
def test_printed_weights_do_not_give_the_printed_signals():
    """Refutes the printed W(1), W(2): computed from them, s(1) and s(2) are not the printed [0.7, 1] and
    -1.48 (each to half a unit of its last printed digit)."""
    values = worked_example_values(_weights(s1.PRINTED_Q2_WEIGHTS, LD), s1.X, s1.Y)
    entries = [("s1", 0), ("s1", 1), ("s2", 0)]

    def wrong(entry):
        name, i = entry
        return abs(float(values[name][i]) - _printed(name)[i]) > _half_unit(s1.PRINTED_Q2[name][i])

    refute("001:Q2-weights", st.sampled_from(entries), wrong,
           describe=lambda e: f"the printed weights give {e[0]}[{e[1]}] = {float(values[e[0]][e[1]]):.4f}, "
                              f"the seed prints {s1.PRINTED_Q2[e[0]][e[1]]}; s(1) = [0.7, 1], s(2) = -1.48 "
                              "need "
                              f"W(1)[1,0] = 0.3 and W(2)[2] = -3")


# --- the printed values, step by step --------------------------------------------------------------
# Each printed value is the result of one step of the pass, computed by the seed from values it printed
# before: it carries its rounded numbers ('(1 - tanh^2(-1.48)) (x) 2 (-3.6)'). The tolerance is derived
# from that rounding, nothing else. A printed entry is right when it lies within
#     half a unit of its own last printed digit                        (the rounding of the result)
# of the step's value over the box of its carried inputs, where
#   a carried input that is itself right may be any number between its printed (rounded) value and
#   its exact value (the seed may have carried it at any precision up to the exact one: 0.6 or 0.6044
#   for tanh 0.7), and
#   a carried input that is wrong is carried as printed (the seed plugs its -1.768 into the next line).
# 'Exact' is the value of the pass with the deduced weights (in long double). Every step is monotone in
# each input on these boxes (tanh is; 1 - tanh^2 is away from 0, checked; the rest is multilinear), so
# the extremes are at the corners of the box, which are all evaluated.

def _steps():
    W1, W2, W3 = _weights(DEDUCED)
    x0, y = np.array(s1.PRINTED_Q2_X0), s1.Y

    def aug(x):
        return np.concatenate([[1.0], x])

    def slope(s):
        assert np.all(np.abs(s) > 0.1)  # 1 - tanh^2 monotone on every box
        return 1 - np.tanh(s) ** 2

    return {
        "s1": ((), lambda: W1.T @ x0),
        "x1": (("s1",), np.tanh),
        "s2": (("x1",), lambda x1: W2.T @ aug(x1)),
        "x2": (("s2",), np.tanh),
        "s3": (("x2",), lambda x2: W3.T @ aug(x2)),
        "x3": (("s3",), lambda s3: s3),
        "delta3": (("x3",), lambda x3: 2 * (x3 - y) * 1.0),
        "delta2": (("s2", "delta3"), lambda s2, d3: slope(s2) * (W3[1:] @ d3)),
        "delta1": (("s1", "delta2"), lambda s1_, d2: slope(s1_) * (W2[1:] @ d2)),
        "delta1-again": (("s1", "delta2"), lambda s1_, d2: slope(s1_) * (W2[1:] @ d2)),
        "dW1": (("delta1-again",), lambda g1: np.outer(x0, g1)),
        "dW2": (("x1", "delta2"), lambda x1, d2: np.outer(aug(x1), d2)),
        "delta3-in-dW3": (("x3",), lambda x3: 2 * (x3 - y) * 1.0),
        "dW3": (("x2", "delta3-in-dW3"), lambda x2, g3: np.outer(aug(x2), g3)),
    }


def _flat(name):
    return np.ravel(np.array(s1.PRINTED_Q2[name], dtype=object))


def _interval(name, _memo=None):
    """(low, high) per entry of the step producing ``name`` over the corners of its carried inputs' boxes."""
    inputs, f = _steps()[name]
    exact = worked_example_values(_weights(DEDUCED, LD), s1.X, s1.Y)
    lows, highs = [], []
    for i in inputs:
        p, e = _printed(i).ravel(), np.asarray(exact[i], np.float64).ravel()
        right = np.array([not _entry_inconsistent((i, k)) for k in range(p.size)])
        lows.append(np.where(right, np.minimum(p, e), p))
        highs.append(np.where(right, np.maximum(p, e), p))
    values = []
    for corner in itertools.product((0, 1), repeat=sum(len(lo) for lo in lows)):
        it, args = iter(corner), []
        for lo, hi in zip(lows, highs):
            args.append(np.array([(lo[k], hi[k])[next(it)] for k in range(len(lo))]))
        values.append(np.asarray(f(*args), np.float64).ravel())
    values = np.array(values)
    return values.min(axis=0), values.max(axis=0)


def _entry_inconsistent(entry):
    name, i = entry
    lo, hi = _interval(name)
    r, h = _printed(name).ravel()[i], _half_unit(_flat(name)[i])
    return not (lo[i] - h <= r <= hi[i] + h)


ENTRIES = [(name, i) for name in s1.PRINTED_Q2 for i in range(np.size(s1.PRINTED_Q2[name]))]


def _inconsistent(entry):
    return _entry_inconsistent(entry)


# Decided by test_printed_values: the printed entries that are slips, not rounding.
WRONG = {("delta2", 0), ("delta1", 0), ("delta1", 1), ("delta1-again", 0), ("delta1-again", 1),
         ("dW1", 0), ("dW1", 3), ("dW2", 1), ("dW2", 2), ("delta3-in-dW3", 0), ("dW3", 1)}


@pytest.mark.claim("001:Q2-values")
def test_printed_values():
    """Refutes the printed intermediates as a whole: an entry outside its step's value from the seed's own
    carried numbers, widened by their rounding and its own (see above); the wrong ones are WRONG."""
    def describe(entry):
        name, i = entry
        lo, hi = _interval(name)
        return (f"{name}[{i}] printed {_flat(name)[i]}; from the "
                f"seed's own carried {_steps()[name][0] or 'inputs'} it lies in [{lo[i]:.4f}, {hi[i]:.4f}]")

    refute("001:Q2-values", st.sampled_from(ENTRIES), _inconsistent, describe=describe)
    assert {e for e in ENTRIES if _inconsistent(e)} == WRONG
