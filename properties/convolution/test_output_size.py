"""The output size of a convolution, and the seed's unfloored formula for it."""

from __future__ import annotations

import pytest
from hypothesis import given

from dnn_invariants.properties.convolution.cases import arrays, with_examples
from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference.seeds import seed001 as s1
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


@pytest.mark.requires("conv")
@pytest.mark.claim("001:Q5c-size")
@given(case=conv_cases())
def test_seed_formula_holds_when_the_stride_tiles_the_input(impl, case):
    """Seed 001 Q5c's (conv_in - K)/S + 1 is the implementation's output size in every dimension with
    dilation 1 where S divides conv_in - K (conv_in the padded size)."""
    c = case.config
    x, w, _ = arrays(case)
    y = impl.conv(x, w, **c.kwargs)
    for axis, (n, k, s, (lo, hi), d) in enumerate(zip(c.n, c.kernel, c.stride, c.padding, c.dilation)):
        if d == 1 and (n + lo + hi - k) % s == 0:
            assert s1.printed_q5_output_size(n + lo + hi, k, s) == y.shape[2 + axis], (
                f"axis {axis}: n={n}, K={k}, S={s}, padding={(lo, hi)}: the formula gives "
                f"{s1.printed_q5_output_size(n + lo + hi, k, s)}, conv returns size {y.shape[2 + axis]}")


@pytest.mark.claim("001:Q5c-size")
def test_seed_formula_fails_with_a_stride_remainder():
    """Refutes seed 001 Q5c's unfloored (conv_in - K)/S + 1 in general: a config (dilation 1, the formula's
    own setting) where it is not the output size, because S does not divide conv_in - K."""
    def wrong(c):
        return any(s1.printed_q5_output_size(n + lo + hi, k, s) != m
                   for n, k, s, (lo, hi), m in zip(c.n, c.kernel, c.stride, c.padding, c.m))

    def describe(c):
        padded = c.n[0] + sum(c.padding[0])
        return (f"n={c.n[0]}, K={c.kernel[0]}, S={c.stride[0]}, padding={c.padding[0]}, "
                f"dilation={c.dilation[0]}: formula "
                f"{s1.printed_q5_output_size(padded, c.kernel[0], c.stride[0])}, "
                f"true size {c.m[0]}")

    configs = free_conv_configs(ndims=(1,)).filter(lambda c: c.dilation == (1,))
    refute("001:Q5c-size", configs, wrong, describe=describe, max_examples=300)
