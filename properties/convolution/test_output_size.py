"""The output size of a convolution, and the seed's unfloored formula for it."""

from __future__ import annotations

import pytest
from hypothesis import given

from dnn_invariants.properties.convolution.cases import arrays, with_examples
from dnn_invariants.properties.refutation import refute
from dnn_invariants.strategies.conv import conv_cases, free_conv_configs


@pytest.mark.requires("conv")
@pytest.mark.claim("001:Q5c-size")
@given(case=conv_cases())
@with_examples
def test_output_size_formula(impl, case):
    """Every spatial output size is floor((n + lo + hi - d(K-1) - 1) / s) + 1."""
    c = case.config
    x, w, _ = arrays(case)
    y = impl.conv(x, w, **c.kwargs)
    assert y.shape == c.y_shape, f"conv output shape {y.shape}, the formula gives {c.y_shape}"


@pytest.mark.requires("conv_transpose")
@given(case=conv_cases())
@with_examples
def test_conv_transpose_restores_the_input_size(impl, case):
    """With output padding equal to the stride remainder, conv_transpose returns the input's shape."""
    c = case.config
    _, w, dy = arrays(case)
    xt = impl.conv_transpose(dy, w, output_padding=c.remainder, **c.kwargs)
    assert xt.shape == c.x_shape, f"conv_transpose shape {xt.shape}, the input has {c.x_shape}"


def _seed_formula(n_padded, k, s):
    """Seed 001 Q5c: Conv_out = (conv_in - K) / S + 1, conv_in the padded size, no floor."""
    return (n_padded - k) / s + 1


@pytest.mark.claim("001:Q5c-size")
@given(c=free_conv_configs())
def test_seed_formula_holds_when_the_stride_tiles_the_input(c):
    """Seed 001 Q5c's (n - K)/S + 1 is the true size whenever dilation is 1 and S divides n - K."""
    for n, k, s, (lo, hi), d, m in zip(c.n, c.kernel, c.stride, c.padding, c.dilation, c.m):
        if d == 1 and (n + lo + hi - k) % s == 0:
            assert _seed_formula(n + lo + hi, k, s) == m


@pytest.mark.claim("001:Q5c-size")
def test_seed_formula_fails_with_a_stride_remainder():
    """Refutes seed 001 Q5c's unfloored (conv_in - K)/S + 1 in general: find a config where it is wrong."""
    def wrong(c):
        return any(_seed_formula(n + lo + hi, k, s) != m
                   for n, k, s, (lo, hi), m in zip(c.n, c.kernel, c.stride, c.padding, c.m))
    def describe(c):
        padded = c.n[0] + sum(c.padding[0])
        return (f"n={c.n[0]}, K={c.kernel[0]}, S={c.stride[0]}, padding={c.padding[0]}, "
                f"dilation={c.dilation[0]}: formula {_seed_formula(padded, c.kernel[0], c.stride[0])}, "
                f"true size {c.m[0]}")

    c = refute("001:Q5c-size", free_conv_configs(ndims=(1,)), wrong, describe=describe)
    assert wrong(c)
