"""Seeds 003/004 P3 (iii): when does the identity in diag(sigma')A + I keep gradients from vanishing?

The seeds state it without a condition ("the identity prevents vanishing"): refuted, since
I + D_j A_j can be singular (D_j A_j = -1 on a direction). The corrected statement is a sufficient
condition: if ||D_j A_j||_2 < 1 for every layer, each Jacobian I + D_j A_j has smallest singular
value >= 1 - ||D_j A_j||_2 > 0, and the product's is >= prod_j (1 - ||D_j A_j||_2).
A dead branch (A_j = 0 or sigma' = 0) gives the factor I exactly, as both seeds say; in a plain
(non-residual) network the same factor is diag(sigma') A_j = 0, as seed 004 says.
Transcriptions: reference/seeds/seed003.py, seed004.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.residual.network import abs_chain
from dnn_invariants.properties.tolerance import gamma
from dnn_invariants.reference import activations as act
from dnn_invariants.reference import residual as ref
from dnn_invariants.reference.activations import Activation
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
from dnn_invariants.strategies.residual import ACTIVATIONS


@dataclass(frozen=True)
class Contracting:
    activation: Activation
    m: int
    norms: tuple  # ||D_j A_j||_2 <= rho_j < 1, one per layer
    seed: int

    def layers(self):
        """A_j of norm rho_j / L with L = sup |sigma'| (a leaky slope may exceed 1): ||D_j A_j|| <= rho_j."""
        rng = np.random.default_rng(self.seed)
        out, slope = [], ref.lipschitz(self.activation)
        for rho in self.norms:
            A = rng.standard_normal((self.m, self.m))
            out.append((A * rho / (slope * np.linalg.norm(A, 2)), rng.standard_normal(self.m)))
        return out

    def x(self):
        return np.random.default_rng(self.seed + 1).standard_normal((1, self.m))


def contracting():
    norms = st.lists(st.floats(0.0, 0.95), min_size=1, max_size=4).map(tuple)
    return st.builds(Contracting, ACTIVATIONS, st.sampled_from([1, 2, 3, 5]), norms,
                     st.integers(0, 2**32 - 1))


def _jacobian(impl, h, A, b, name):
    """The layer's Jacobian at h from the implementation's backward, on a batch of m copies of h."""
    m = A.shape[0]
    rows, _, _ = impl.residual_layer_backward(np.repeat(h, m, axis=0), A, b, np.eye(m),
                                              **act.layer_kwargs(name))
    return rows.T  # dL/dy[n] = J^T e_n, so the rows are the columns of J


@pytest.mark.requires("residual_layer", "residual_layer_backward")
@pytest.mark.claim("003:P3-iii", "004:P3-iii")
@given(net=contracting())
def test_contracting_branches_keep_the_gradient(impl, net):
    """||D_j A_j||_2 < 1 for all j  =>  sigma_min(J_k ... J_1) >= prod_j (1 - ||D_j A_j||_2)."""
    h, product, factors, mags = net.x(), np.eye(net.m), [], []
    for A, b in net.layers():
        J = _jacobian(impl, h, A, b, net.activation)
        lo, hi = ref.derivative_interval(h, A, b, net.activation, np.float64)
        # ||D A||_2 grows with each |D_ii|: the largest choice at a kink bounds it
        d_max = np.maximum(np.abs(lo), np.abs(hi)).ravel()
        factors.append(1 - np.linalg.norm(d_max[:, None] * A, 2))
        mags.append(np.eye(net.m) + np.abs(d_max[:, None] * A))
        product = J @ product
        h = impl.residual_layer(h, A, b, **act.layer_kwargs(net.activation))
    smallest = np.linalg.svd(product, compute_uv=False).min()
    # Weyl: rounding moves singular values by at most ||error||_F; the products of k Jacobians (each
    # entry within gamma_{m+2}) and the SVD (backward stable) give at most this much.
    k = len(net.layers())
    error = 4 * gamma((k + 1) * (net.m + 2) + net.m**2, np.float64) * np.linalg.norm(
        abs_chain(np.eye(net.m), mags[::-1]))
    assert smallest >= np.prod(factors) - error, (
        f"sigma_min of the Jacobian product {smallest!r} < prod(1 - ||D_j A_j||) = {np.prod(factors)!r}")


