"""A grouped convolution is the concatenation of its per-group convolutions (the ResNeXt split)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from dnn_invariants.properties.convolution.cases import arrays, f64, with_examples
from dnn_invariants.properties.tolerance import assert_close, dot_bound
from dnn_invariants.reference import conv as ref
from dnn_invariants.strategies.conv import conv_cases


def _split(c, x, w, dy):
    g = c.groups
    ci, co = c.c_in // g, c.c_out // g
    return [(x[:, i * ci:(i + 1) * ci], w[i * co:(i + 1) * co], dy[:, i * co:(i + 1) * co])
            for i in range(g)]


@pytest.mark.requires("conv", "conv_backward")
@pytest.mark.claim("003:P4-split")
@given(case=conv_cases())
@with_examples
def test_grouped_conv_is_concatenation_of_group_convs(impl, case):
    """conv(x, w, groups=g) = concat_i conv(x_i, w_i), and likewise dL/dx and dL/dw (seeds 003/004 P4)."""
    c = case.config
    x, w, dy = arrays(case)
    single = dict(c.kwargs, groups=1)
    y = impl.conv(x, w, **c.kwargs)
    dx, dw = impl.conv_backward(x, w, dy, **c.kwargs)
    parts = [(impl.conv(xi, wi, **single), *impl.conv_backward(xi, wi, dyi, **single))
             for xi, wi, dyi in _split(c, x, w, dy)]
    x64, w64, dy64 = f64(x, w, dy)
    args = (c.stride, c.padding, c.dilation, c.groups)
    mag_y = ref.conv(np.abs(x64), np.abs(w64), *args)
    mag_dx = ref.input_gradient(np.abs(dy64), np.abs(w64), c.n, *args)
    mag_dw = ref.weight_gradient(np.abs(x64), np.abs(dy64), c.kernel, *args)
    dtype = case.dtype  # both sides are the implementation's own sums, rounded in this dtype
    assert_close(y, np.concatenate([p[0] for p in parts], axis=1),
                 2 * dot_bound(mag_y, c.reduction, dtype), "grouped conv vs concatenated convs")
    assert_close(dx, np.concatenate([p[1] for p in parts], axis=1),
                 2 * dot_bound(mag_dx, (c.c_out // c.groups) * int(np.prod(c.kernel)), dtype),
                 "grouped dL/dx vs concatenated dL/dx")
    assert_close(dw, np.concatenate([p[2] for p in parts], axis=0),
                 2 * dot_bound(mag_dw, c.batch * int(np.prod(c.m)), dtype),
                 "grouped dL/dw vs concatenated dL/dw")
