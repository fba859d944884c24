"""The implementation's activations and their autodiff derivatives against the formulas.

The commutation properties classify activations by what the implementation
computes; these pin that to the mathematical functions. At a kink any value
between the one-sided derivatives (a Clarke subgradient) is accepted. Each
activation is a test of its own: drawn from all twelve, some were not drawn
at all in 100 examples (Hypothesis does not draw uniformly), and a broken
GELU or leaky slope went unnoticed (the mutation kill test found it).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.tolerance import assert_close, assert_within
from dnn_invariants.reference import activations as act
from dnn_invariants.strategies.activations import activation_inputs, activation_params

DTYPES = pytest.mark.parametrize("dtype", ["float64", "float32"])
NAMES = pytest.mark.parametrize("name", act.NAMES)


@DTYPES
@NAMES
@pytest.mark.requires("activation")
@given(data=st.data())
def test_activation_values(impl, dtype, name, data):
    """activation(x, name) equals the formula of name, within the rounding budget of its dtype."""
    params = data.draw(activation_params(name), label="params")
    x = np.array(data.draw(activation_inputs(), label="x"), dtype)
    out = impl.activation(x, name, **params)
    assert out.dtype == x.dtype, f"{name} returned {out.dtype} for {dtype}"
    assert_close(out, act.value(x, name, **params), act.value_bound(x, name, dtype, **params),
                 f"{name}{params or ''}(x)")


@DTYPES
@NAMES
@pytest.mark.requires("activation_derivative")
@given(data=st.data())
def test_activation_derivatives(impl, dtype, name, data):
    """activation_derivative(x, name) is f'(x); at a kink, between the one-sided derivatives."""
    params = data.draw(activation_params(name), label="params")
    x = np.array(data.draw(activation_inputs(), label="x"), dtype)
    d = impl.activation_derivative(x, name, **params)
    assert d.dtype == x.dtype
    low, high = act.derivative_bounds(x, name, **params)
    # XLA on CPU treats subnormal inputs as zero (denormals-are-zero): there, 0's interval counts too.
    flushed = np.where(np.abs(x) < np.finfo(dtype).tiny, 0.0, x)
    low0, high0 = act.derivative_bounds(flushed, name, **params)
    low, high = np.minimum(low, low0), np.maximum(high, high0)
    bound = act.derivative_bound(x, name, dtype, **params)
    assert_within(d, low, high, bound, f"{name}{params or ''}'(x) at x = {x.tolist()}")
