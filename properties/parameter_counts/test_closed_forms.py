"""The closed-form parameter counts equal the counts of the implementation's own layer objects."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from dnn_invariants.implementations.contract import Linear
from dnn_invariants.reference.param_counts import count
from dnn_invariants.strategies.param_counts import convs, specs


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("004:P4a")
@given(spec=convs())
def test_conv_count(impl, spec):
    """A conv has (C_in k^d / groups + 1) C_out parameters with a bias, C_in k^d C_out / groups without."""
    expected = (spec.c_in // spec.groups * math.prod(spec.kernel) + spec.bias) * spec.c_out
    assert impl.count_parameters(spec) == expected == count(spec), spec


@pytest.mark.requires("count_parameters")
@given(n_in=..., n_out=..., bias=...)
def test_linear_count(impl, n_in: int, n_out: int, bias: bool):
    """A linear layer has (n_in + 1) n_out parameters with a bias, n_in n_out without."""
    n_in, n_out = 1 + n_in % 64, 1 + n_out % 64
    spec = Linear(n_in, n_out, bias)
    assert impl.count_parameters(spec) == (n_in + bias) * n_out == count(spec)


@pytest.mark.requires("count_parameters")
@given(spec=specs())
def test_block_count(impl, spec):
    """Blocks: batch norm adds 2C (running statistics are not parameters), ReLU and skips 0, parts add."""
    assert impl.count_parameters(spec) == count(spec), spec
