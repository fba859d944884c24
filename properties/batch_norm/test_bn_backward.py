"""The backward of training-mode batch norm is the closed-form Jacobian of reference/batch_norm.py."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.batch_norm.cases import with_examples
from dnn_invariants.properties.tolerance import assert_close, gamma
from dnn_invariants.reference import batch_norm as ref
from dnn_invariants.strategies.batch_norm import EPS_OR_ZERO, bn_cases

DTYPES = pytest.mark.parametrize("dtype", ["float64", "float32"])


def _bn_jax(x, g, b, eps):
    """The definition, written once more in jax.numpy: the oracle for jacfwd."""
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    mu = x.mean(axis=axes).reshape(shape)
    s2 = ((x - mu) ** 2).mean(axis=axes).reshape(shape)
    return g.reshape(shape) * (x - mu) / jnp.sqrt(s2 + eps) + b.reshape(shape)


_jacobian_oracle = jax.jit(jax.jacfwd(_bn_jax))


def _layout(blocks, shape):
    """A (C, I, I) per-channel stack as the (size, size) matrix over the layout (N, C, *S), 0 across."""
    k = np.arange(int(np.prod(shape)))
    per_channel = int(np.prod(shape[2:]))
    c = (k // per_channel) % shape[1]  # layout index -> channel, and position in ref.channels' row
    p = (k // (per_channel * shape[1])) * per_channel + k % per_channel
    return np.where(c[:, None] == c[None, :], blocks[c[:, None], p[:, None], p[None, :]], 0.0)


@pytest.mark.claim("000:11.5", "002:P1-derivative")
@given(case=bn_cases(eps=EPS_OR_ZERO))
@with_examples(zero_eps=True)
def test_closed_form_jacobian_is_jacfwd(case):
    """dy_i/dz_j = gamma r (delta_ij - 1/I - xhat_i xhat_j/I) in a channel, 0 across: jacfwd agrees."""
    x, g, b, _ = case.arrays()
    full = np.asarray(_jacobian_oracle(x, g, b, case.eps)).reshape(x.size, x.size)
    expected = _layout(ref.jacobian(x, g, case.eps), x.shape)
    # Both sides are two-pass float64 evaluations: each within ref.jacobian_bound of the exact
    # Jacobian, which grows with max|x| r (the centred values inherit the mean's rounding).
    bound = 2 * _layout(ref.jacobian_bound(x, g, case.eps, np.float64), x.shape)
    assert_close(full, expected, bound, "jacfwd(BN) vs closed form")


@DTYPES
@pytest.mark.requires("batch_norm_backward")
@pytest.mark.claim("000:11.5", "002:P1-derivative")
@given(case=bn_cases())
@with_examples
def test_backward_is_the_closed_form(impl, dtype, case):
    """(dL/dx, dL/dgamma, dL/dbeta) = (gamma r (dy - mean dy - xhat mean(dy xhat)), sum dy xhat, sum dy)."""
    case = case.astype(dtype)  # drawn in float64, the same values in the parametrised dtype
    x, g, b, dy = case.arrays()
    dx, dg, db = impl.batch_norm_backward(x, g, b, dy, eps=case.eps)
    assert dx.dtype == x.dtype and dg.shape == g.shape and db.shape == b.shape
    ex, eg, eb = ref.backward(x, g, dy, case.eps)
    bx, bg, bb = ref.backward_bound(x, g, dy, case.eps, dtype)
    cx, cg, cb = ref.backward_bound(x, g, dy, case.eps, np.float64)
    assert_close(dx, ex, bx + cx, "dL/dx vs closed form")
    assert_close(dg, eg, bg + cg, "dL/dgamma vs sum dy xhat")
    assert_close(db, eb, bb + cb, "dL/dbeta vs sum dy")


@pytest.mark.requires("batch_norm_backward")
@given(case=bn_cases(eps=EPS_OR_ZERO), a=st.floats(-4, 4, allow_nan=False, allow_subnormal=False),
       other=st.integers(0, 2**32 - 1))
@with_examples(zero_eps=True, a=0.75, other=7)
def test_backward_is_linear_in_the_output_gradient(impl, case, a, other):
    """backward(a dy1 + dy2) = a backward(dy1) + backward(dy2), all three gradients (TensorFlow #107705)."""
    x, g, b, dy1 = case.arrays()
    dy2 = np.random.default_rng(other).standard_normal(x.shape)
    combined = impl.batch_norm_backward(x, g, b, a * dy1 + dy2, eps=case.eps)
    first = impl.batch_norm_backward(x, g, b, dy1, eps=case.eps)
    second = impl.batch_norm_backward(x, g, b, dy2, eps=case.eps)
    bounds_1 = ref.backward_bound(x, g, np.abs(a * dy1), case.eps, np.float64)
    bounds_2 = ref.backward_bound(x, g, np.abs(dy2), case.eps, np.float64)
    bounds_c = ref.backward_bound(x, g, np.abs(a * dy1) + np.abs(dy2), case.eps, np.float64)
    for name, k in (("dL/dx", 0), ("dL/dgamma", 1), ("dL/dbeta", 2)):
        bound = bounds_1[k] + bounds_2[k] + bounds_c[k] + gamma(2, np.float64) * (
            np.abs(a * first[k]) + np.abs(second[k]))
        assert_close(combined[k], a * first[k] + second[k], bound, f"{name} of a dy1 + dy2")
