"""BN is differentiable for eps > 0, everywhere; with eps = 0 it is not even continuous at a constant batch.

Seed 002 P1 claims BN is differentiable because it composes elementary
differentiable functions; that needs s2 + eps > 0. Conditional: both sides.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference import batch_norm as ref
from dnn_invariants.reference.seeds import seed002 as s2
from dnn_invariants.strategies.batch_norm import EPS, dense

CONSTANT = st.floats(-4, 4, allow_nan=False, allow_subnormal=False)


@pytest.mark.requires("batch_norm_backward")
@pytest.mark.claim("002:P1-differentiable")
@given(value=CONSTANT, eps=EPS, n=st.sampled_from([2, 3, 8]), dy=dense((8, 1)))
def test_gradient_at_a_constant_batch_with_positive_eps(impl, value, eps, n, dy):
    """eps > 0: at a constant batch (s2 = 0) the gradient exists and is gamma/sqrt(eps) (dy - mean dy):
    BN is differentiable there, as seed 002 P1 concludes; its printed forward (lines 11-12) is the
    implementation's."""
    x = np.full((n, 1), value)
    g, b = np.array([1.5]), np.array([0.25])
    dy = dy.build()[:n]
    dx, dg, db = impl.batch_norm_backward(x, g, b, dy, eps=eps)
    ex, eg, eb = ref.backward(x, g, dy, eps)
    bx, bg, bb = ref.backward_bound(x, g, dy, eps, np.float64)
    assert_close(dx, ex, 2 * bx, "dL/dx at a constant batch")
    assert_close(dg, eg, 2 * bg, "dL/dgamma at a constant batch")
    assert_close(db, eb, 2 * bb, "dL/dbeta at a constant batch")
    # the printed forward is BN's, at this constant batch and at the batch dy
    for batch in (x, dy):
        y, _, _ = impl.batch_norm(batch, g, b, eps=eps)
        assert_close(y[:, 0], s2.printed_p1_forward(batch[:, 0], g[0], b[0], eps),
                     2 * ref.forward_bound(batch, g, b, eps, np.float64)[:, 0], "BN vs the printed formula")
    assert s2.PRINTED_P1_DIFFERENTIABLE, "BN with eps > 0 is differentiable; the transcription says it is not"


def _one_sided_limits(impl, value, direction, t=1e-6):
    """BN(c + t v) and BN(c - t v) with eps = 0: the normalised direction, with opposite signs."""
    v = np.asarray(direction, np.float64).reshape(-1, 1)
    g, b = np.ones(1), np.zeros(1)
    plus, _, _ = impl.batch_norm(value + t * v, g, b, eps=0.0)
    minus, _, _ = impl.batch_norm(value - t * v, g, b, eps=0.0)
    return plus, minus


def _describe(impl, value, v):
    plus, minus = _one_sided_limits(impl, value, v)
    return (f"constant batch {value!r}, direction v={v}, eps=0: BN(c + 1e-6 v) = {plus.ravel().tolist()}, "
            f"BN(c - 1e-6 v) = {minus.ravel().tolist()}")


@pytest.mark.requires("batch_norm")
@pytest.mark.claim("002:P1-differentiable")
def test_bn_with_zero_eps_is_discontinuous_at_a_constant_batch(impl):
    """Refutes "BN is differentiable" for eps = 0: at a constant batch, BN(c + t v) -> vhat and
    BN(c - t v) -> -vhat as t -> 0+, so BN is not continuous there, let alone differentiable."""
    directions = st.lists(st.integers(-3, 3), min_size=2, max_size=4).filter(lambda v: len(set(v)) > 1)

    def jumps(args):  # a jump where the printed conclusion says BN is differentiable (so continuous)
        value, v = args
        plus, minus = _one_sided_limits(impl, value, v)
        jump = bool(np.all(np.isfinite(plus)) and np.max(np.abs(plus - minus)) > 1.0)
        return jump and s2.PRINTED_P1_DIFFERENTIABLE

    value, v = refute("002:P1-differentiable", st.tuples(st.integers(-3, 3).map(float), directions), jumps,
                      describe=lambda a: _describe(impl, *a))
    plus, minus = _one_sided_limits(impl, value, v)
    vhat = ref.normalised(np.asarray(v, float).reshape(-1, 1), 0.0).ravel()
    # BN(c + t v) = vhat exactly for t > 0 (scale and shift invariance); rounding c + t v costs
    # u |c| per entry, relative to the spread t std(v): a few such errors per output.
    t, n = 1e-6, len(v)
    bound = 8 * n * np.finfo(float).eps * (abs(value) + t * np.abs(v).max()) / (t * np.std(v))
    assert_close(plus.ravel(), vhat, bound, "BN(c + t v) is vhat")
    assert_close(minus.ravel(), -vhat, bound, "BN(c - t v) is -vhat")
