"""With eps = 0, BN ignores the scale of its input: BN(a x + b) = BN(x) for a > 0 (seed 000 11.7: "with BN,
the input of activation function is always r z~ + beta", transcribed in reference/seeds/seed000.py).

With eps > 0 the scale moves into eps: BN_eps(a x + b) = BN_{eps/a^2}(x), which an
implementation that refuses eps = 0 (torch in training mode) can still be held to.

Consequences for a loss L(W) = <g, BN(u W^T)> of the weights W feeding BN: it is
invariant under W -> c W, its gradient is orthogonal to each row of W, and it
scales as 1/c.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.tolerance import assert_close, gamma
from dnn_invariants.reference import batch_norm as ref
from dnn_invariants.reference.seeds import seed000 as s0
from dnn_invariants.strategies.arrays import ArraySpec, array_specs
from dnn_invariants.strategies.batch_norm import EPS, dense

SCALES = st.one_of(st.sampled_from([2.0, 0.5, 10.0]), st.floats(1e-2, 1e2, allow_nan=False))


@dataclass(frozen=True)
class Layer:
    u: ArraySpec  # inputs (N, d)
    w: ArraySpec  # weights (C, d)
    gamma: ArraySpec
    beta: ArraySpec
    g: ArraySpec  # the loss's linear weights on BN's output (N, C)


@st.composite
def layers(draw):
    n, d, c = draw(st.sampled_from([(4, 3, 2), (8, 5, 3), (16, 4, 4)]), label="N, d, C")
    return Layer(draw(dense((n, d)), label="u"), draw(dense((c, d)), label="w"),
                 draw(array_specs((c,)), label="gamma"), draw(array_specs((c,)), label="beta"),
                 draw(dense((n, c)), label="g"))


def _shift_bound(x, a, shift, g, eps=0.0):
    """BN_eps(fl(a x + shift)) vs BN_eps(a x + shift), per entry, to first order.

    fl(fl(a x) + shift) is off by at most gamma_2 (|a x| + |a x + shift|); that passes
    through BN's Jacobian gamma r (Id - 11^T/I - xhat xhat^T/I), whose row i has absolute
    sum <= |gamma| r (2 + |xhat_i|) (sum_j |xhat_j| <= I, as sum_j xhat_j^2 <= I).
    """
    z = a * x + shift
    dz = gamma(2, np.float64) * (np.abs(ref.channels(a * x)) + np.abs(ref.channels(z))).max(axis=1)
    _, s2 = ref.statistics(z)
    rows = (np.abs(g) / np.sqrt(s2 + eps) * dz)[:, None] * (2 + np.abs(ref.normalised(z, eps)))
    return ref.unchannels(rows, np.shape(x))


def _check_scaled(impl, layer, a, shift, eps):
    """BN_eps(a x + shift) against BN_{eps/a^2}(x), within both forward bounds and the input rounding."""
    x = layer.u.build() @ layer.w.build().T
    g, b = layer.gamma.build(), layer.beta.build()
    eps_x = eps / a**2  # relative rounding <= gamma_2; it moves y by <= gamma_2 |gamma xhat| (d y / d eps)
    y0 = s0.printed_11_7_activation_input(lambda v: impl.batch_norm(v, g, b, eps=eps_x)[0], x, a, shift)
    y1, _, _ = impl.batch_norm(a * x + shift, g, b, eps=eps)
    bound = (ref.forward_bound(x, g, b, eps_x, np.float64)
             + ref.forward_bound(a * x + shift, g, b, eps, np.float64) + _shift_bound(x, a, shift, g, eps)
             + (gamma(2, np.float64) * np.abs(ref.forward(x, g, b, eps_x)[0] - b) if eps else 0.0))
    assert_close(y1, y0, bound, f"BN_eps({a!r} x + {shift!r}) with eps = {eps!r} vs BN_(eps / a^2)(x)")


@pytest.mark.requires("batch_norm")
@pytest.mark.claim("000:11.7-invariance")
@given(layer=layers(), a=SCALES, shift=st.floats(-3, 3, allow_nan=False))
def test_bn_ignores_positive_scale_and_shift(impl, layer, a, shift):
    """With eps = 0: BN(a x + b) = BN(x) for every a > 0 and b, per channel."""
    _check_scaled(impl, layer, a, shift, 0.0)


@pytest.mark.requires("batch_norm")
@pytest.mark.claim("000:11.7-invariance")
@given(layer=layers(), a=SCALES, shift=st.floats(-3, 3, allow_nan=False), eps=EPS)
def test_bn_with_eps_sees_scale_as_a_smaller_eps(impl, layer, a, shift, eps):
    """With eps > 0: BN_eps(a x + b) = BN_{eps/a^2}(x) for every a > 0 and b (eps = 0: scale invariance)."""
    _check_scaled(impl, layer, a, shift, eps)


def _loss_gradient(impl, layer, c):
    u, w = layer.u.build(), c * layer.w.build()
    g, b, gl = layer.gamma.build(), layer.beta.build(), layer.g.build()
    x = u @ w.T
    y, _, _ = impl.batch_norm(x, g, b, eps=0.0)
    dx, _, _ = impl.batch_norm_backward(x, g, b, gl, eps=0.0)
    return float(np.vdot(gl, y)), dx.T @ u, x, dx, w


@pytest.mark.requires("batch_norm", "batch_norm_backward")
@pytest.mark.claim("000:11.7-invariance")
@given(layer=layers(), c=SCALES)
def test_loss_through_bn_is_scale_invariant_with_orthogonal_gradient(impl, layer, c):
    """L(c W) = L(W); <dL/dw_k, w_k> = 0 for every row k; dL/dW at c W is dL/dW at W divided by c."""
    l1, grad1, x1, dx1, w1 = _loss_gradient(impl, layer, 1.0)
    lc, gradc, xc, dxc, wc = _loss_gradient(impl, layer, c)
    g, b, gl = layer.gamma.build(), layer.beta.build(), layer.g.build()
    u = layer.u.build()
    fb = lambda x: ref.forward_bound(x, g, b, 0.0, np.float64)  # noqa: E731
    bb = lambda x: ref.backward_bound(x, g, gl, 0.0, np.float64)[0]  # noqa: E731
    n = x1.size
    loss_bound = np.vdot(np.abs(gl), fb(x1) + fb(xc) + _shift_bound(x1, c, 0.0, g)) \
        + gamma(n, np.float64) * 2 * np.vdot(np.abs(gl), np.abs(ref.forward(x1, g, b, 0.0)[0]))
    assert_close(lc, l1, loss_bound, f"L({c!r} W) vs L(W)")
    # <dL/dw_k, w_k> = sum_n dx[n, k] x[n, k]: BN's input gradient is orthogonal to its input column.
    inner = np.einsum("kd,kd->k", grad1, w1)
    mag = np.einsum("nk,nk->k", bb(x1), np.abs(x1)) + gamma(2 * n, np.float64) * np.einsum(
        "nk,nd,kd->k", np.abs(dx1), np.abs(u), np.abs(w1))
    assert_close(inner, np.zeros_like(inner), mag, "<dL/dw_k, w_k>")
    # dL/dW at cW = (dL/dW at W) / c. Each side: the backward's bound, carried through the product
    # with u; and x = u (c W)^T is not exactly c x: a relative change gamma_{d+1} of its entries,
    # magnified by at most kappa = max |x| / sqrt(s2) by the normalisation, changes dx as much.
    d = u.shape[1]
    _, s2 = ref.statistics(x1)
    kappa = float((np.abs(ref.channels(x1)).max(axis=1) / np.sqrt(s2)).max())
    gb = (bb(x1) + c * bb(xc)).T @ np.abs(u) / c + 4 * gamma(n + d + 4, np.float64) * (1 + kappa) * (
        np.abs(dx1).T @ np.abs(u)) / c
    assert_close(gradc, grad1 / c, gb, f"dL/dW at {c!r} W vs (dL/dW at W) / {c!r}")