def _describe(a):
    y, w, b = a
    return (f"m = 1, relu: y = {y}, A = [[{w}]], b = [{b}]: A y + b = {w * y + b} > 0, so "
            f"the factor diag(sigma') A + I = 1 + relu'(A y + b) A = {1 + w}: dL/dy = 0 for dL/dz = 1, "
            f"the gradient vanishes despite the identity")


@pytest.mark.requires("residual_layer_backward")
@pytest.mark.claim("003:P3-iii", "004:P3-iii")
def test_identity_does_not_always_prevent_vanishing(impl):
    """Refutes "the identity in diag(sigma')A + I prevents vanishing" (stated without a condition): a
    residual layer whose gradient is exactly 0."""
    def vanishes(a):
        y, w, b = a
        dy, _, _ = impl.residual_layer_backward(np.array([[float(y)]]), np.array([[float(w)]]),
                                                np.array([float(b)]), np.ones((1, 1)),
                                                **act.layer_kwargs("relu"))
        return dy[0, 0] == 0.0

    def contradicts(a):
        return vanishes(a) and s3.PRINTED_P3_IDENTITY_PREVENTS_VANISHING

    def contradicts_004(a):
        return vanishes(a) and s4.PRINTED_P3_IDENTITY_PREVENTS_VANISHING

    small = st.integers(-3, 3)
    refute("003:P3-iii", st.tuples(small, small, small), contradicts, describe=_describe)
    refute("004:P3-iii", st.tuples(small, small, small), contradicts_004, describe=_describe)


def _dead_branch(m, seed, zero):
    rng = np.random.default_rng(seed)
    y, dz = rng.standard_normal((2, m)), rng.standard_normal((2, m))
    if zero:
        A, b, name = np.zeros((m, m)), rng.standard_normal(m), None
    else:  # relu with every pre-activation below 0
        name, A = "relu", rng.standard_normal((m, m))
        b = -(np.abs(y) @ np.abs(A).T).max(axis=0) - 1.0
    return y, dz, A, b, name


@pytest.mark.requires("residual_layer_backward")
@pytest.mark.claim("003:P3-iii-zero", "004:P3-iii-zero")
@given(m=st.sampled_from([1, 2, 3]), name=ACTIVATIONS, seed=st.integers(0, 2**32 - 1), zero=st.booleans())
def test_a_dead_branch_passes_the_gradient_unchanged(impl, m, name, seed, zero):
    """If A_j = 0 or sigma'(A_j y + b_j) = 0 (a dead ReLU), the printed factor diag(sigma') A_j + I is the
    layer's Jacobian: dL/dy = factor^T dL/dz, exactly (the factor is I)."""
    y, dz, A, b, dead = _dead_branch(m, seed, zero)
    name = dead or name
    dy, _, _ = impl.residual_layer_backward(y, A, b, dz, **act.layer_kwargs(name))
    for n in range(len(y)):
        lo, hi = ref.derivative_interval(y[n:n + 1], A, b, name, np.float64)
        slope = lo.ravel()  # with A = 0 any slope gives the same factor
        for printed in (s3.printed_p3_dead_factor(A, slope), s4.printed_p3_dead_factor(A, slope)):
            np.testing.assert_array_equal(dy[n], printed.T @ dz[n])


_plain_jacobian = jax.jit(jax.jacfwd(lambda y, A, b: jnp.maximum(A @ y + b, 0.0)))


@pytest.mark.claim("004:P3-iii-plain")
@given(m=st.sampled_from([1, 2, 3]), seed=st.integers(0, 2**32 - 1), zero=st.booleans())
def test_a_dead_plain_layer_stops_the_gradient(m, seed, zero):
    """In a plain (non-residual) ReLU layer y -> relu(A y + b), A_j = 0 or a dead ReLU makes the Jacobian
    the printed diag(sigma') A_j, which is 0: the gradient vanishes (jax.jacfwd, exact zeros)."""
    y, _, A, b, _ = _dead_branch(m, seed, zero)
    for row in y:
        J = np.asarray(_plain_jacobian(row, A, b))
        slope = (A @ row + b > 0).astype(np.float64)
        np.testing.assert_array_equal(J, s4.printed_p3_plain_factor(A, slope))
        assert not J.any()
