"""Seed 000 11.7: does L2 regularisation with batch norm drive W 'extremely small', to where eps matters?

Setting: weights W (C x d) feed batch norm, x = u W^T; a loss L(W) = <g, BN_eps(u W^T)> with fresh
standard-normal u (N x d) and g (N x C) at every step (minibatch noise), gamma = 1, beta = 0;
gradient descent with the L2 penalty (lambda/2) ||W||^2 (weight decay):
    W <- (1 - eta lambda) W - eta grad L(W),   grad L = (dL/dx)^T u from batch_norm_backward.

Derivation (eps = 0, per row w of W): BN is invariant to the scale of w, so <w, grad L> = 0 and
||grad L(w)|| = G / ||w|| with G the gradient's norm at ||w|| = 1. With a = ||w||^2:
    a_{t+1} = (1 - eta lambda)^2 a_t + eta^2 G_t^2 / a_t.
The fixed point of the mean recursion is a* = eta sqrt(E G^2) / sqrt(1 - (1 - eta lambda)^2), i.e.
||w*|| = (eta^2 E G^2 / (2 eta lambda - eta^2 lambda^2))^(1/4): the shrinkage by weight decay balances
the growth from orthogonal steps. And whatever a_t is, by AM-GM a_{t+1} >= 2 (1 - eta lambda) eta G_t:
the norm cannot fall below sqrt(2 (1 - eta lambda) eta G_t) while the gradient persists. With eps > 0
the same holds up to the term -2 eta (1 - eta lambda) <w, grad L>, of relative size eps / s2.

So: with persistent gradients (G_t bounded below, as minibatch noise keeps it) ||W|| settles at the
fixed point, far above the eps scale (s2 ~ ||w||^2 against eps = 1e-5): the seed's conclusion is
refuted. Only when the gradient on the sphere vanishes (training has converged, G_t -> 0) does weight
decay shrink W geometrically, ||W_t|| = (1 - eta lambda)^t ||W_0||, until eps dominates the batch
variance; even then nothing overflows or becomes NaN (eps > 0), batch norm just stops normalising.

"eps matters" is defined as: eps changes 1/sqrt(s2 + eps) by at least 1 %, i.e. s2 <= EPS_SCALE eps
with 1/sqrt(1 + 1/EPS_SCALE) = 0.99 (EPS_SCALE = 49.25).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference.seeds import seed000 as s0

EPS = 1e-5
EPS_SCALE = 1 / (1 / 0.99**2 - 1)  # s2 <= EPS_SCALE eps: eps moves 1/sqrt(s2 + eps) by >= 1 %
N, D, C = 16, 4, 2
STEPS = 1000


@dataclass
class Trajectory:
    norms2: np.ndarray       # (STEPS + 1, C): ||w_k||^2 along the way
    s2: np.ndarray           # (STEPS, C): batch variance of each channel of x = u W^T at each step
    scale_free: np.ndarray   # (STEPS, C): G_t = ||grad_k|| ||w_k||
    inner: np.ndarray        # (STEPS, C): <w_k, grad_k>
    finite: bool

    def reaches_eps_scale(self) -> bool:
        return bool(np.any(self.s2 <= EPS_SCALE * EPS))


def simulate(impl, seed, eta, lam, *, start_norm=10.0, data_gradient=True) -> Trajectory:
    """GD with weight decay on the minibatch loss <g, BN_eps(u W^T)>; gradients from the implementation."""
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((C, D))
    W *= start_norm / np.linalg.norm(W, axis=1, keepdims=True)
    gamma, beta = np.ones(C), np.zeros(C)
    norms2, s2s, frees, inners, finite = [np.sum(W**2, axis=1)], [], [], [], True
    for _ in range(STEPS):
        u = rng.standard_normal((N, D))
        g = rng.standard_normal((N, C)) if data_gradient else np.zeros((N, C))
        x = u @ W.T
        y, _, var = impl.batch_norm(x, gamma, beta, eps=EPS)
        dx, _, _ = impl.batch_norm_backward(x, gamma, beta, g, eps=EPS)
        grad = dx.T @ u
        finite &= bool(np.all(np.isfinite(y)) and np.all(np.isfinite(grad)))
        s2s.append(np.var(x, axis=0))
        frees.append(np.linalg.norm(grad, axis=1) * np.linalg.norm(W, axis=1))
        inners.append(np.einsum("kd,kd->k", W, grad))
        W = (1 - eta * lam) * W - eta * grad
        norms2.append(np.sum(W**2, axis=1))
    return Trajectory(np.array(norms2), np.array(s2s), np.array(frees), np.array(inners), finite)


def fixed_point_norm(traj: Trajectory, eta, lam) -> np.ndarray:
    """||w*|| = (eta^2 E G^2 / (1 - (1 - eta lambda)^2))^(1/4), E G^2 measured along the trajectory."""
    return (eta**2 * np.mean(traj.scale_free**2, axis=0) / (1 - (1 - eta * lam) ** 2)) ** 0.25


def _check_norm_recursion(traj: Trajectory, eta, lam):
    """a_{t+1} = (1 - eta lambda)^2 a_t - 2 eta (1 - eta lambda) <w, g> + eta^2 ||g||^2 (exact algebra) and
    the AM-GM floor a_{t+1} >= 2 (1 - eta lambda) eta G_t - 2 eta (1 - eta lambda) |<w, g>|, both within
    the rounding of a_t and of the step (a few ulps of the terms: 16 u of their sum, generous)."""
    a, G, inner = traj.norms2[:-1], traj.scale_free, traj.inner
    c = 1 - eta * lam
    terms = c**2 * a + 2 * eta * c * np.abs(inner) + eta**2 * G**2 / a
    rounding = 16 * np.finfo(float).eps * terms
    recursion = c**2 * a - 2 * eta * c * inner + eta**2 * G**2 / a
    assert np.all(np.abs(traj.norms2[1:] - recursion) <= rounding), "the norm recursion does not hold"
    floor = 2 * c * eta * G - 2 * eta * c * np.abs(inner)
    assert np.all(traj.norms2[1:] >= floor - rounding), "a step fell below the AM-GM floor"


@pytest.mark.requires("batch_norm", "batch_norm_backward")
@pytest.mark.claim("000:11.7")
def test_weight_decay_with_persistent_gradients_settles_above_the_eps_scale(impl):
    """Refutes 'L2 with BN makes W extremely small (numerical trouble)': with minibatch gradients, gradient
    descent with weight decay keeps every row of W at the fixed point of its norm recursion, and the batch
    variance never comes near eps (s2 > 49 eps at every step)."""
    cases = st.tuples(st.integers(0, 2**16), st.sampled_from([0.1, 0.5]), st.sampled_from([0.01, 0.05, 0.1]))

    def contradicts(case):
        traj = simulate(impl, *case)
        return traj.finite and traj.reaches_eps_scale() != s0.PRINTED_11_7_W_REACHES_EPS_SCALE

    def describe(case):
        seed, eta, lam = case
        traj = simulate(impl, *case)
        half = traj.norms2[STEPS // 2:] ** 0.5
        return (f"seed {seed}, eta={eta}, lambda={lam}, eps={EPS}, {STEPS} steps from ||w|| = 10: ||w|| "
                "ends at "
                f"{np.round(half[-1], 3).tolist()} (last half between "
                f"{np.round(half.min(axis=0), 3).tolist()} and "
                f"{np.round(half.max(axis=0), 3).tolist()}), the fixed point "
                "(eta^2 E G^2/(1-(1-eta lambda)^2))^(1/4) = "
                f"{np.round(fixed_point_norm(traj, eta, lam), 3).tolist()}; "
                f"smallest batch variance {traj.s2.min():.3g} = {traj.s2.min() / EPS:.3g} eps, never the "
                "eps scale")

    seed, eta, lam = refute("000:11.7", cases, contradicts, describe=describe, max_examples=4)
    _check_norm_recursion(simulate(impl, seed, eta, lam), eta, lam)


@pytest.mark.requires("batch_norm", "batch_norm_backward")
@pytest.mark.claim("000:11.7")
def test_weight_decay_without_gradient_reaches_the_eps_scale(impl):
    """Where the seed is right: once the data gradient vanishes (G_t = 0, training converged), weight decay
    alone shrinks W geometrically, ||W_t|| = (1 - eta lambda)^t ||W_0||, until the batch variance is at the
    eps scale; every value stays finite (eps > 0)."""
    eta, lam = 0.1, 0.1
    traj = simulate(impl, 0, eta, lam, start_norm=1.0, data_gradient=False)
    t = np.arange(STEPS + 1)[:, None]
    expected = (1 - eta * lam) ** (2 * t) * traj.norms2[0]
    # each step multiplies by fl(1 - eta lambda) (one rounding) and squares: relative error <= 3 t u
    assert np.all(np.abs(traj.norms2 - expected) <= 3 * (t + 1) * np.finfo(float).eps * expected)
    assert traj.finite
    assert traj.reaches_eps_scale() == s0.PRINTED_11_7_W_REACHES_EPS_SCALE, (
        f"smallest batch variance {traj.s2.min():.3g} after {STEPS} steps of decay alone")


def _penalty_cases():
    entries = st.lists(st.integers(-2, 2), min_size=4, max_size=4)
    return entries.map(lambda v: np.array(v, np.float64).reshape(2, 2))


@pytest.mark.claim("000:11.7-penalty")
def test_l2_penalty_is_not_the_norm_of_wtw():
    """Refutes the L2 penalty written lambda ||W^T W||: the L2 penalty is lambda ||W||_F^2 = lambda tr(W^T W),
    and ||W^T W||_F equals it only when W has rank <= 1 (integer W: compared to 4 ulps)."""
    def differs(W):
        printed = s0.printed_11_7_penalty(W)
        return not np.isclose(printed, np.trace(W.T @ W), rtol=4 * np.finfo(float).eps, atol=0)

    refute("000:11.7-penalty", _penalty_cases(), differs,
           describe=lambda W: f"W = {W.astype(int).tolist()}: ||W^T W|| = {s0.printed_11_7_penalty(W):.6g}, "
                              f"the L2 penalty ||W||_F^2 = tr(W^T W) = {np.trace(W.T @ W):g}")
