"""The input gradient of a convolution is a transposed convolution, and that is the adjoint."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from dnn_invariants.properties.convolution.cases import arrays, f64, with_examples
from dnn_invariants.properties.tolerance import assert_close, dot_bound
from dnn_invariants.reference import conv as ref
from dnn_invariants.strategies.conv import conv_cases


def _gradient_terms(c) -> int:
    return (c.c_out // c.groups) * int(np.prod(c.kernel))


@pytest.mark.requires("conv_backward")
@pytest.mark.claim("001:Q5c", "001:Q5c-kernel")
@given(case=conv_cases())
@with_examples
def test_input_gradient_is_conv_of_spread_gradient_with_flipped_kernel(impl, case):
    """dL/dx is dy, spread by the stride and zero-padded by d(K-1)-lo and d(K-1)-hi+r, correlated
    with the flipped, channel-swapped kernel (seed 001 Q5c, generalised to stride, padding,
    dilation and groups)."""
    c, dtype = case.config, case.dtype
    x, w, dy = arrays(case)
    dx, _ = impl.conv_backward(x, w, dy, **c.kwargs)
    _, w64, dy64 = f64(x, w, dy)
    args = (c.n, c.stride, c.padding, c.dilation, c.groups)
    expected = ref.input_gradient(dy64, w64, *args)
    magnitude = ref.input_gradient(np.abs(dy64), np.abs(w64), *args)
    assert_close(dx, expected, dot_bound(magnitude, _gradient_terms(c), dtype),
                 "dL/dx vs conv(spread, padded dy; flipped, swapped w)")


@pytest.mark.requires("conv_backward", "conv_transpose")
@given(case=conv_cases())
@with_examples
def test_input_gradient_is_conv_transpose(impl, case):
    """dL/dx equals the implementation's own conv_transpose of dy, output padding = stride remainder."""
    c, dtype = case.config, case.dtype
    x, w, dy = arrays(case)
    dx, _ = impl.conv_backward(x, w, dy, **c.kwargs)
    xt = impl.conv_transpose(dy, w, output_padding=c.remainder, **c.kwargs)
    _, w64, dy64 = f64(x, w, dy)
    magnitude = ref.input_gradient(np.abs(dy64), np.abs(w64), c.n, c.stride, c.padding,
                                   c.dilation, c.groups)
    # Both sides are the implementation's, each with its own rounding.
    bound = 2 * dot_bound(magnitude, _gradient_terms(c), dtype)
    assert_close(xt, dx, bound, "conv_transpose(dy) vs dL/dx")


@pytest.mark.requires("conv", "conv_transpose")
@given(case=conv_cases())
@with_examples
def test_conv_transpose_is_the_adjoint(impl, case):
    """<conv(x, w), y> = <x, conv_transpose(y, w)> for every x and y: no reference needed."""
    c, dtype = case.config, case.dtype
    x, w, y = arrays(case)
    left = np.vdot(impl.conv(x, w, **c.kwargs).astype(np.float64), y.astype(np.float64))
    xt = impl.conv_transpose(y, w, output_padding=c.remainder, **c.kwargs)
    assert xt.shape == x.shape, f"conv_transpose gave shape {xt.shape}, the input has {x.shape}"
    right = np.vdot(x.astype(np.float64), xt.astype(np.float64))
    x64, w64, y64 = f64(x, w, y)
    magnitude = np.vdot(ref.conv(np.abs(x64), np.abs(w64), c.stride, c.padding, c.dilation,
                                 c.groups), np.abs(y64))
    # Each side: the implementation's sums of products in dtype, then a float64 inner product.
    bound = 2 * dot_bound(magnitude, c.reduction + _gradient_terms(c) + y.size, dtype)
    assert_close(left, right, bound, "<conv(x, w), y> vs <x, conv_transpose(y, w)>")
