"""The diagonal of the BN Jacobian, and the two diagonals the seeds print (000 11.5, 002 P1).

Transcriptions: reference/seeds/seed000.py (11.5's last line), seed002.py (P1's dy_i/dx_i).
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given

from dnn_invariants.properties.batch_norm.diagonal import implementation_diagonal
from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference import batch_norm as ref
from dnn_invariants.reference.seeds import seed000 as s0
from dnn_invariants.reference.seeds import seed002 as s2
from dnn_invariants.strategies.batch_norm import bn_cases

SMALL = [(2, 1), (3, 2), (8, 3), (2, 1, 2, 2), (2, 2, 1, 5)]  # one backward per entry of a channel


def _describe(c, printed):
    x, g, _, _ = c.arrays()
    return (f"x={x.tolist()}, gamma={g.tolist()}, eps={c.eps!r}: printed diagonal "
            f"{printed(x, g, c.eps).tolist()}, true {ref.diagonal(x, g, c.eps).tolist()}")


def _diag_bound(x, g, eps):
    """A diagonal entry is a backward entry with dy = e_k: the backward bound for |dy| = 1 everywhere."""
    ones = np.ones_like(x)
    return ref.channels(ref.backward_bound(x, g, ones, eps, np.float64)[0]) * 2


@pytest.mark.requires("batch_norm_backward")
@pytest.mark.claim("000:11.5")
@given(case=bn_cases(shapes=SMALL))
def test_diagonal_formula(impl, case):
    """d y_i/d z_i = gamma/sqrt(s2+eps) (1 - 1/I - (z_i-mu)^2/(I (s2+eps))) (seed 000 11.5, corrected)."""
    x, g, b, _ = case.arrays()
    got = implementation_diagonal(impl, x, g, b, case.eps)
    assert_close(got, ref.diagonal(x, g, case.eps), _diag_bound(x, g, case.eps), "BN Jacobian diagonal")


@pytest.mark.requires("batch_norm_backward")
@pytest.mark.claim("000:11.5")
@given(case=bn_cases(shapes=SMALL))
def test_seed000_diagonal_is_off_by_exactly(impl, case):
    """Seed 000 11.5's printed diagonal minus the implementation's is gamma r (1 - xhat_i^2 (I-2))/I.

    So the printed formula holds exactly at the entries with xhat_i^2 = 1/(I-2)
    (or gamma = 0), and nowhere else: the condition, checked on every entry.
    """
    x, g, b, _ = case.arrays()
    got = implementation_diagonal(impl, x, g, b, case.eps)
    printed = s0.printed_11_5_diagonal(x, g, case.eps)
    bound = _diag_bound(x, g, case.eps) + 8 * np.finfo(float).eps * np.abs(printed)
    assert_close(printed - got, ref.seed000_diagonal_error(x, g, case.eps), bound,
                 "printed diagonal - implementation's diagonal")


def _relative_gap(impl, case, printed):
    x, g, b, _ = case.arrays()
    got = implementation_diagonal(impl, x, g, b, case.eps)
    return np.max(np.abs(printed(x, g, case.eps) - got) - 2 * _diag_bound(x, g, case.eps)) > 0


@pytest.mark.requires("batch_norm_backward")
@pytest.mark.claim("000:11.5")
def test_seed000_printed_diagonal_is_wrong(impl):
    """Refutes seed 000 11.5's gamma{1/sqrt(s2+eps) - (z-mu)^2/(s2+eps)^(3/2) I(I-1)/I^2}: find a batch."""
    refute("000:11.5", bn_cases(shapes=SMALL),
           lambda c: _relative_gap(impl, c, s0.printed_11_5_diagonal),
           describe=lambda c: _describe(c, s0.printed_11_5_diagonal), max_examples=200)


@pytest.mark.requires("batch_norm_backward")
@pytest.mark.claim("002:P1-derivative")
def test_seed002_diagonal_ignores_the_statistics(impl):
    """Refutes seed 002's dy_i/dx_i = gamma/sqrt(sigma^2+eps): mu and sigma depend on x_i (find a batch)."""
    refute("002:P1-derivative", bn_cases(shapes=SMALL),
           lambda c: _relative_gap(impl, c, s2.printed_p1_derivative),
           describe=lambda c: _describe(c, s2.printed_p1_derivative), max_examples=200)


def _bn_with_frozen_statistics(x, g, b, eps):
    """Training-mode BN of x (N, C, ...) whose batch statistics are computed from x but held fixed under
    differentiation (jax.lax.stop_gradient): the function whose derivative treats mu_B, sigma_B^2 as
    constants, as BN in inference mode does with its running statistics."""
    axes = (0,) + tuple(range(2, x.ndim))
    mu = jax.lax.stop_gradient(jnp.mean(x, axis=axes, keepdims=True))
    s2 = jax.lax.stop_gradient(jnp.mean((x - mu) ** 2, axis=axes, keepdims=True))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return g.reshape(shape) * (x - mu) / jnp.sqrt(s2 + eps) + b.reshape(shape)


@functools.cache
def _frozen_diagonal(shape):
    """x -> d y_i/d x_i of _bn_with_frozen_statistics, every i: the diagonal of jacfwd, compiled per shape."""
    def diagonal(x, g, b, eps):
        J = jax.jacfwd(_bn_with_frozen_statistics)(x, g, b, eps).reshape(x.size, x.size)
        return jnp.diag(J).reshape(x.shape)
    return jax.jit(diagonal)


@pytest.mark.claim("002:P1-derivative")
@given(case=bn_cases(shapes=[(2, 1), (3, 2), (8, 3), (16, 4), (2, 2, 1, 5)]))
def test_seed002_diagonal_holds_with_frozen_statistics(case):
    """Seed 002's gamma/sqrt(sigma_B^2+eps) is d y_i/d x_i of BN when mu_B and sigma_B^2 are held fixed:
    jax.jacfwd through BN's own forward pass with stop_gradient on the batch statistics."""
    x, g, b, _ = case.arrays()
    d = np.asarray(_frozen_diagonal(x.shape)(x, g, b, case.eps))
    expected = ref.unchannels(s2.printed_p1_derivative(x, g, case.eps), x.shape)
    # A few roundings of a product and a square root, plus flush-to-zero of a subnormal result
    # (XLA on CPU) in each of those operations when gamma is tiny.
    bound = 4 * np.finfo(float).eps * np.abs(expected) + 4 * np.finfo(float).tiny
    assert_close(d, expected, bound, "frozen-statistics derivative vs the printed gamma/sqrt(sigma^2+eps)")
