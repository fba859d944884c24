"""The weight gradient of a convolution is the correlation of the input with the output gradient."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from dnn_invariants.properties.convolution.cases import arrays, f64, with_examples
from dnn_invariants.properties.tolerance import assert_close, dot_bound
from dnn_invariants.reference.conv import weight_gradient
from dnn_invariants.strategies.conv import conv_cases


@pytest.mark.requires("conv_backward")
@given(case=conv_cases())
@with_examples
def test_weight_gradient_is_correlation_of_input_and_gradient(impl, case):
    """dL/dw[o,c,k] = sum_{n,i} dy[n,o,i] x_padded[n, c', s i + d k]: x correlated with dy."""
    c, dtype = case.config, case.dtype
    x, w, dy = arrays(case)
    _, dw = impl.conv_backward(x, w, dy, **c.kwargs)
    x64, _, dy64 = f64(x, w, dy)
    args = (c.kernel, c.stride, c.padding, c.dilation, c.groups)
    expected = weight_gradient(x64, dy64, *args)
    magnitude = weight_gradient(np.abs(x64), np.abs(dy64), *args)
    n_terms = c.batch * int(np.prod(c.m))
    assert_close(dw, expected, dot_bound(magnitude, n_terms, dtype), "dL/dw vs corr(x, dy)")
