"""One residual layer z = sigma(A y + b) + y: its values and its Jacobian diag(sigma'(A y + b)) A + I."""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dnn_invariants.properties.tolerance import assert_close, gamma
from dnn_invariants.reference import activations as act
from dnn_invariants.reference import residual as ref
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
from dnn_invariants.strategies.residual import residual_cases

DTYPES = pytest.mark.parametrize("dtype", ["float64", "float32"])


@DTYPES
@pytest.mark.requires("residual_layer")
@given(data=st.data())
def test_residual_layer_values(impl, dtype, data):
    """residual_layer(y, A, b) = sigma(y A^T + b) + y, row by row."""
    case = data.draw(residual_cases(dtype), label="case")
    y, A, b, _ = case.arrays()
    z = impl.residual_layer(y, A, b, **act.layer_kwargs(case.activation))
    assert z.dtype == y.dtype and z.shape == y.shape
    assert_close(z, ref.layer(y, A, b, case.activation), ref.layer_bound(y, A, b, case.activation, dtype),
                 f"residual_layer({case.activation})")


@DTYPES
@pytest.mark.requires("residual_layer_backward")
@pytest.mark.claim("003:P3-i", "004:P3-i")
@given(data=st.data())
def test_backward_is_the_transposed_jacobian(impl, dtype, data):
    """dL/dy = (diag(sigma') A + I)^T dz, dL/dA = (sigma' dz)^T y, dL/db = sum sigma' dz (003/004 P3 (i))."""
    case = data.draw(residual_cases(dtype), label="case")
    y, A, b, dz = case.arrays()
    got = impl.residual_layer_backward(y, A, b, dz, **act.layer_kwargs(case.activation))
    expected, bounds = ref.vjp(y, A, b, dz, case.activation, dtype)
    for name, g, e, bd in zip(("dL/dy", "dL/dA", "dL/db"), got, expected, bounds):
        assert g.dtype == y.dtype
        assert_close(g, e, bd, f"{name} of residual_layer({case.activation})")


_SIGMA = {  # the oracle's sigma, in jax.numpy; a slope is the drawn parameter, traced (no recompile)
    "relu": lambda z, a: jnp.maximum(z, 0.0), "identity": lambda z, a: z, "abs": lambda z, a: jnp.abs(z),
    "leaky_relu": lambda z, a: jnp.where(z >= 0, z, a * z), "prelu": lambda z, a: jnp.where(z >= 0, z, a * z),
    "hardtanh": lambda z, a: jnp.clip(z, -1.0, 1.0), "relu6": lambda z, a: jnp.clip(z, 0.0, 6.0),
}


@functools.cache
def _jacobian_oracle(name):
    return jax.jit(jax.jacfwd(lambda y, A, b, a: _SIGMA[name](A @ y + b, a) + y))


def _oracle_jacobian(activation, row, A, b):
    name, params = act.split(activation)
    slope = params.get("negative_slope", params.get("weight", 0.0))
    return np.asarray(_jacobian_oracle(name)(row, A, b, np.float64(slope)))


@pytest.mark.claim("003:P3-i", "004:P3-i")
@given(case=residual_cases())
def test_closed_form_jacobian_is_jacfwd(case):
    """The printed diag(sigma'(A y + b)) A + I (seeds 003 and 004 P3 (i)) equals jax.jacfwd of the layer at
    every input row away from kinks."""
    y, A, b, _ = case.arrays()
    for row in y:
        lo, hi = ref.derivative_interval(row[None], A, b, case.activation, np.float64)
        assume(np.array_equal(lo, hi))  # at a kink jacfwd picks one side; the backward test covers kinks
        got = _oracle_jacobian(case.activation, row, A, b)
        m = A.shape[0]
        # plus underflow: XLA on CPU flushes a subnormal slope * A_ij to zero
        bound = 2 * gamma(m + 2, np.float64) * (np.abs(A) + np.eye(m)) + 2 * np.finfo(float).tiny
        slope = lo.ravel()
        for seed, printed in (("003", s3.printed_p3_layer_jacobian(A, slope)),
                              ("004", s4.printed_p3_layer_jacobian(A, slope))):
            assert_close(got, printed, bound, f"jacfwd vs seed {seed}'s diag(sigma')A + I")


_last_layer_jacobian = jax.jit(jax.jacfwd(lambda y, A, b: A @ y + b))


@pytest.mark.claim("003:P3-i", "004:P3-i")
@given(m=st.sampled_from([1, 2, 3, 5]), seed=st.integers(0, 2**32 - 1))
def test_last_layer_jacobian_is_A_L(m, seed):
    """The last layer y_L = A_L y_{L-1} + b_L (no activation, no skip) has Jacobian A_L, as both seeds
    print (bias and all): jax.jacfwd of the affine map is exactly A_L."""
    rng = np.random.default_rng(seed)
    A, b, y = rng.standard_normal((1, m)), rng.standard_normal(1), rng.standard_normal(m)
    got = np.asarray(_last_layer_jacobian(y, A, b))
    np.testing.assert_array_equal(got, s3.printed_p3_last_jacobian(A))
    np.testing.assert_array_equal(got, s4.printed_p3_last_jacobian(A))
