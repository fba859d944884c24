"""A convolution is a matrix: the forward pass is A x and the input gradient is A^T dy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from dnn_invariants.properties.convolution.cases import arrays, f64, with_examples
from dnn_invariants.properties.tolerance import assert_close, dot_bound
from dnn_invariants.reference.conv import conv_matrix
from dnn_invariants.strategies.conv import conv_cases


@pytest.mark.requires("conv")
@pytest.mark.claim("001:Q5a")
@given(case=conv_cases())
@with_examples
def test_forward_is_the_conv_matrix(impl, case):
    """conv(x, w) = A vec(x), with A built entry by entry from the kernel (seed 001 Q5a, generalised)."""
    c, dtype = case.config, case.dtype
    x, w, _ = arrays(case)
    y = impl.conv(x, w, **c.kwargs)
    x64, w64 = f64(x, w)
    A = conv_matrix(w64, c.n, c.stride, c.padding, c.dilation, c.groups)
    expected = np.stack([A @ xb.ravel() for xb in x64]).reshape(c.y_shape)
    magnitude = np.stack([np.abs(A) @ np.abs(xb).ravel() for xb in x64]).reshape(c.y_shape)
    assert y.dtype == np.dtype(dtype), f"conv returned {y.dtype} for {dtype} inputs"
    assert_close(y, expected, dot_bound(magnitude, c.reduction, dtype), "conv(x, w) vs A @ x")


@pytest.mark.requires("conv_backward")
@pytest.mark.claim("001:Q5b", "001:Q5b-AB")
@given(case=conv_cases())
@with_examples
def test_input_gradient_is_A_transpose(impl, case):
    """The input gradient is B dy with B = A^T, the transpose of the forward matrix (seed 001 Q5b)."""
    c, dtype = case.config, case.dtype
    x, w, dy = arrays(case)
    dx, _ = impl.conv_backward(x, w, dy, **c.kwargs)
    _, w64, dy64 = f64(x, w, dy)
    A = conv_matrix(w64, c.n, c.stride, c.padding, c.dilation, c.groups)
    expected = np.stack([A.T @ g.ravel() for g in dy64]).reshape(c.x_shape)
    magnitude = np.stack([np.abs(A.T) @ np.abs(g).ravel() for g in dy64]).reshape(c.x_shape)
    n_terms = (c.c_out // c.groups) * int(np.prod(c.kernel))
    assert_close(dx, expected, dot_bound(magnitude, n_terms, dtype), "dL/dx vs A.T @ dy")
