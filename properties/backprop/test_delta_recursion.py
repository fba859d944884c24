"""For random tanh MLPs the delta recursion of seed 001 Q2 is the implementation's gradient."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from dnn_invariants.properties.backprop.rounding import gradient_error_bound
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference.backprop import OUTPUT, forward
from dnn_invariants.reference.seeds import seed001 as s1
from dnn_invariants.strategies.mlp import mlp_cases

LD = np.longdouble


@pytest.mark.requires("mlp")
@given(case=mlp_cases())
def test_mlp_forward(impl, case):
    """mlp(x) = x(L) with s(l) = W(l)^T [1; x(l-1)], tanh hidden units, the chosen output unit."""
    X, Y, W = case.arrays()
    out = impl.mlp(X, W, output=case.output)
    exact = np.array([forward(x.astype(LD), [w.astype(LD) for w in W], case.output)[1][-1] for x in X])
    bound, _ = gradient_error_bound(X, Y, W, case.output)
    assert_close(out, exact.astype(np.float64), bound, "mlp(x) vs the forward pass")


def printed_gradients(X, Y, W, output):
    """The mean over examples of seed 001 Q2's de/dW(l) = x(l-1) delta(l)^T, with delta(L) = 2 (x(L) - y)
    theta'(s(L)) and delta(l) = theta'(s(l)) (x) [W(l+1) delta(l+1)] as transcribed (in the dtype of W)."""
    total = None
    for x, y in zip(X, Y, strict=True):
        ss, xs = forward(x, W, output)
        out, out_prime = OUTPUT[output]
        ds = [s1.printed_q2_delta_out(out(ss[-1]), y, out_prime(ss[-1]))]
        for layer in range(len(W) - 2, -1, -1):
            ds.insert(0, s1.printed_q2_delta(1 - np.tanh(ss[layer]) ** 2, W[layer + 1], ds[0]))
        grads = [s1.printed_q2_dEdW(xs[layer], d) for layer, d in enumerate(ds)]
        total = grads if total is None else [t + g for t, g in zip(total, grads)]
    return [t / len(X) for t in total]


@pytest.mark.requires("mlp_gradient")
@pytest.mark.claim("001:Q2-delta", "001:Q2-dEdW")
@given(case=mlp_cases())
def test_delta_recursion_is_the_gradient(impl, case):
    """delta(l) = theta'(s(l)) * [W(l+1) delta(l+1)] (bias row dropped) and de/dW(l) = x(l-1) delta(l)^T,
    as seed 001 Q2 prints them, give the implementation's gradient of mean ||x(L) - y||^2."""
    X, Y, W = case.arrays()
    grads = impl.mlp_gradient(X, Y, W, output=case.output)
    printed = printed_gradients(X.astype(LD), Y.astype(LD), [w.astype(LD) for w in W], case.output)
    _, bounds = gradient_error_bound(X, Y, W, case.output)
    assert len(grads) == len(W)
    for layer, (g, e, b) in enumerate(zip(grads, printed, bounds, strict=True)):
        assert_close(g, np.asarray(e, np.float64), b, f"dE/dW({layer + 1}) vs the printed recursion")
