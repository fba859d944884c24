"""The diagonal of the BN Jacobian, and the two diagonals the seeds print (000 11.5, 002 P1)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given

from dnn_invariants.properties.batch_norm.diagonal import implementation_diagonal
from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference import batch_norm as ref
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
    """Seed 000 11.5's printed diagonal minus the true one is gamma r (1 - xhat_i^2 (I-2))/I.

    So the printed formula holds exactly at the entries with xhat_i^2 = 1/(I-2)
    (or gamma = 0), and nowhere else: the condition, checked on every entry.
    """
    x, g, b, _ = case.arrays()
    got = implementation_diagonal(impl, x, g, b, case.eps)
    printed = ref.seed000_diagonal(x, g, case.eps)
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
    case = refute("000:11.5", bn_cases(shapes=SMALL), lambda c: _relative_gap(impl, c, ref.seed000_diagonal),
                  describe=lambda c: _describe(c, ref.seed000_diagonal))
    assert _relative_gap(impl, case, ref.seed000_diagonal)


@pytest.mark.requires("batch_norm_backward")
@pytest.mark.claim("002:P1-derivative")
def test_seed002_diagonal_ignores_the_statistics(impl):
    """Refutes seed 002's dy_i/dx_i = gamma/sqrt(sigma^2+eps): mu and sigma depend on x_i (find a batch)."""
    case = refute("002:P1-derivative", bn_cases(shapes=SMALL),
                  lambda c: _relative_gap(impl, c, ref.seed002_diagonal),
                  describe=lambda c: _describe(c, ref.seed002_diagonal))
    assert _relative_gap(impl, case, ref.seed002_diagonal)


def _frozen_bn(x, g, b, eps, mu, s2):
    return g * (x - mu) / jnp.sqrt(s2 + eps) + b


# d/dx of every entry, mu and s2 passed in as constants (not functions of x).
_frozen_derivative = jax.jit(jax.vmap(jax.vmap(jax.grad(_frozen_bn), in_axes=(0, 0, 0, None, 0, 0)),
                                      in_axes=(0, None, None, None, None, None)))


@pytest.mark.claim("002:P1-derivative")
@given(case=bn_cases(shapes=[(2, 1), (3, 2), (8, 3), (16, 4)]))
def test_seed002_diagonal_holds_with_frozen_statistics(case):
    """Seed 002's gamma/sqrt(sigma^2+eps) is the derivative when mu and sigma^2 are held fixed (inference)."""
    x, g, b, _ = case.arrays()
    mu, s2 = ref.statistics(x)
    d = np.asarray(_frozen_derivative(x, g, b, case.eps, mu, s2))
    expected = np.broadcast_to(g / np.sqrt(s2 + case.eps), x.shape)
    # A few roundings of a product and a square root, plus flush-to-zero of a subnormal result
    # (XLA on CPU) in each of those operations when gamma is tiny.
    bound = 4 * np.finfo(float).eps * np.abs(expected) + 4 * np.finfo(float).tiny
    assert_close(d, expected, bound, "frozen-statistics derivative")
