"""Seed 000 11.5's intermediate lines, one channel z in R^I, against jax.jacfwd of each piece.

f1 = mean z, f2_i = z_i - f1, f4 = (1/I) sum_j f2_j^2, f5 = sqrt(f4 + eps), f6 = 1/f5, f7_i = f2_i f6.
True: d f1/d z_i = 1/I; d f2_i/d z_i = 1 - 1/I; d f4/d z_i = (2/I) sum_j f2_j (delta_ij - 1/I) = (2/I) f2_i.
The seed writes d f2_i/d z_i = 1 (its next line says 1 - 1/I) and d f4/d z_i = (2/I) f2_i d f2_i/d z_i,
dropping the dependence of the other f2_j on z_i.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.tolerance import assert_close, gamma

BATCH = st.lists(st.integers(-3, 3), min_size=2, max_size=6).filter(lambda v: len(set(v)) > 1).map(
    lambda v: np.array(v, np.float64))

_f2_diag = jax.jit(lambda z: jnp.diag(jax.jacfwd(lambda v: v - v.mean())(z)))
_f4_grad = jax.jit(jax.grad(lambda z: ((z - z.mean()) ** 2).mean()))
_f1_grad = jax.jit(jax.grad(lambda z: z.mean()))


def _bound(z):
    return 8 * gamma(len(z) + 4, np.float64) * (1 + np.abs(z).max() ** 2)


@pytest.mark.claim("000:11.5-f1", "000:11.5-f2")
@given(z=BATCH)
def test_true_intermediate_derivatives(z):
    """d f1/d z_i = 1/I, d f2_i/d z_i = 1 - 1/I and d f4/d z_i = (2/I) f2_i, by jacfwd."""
    i, f2 = len(z), z - z.mean()
    assert_close(np.asarray(_f1_grad(z)), np.full(i, 1 / i), _bound(z), "d f1/d z")
    assert_close(np.asarray(_f2_diag(z)), np.full(i, 1 - 1 / i), _bound(z), "d f2_i/d z_i")
    assert_close(np.asarray(_f4_grad(z)), 2 / i * f2, _bound(z), "d f4/d z_i")


@pytest.mark.claim("000:11.5-f2")
def test_seed_f2_derivative_is_not_one():
    """Refutes 11.5's first "d f2_i / d z_i = 1": it is 1 - 1/I."""
    z = refute("000:11.5-f2", BATCH, lambda z: np.any(np.abs(np.asarray(_f2_diag(z)) - 1) > _bound(z)),
               describe=lambda z: f"z={z.tolist()}: d f2_i/d z_i = {np.asarray(_f2_diag(z)).tolist()}, not 1")
    assert len(z) >= 2


@pytest.mark.claim("000:11.5-f4")
def test_seed_f4_derivative_drops_cross_terms():
    """Refutes d f4/d z_i = (2/I) f2_i d f2_i/d z_i (= (2/I) f2_i (1 - 1/I)): the true value is (2/I) f2_i."""
    def wrong(z):
        i, f2 = len(z), z - z.mean()
        return np.any(np.abs(np.asarray(_f4_grad(z)) - 2 / i * f2 * (1 - 1 / i)) > _bound(z))
    def describe(z):
        seed = 2 / len(z) * (z - z.mean()) * (1 - 1 / len(z))
        true = np.asarray(_f4_grad(z)).tolist()
        return f"z={z.tolist()}: d f4/d z = {true}, seed's (2/I) f2 (1-1/I) = {seed.tolist()}"
    z = refute("000:11.5-f4", BATCH, wrong, describe=describe)
    assert wrong(z)


def _pieces(z, eps):
    f2 = z - z.mean()
    f4 = (f2**2).mean()
    f5 = jnp.sqrt(f4 + eps)
    return f2, f4, f5, 1 / f5


# Diagonals d piece_i / d z_i of the per-entry pieces, and gradients of the scalar ones.
_f5_grad = jax.jit(jax.grad(lambda z, eps: _pieces(z, eps)[2]))
_f6_grad = jax.jit(jax.grad(lambda z, eps: _pieces(z, eps)[3]))
_f7_diag = jax.jit(lambda z, eps: jnp.diag(jax.jacfwd(lambda v: _pieces(v, eps)[0] * _pieces(v, eps)[3])(z)))


@pytest.mark.claim("000:11.5-chain")
@given(z=BATCH, eps=st.sampled_from([1e-5, 0.1, 1.0]))
def test_chain_rule_lines(z, eps):
    """11.5's other lines hold: df5 = df4/(2 sqrt(f4 + eps)), df6 = -df5/f5^2, df7_i = df2_i f6 + f2_i df6.

    With the true d f2_i/d z_i = 1 - 1/I and d f4/d z_i = (2/I) f2_i, they give the corrected diagonal.
    """
    i = len(z)
    f2, f4, f5, f6 = (np.asarray(p) for p in _pieces(z, eps))
    d4 = 2 / i * f2
    d5 = d4 / (2 * np.sqrt(f4 + eps))
    d6 = -d5 / f5**2
    # Forward error analysis with magnitudes: each side is within gamma_{I+10} of the magnitude of
    # its terms (f2 = z - mean can cancel, so its magnitude is |f2| + max |z|); two sides, margin 4.
    a2 = np.abs(f2) + np.abs(z).max()
    m5 = (2 / i) * a2 / (2 * np.sqrt(f4 + eps))
    m6 = m5 / f5**2
    m7 = f6 + a2 * m6
    g = 8 * gamma(i + 10, np.float64)
    assert_close(np.asarray(_f5_grad(z, eps)), d5, g * m5, "d f5/d z_i")
    assert_close(np.asarray(_f6_grad(z, eps)), d6, g * m6, "d f6/d z_i")
    assert_close(np.asarray(_f7_diag(z, eps)), (1 - 1 / i) * f6 + f2 * d6, g * m7, "d f7_i/d z_i")
