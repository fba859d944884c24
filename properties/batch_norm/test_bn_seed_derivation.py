"""Seed 000 11.5's intermediate lines, one channel z in R^I, against jax.jacfwd of each piece.

f1 = mean z, f2_i = z_i - f1, f4 = (1/I) sum_j f2_j^2, f5 = sqrt(f4 + eps), f6 = 1/f5, f7_i = f2_i f6.
True: d f1/d z_i = 1/I; d f2_i/d z_i = 1 - 1/I; d f4/d z_i = (2/I) sum_j f2_j (delta_ij - 1/I) = (2/I) f2_i.
The seed writes d f2_i/d z_i = 1 (its next line says 1 - 1/I) and d f4/d z_i = (2/I) f2_i d f2_i/d z_i,
dropping the dependence of the other f2_j on z_i. Transcriptions: reference/seeds/seed000.py.
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
from dnn_invariants.reference.seeds import seed000 as s0

BATCH = st.lists(st.integers(-3, 3), min_size=2, max_size=6).filter(lambda v: len(set(v)) > 1).map(
    lambda v: np.array(v, np.float64))

_f2_diag = jax.jit(lambda z: jnp.diag(jax.jacfwd(lambda v: v - v.mean())(z)))
_f4_grad = jax.jit(jax.grad(lambda z: ((z - z.mean()) ** 2).mean()))
_f1_grad = jax.jit(jax.grad(lambda z: z.mean()))


def _bound(z):
    return 8 * gamma(len(z) + 4, np.float64) * (1 + np.abs(z).max() ** 2)


@pytest.mark.claim("000:11.5-f1")
@given(z=BATCH)
def test_true_intermediate_derivatives(z):
    """d f1/d z_i is the printed 1/I (jacfwd); and d f2_i/d z_i = 1 - 1/I, d f4/d z_i = (2/I) f2_i."""
    i, f2 = len(z), z - z.mean()
    assert_close(np.asarray(_f1_grad(z)), np.full(i, s0.printed_11_5_df1(i)), _bound(z), "d f1/d z vs 1/I")
    assert_close(np.asarray(_f2_diag(z)), np.full(i, 1 - 1 / i), _bound(z), "d f2_i/d z_i")
    assert_close(np.asarray(_f4_grad(z)), 2 / i * f2, _bound(z), "d f4/d z_i")


@pytest.mark.claim("000:11.5-f2")
def test_seed_f2_derivative_is_not_one():
    """Refutes 11.5's first "d f2_i / d z_i = 1": it is 1 - 1/I (jacfwd)."""
    refute("000:11.5-f2", BATCH,
           lambda z: np.any(np.abs(np.asarray(_f2_diag(z)) - s0.printed_11_5_df2_first(len(z))) > _bound(z)),
           describe=lambda z: f"z={z.tolist()}: d f2_i/d z_i = {np.asarray(_f2_diag(z)).tolist()}, "
                              f"not the printed {s0.printed_11_5_df2_first(len(z))}")


@pytest.mark.claim("000:11.5-f4")
def test_seed_f4_derivative_drops_cross_terms():
    """Refutes d f4/d z_i = (2/I) f2_i d f2_i/d z_i (with the seed's d f2_i/d z_i = 1 - 1/I): the true
    value is (2/I) f2_i (jax.grad)."""
    def printed(z):
        i = len(z)
        return s0.printed_11_5_df4(z - z.mean(), s0.printed_11_5_df2_later(s0.printed_11_5_df1(i)), i)

    def wrong(z):
        return np.any(np.abs(np.asarray(_f4_grad(z)) - printed(z)) > _bound(z))

    def describe(z):
        return (f"z={z.tolist()}: d f4/d z = {np.asarray(_f4_grad(z)).tolist()}, the printed (2/I) f2 "
                "(1-1/I) = "
                f"{printed(z).tolist()}")
    refute("000:11.5-f4", BATCH, wrong, describe=describe)


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
    """11.5's other lines hold: df2 = 1 - df1, df5 = df4/(2 sqrt(f4 + eps)), df6 = -df5/f5^2,
    df7_i = df2_i f6 + f2_i df6 and dz'_i = gamma df7_i, as printed, against jax's derivatives of each piece.

    Fed the true d f4/d z_i = (2/I) f2_i (not the seed's), they give the corrected diagonal.
    """
    i = len(z)
    f2, f4, f5, f6 = (np.asarray(p) for p in _pieces(z, eps))
    d2 = s0.printed_11_5_df2_later(1 / i)
    assert_close(np.full(i, d2), np.asarray(_f2_diag(z)), _bound(z), "d f2_i/d z_i = 1 - d f1/d z_i")
    d4 = 2 / i * f2
    d5 = s0.printed_11_5_df5(d4, f4, eps)
    d6 = s0.printed_11_5_df6(d5, f5)
    # Forward error analysis with magnitudes: each side is within gamma_{I+10} of the magnitude of
    # its terms (f2 = z - mean can cancel, so its magnitude is |f2| + max |z|); two sides, margin 4.
    a2 = np.abs(f2) + np.abs(z).max()
    m5 = (2 / i) * a2 / (2 * np.sqrt(f4 + eps))
    m6 = m5 / f5**2
    m7 = f6 + a2 * m6
    g = 8 * gamma(i + 10, np.float64)
    assert_close(np.asarray(_f5_grad(z, eps)), d5, g * m5, "d f5/d z_i")
    assert_close(np.asarray(_f6_grad(z, eps)), d6, g * m6, "d f6/d z_i")
    d7 = s0.printed_11_5_df7(d2, f6, f2, d6)
    assert_close(np.asarray(_f7_diag(z, eps)), d7, g * m7, "d f7_i/d z_i")
    gam = 1.5
    assert_close(gam * np.asarray(_f7_diag(z, eps)), s0.printed_11_5_dzprime(gam, d7), 2 * gam * g * m7,
                 "d z'_i/d z_i = gamma d f7_i/d z_i")
