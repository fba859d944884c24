"""The unrolled residual network (seed 000 11.1) and its paths (11.2)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference import activations as act
from dnn_invariants.reference import residual as ref
from dnn_invariants.reference.seeds import seed000 as s0
from dnn_invariants.strategies.residual import stacks


def _blocks(stack):
    return [lambda v, A=A, b=b: ref.layer(v, A, b, stack.activation) - v for A, b in stack.layers()]


def _sequential(impl, stack):
    h = stack.x()
    for A, b in stack.layers():
        h = impl.residual_layer(h, A, b, **act.layer_kwargs(stack.activation))
    return h


@pytest.mark.requires("residual_layer")
@pytest.mark.claim("000:11.1")
@given(stack=stacks(4))
def test_each_printed_line_of_11_1_is_the_network(impl, stack):
    """Each of the four printed right-hand sides of 11.1 equals the sequential 4-block network."""
    y = _sequential(impl, stack)
    bound = 2 * ref.forward_chain_bound(stack.x(), stack.layers(), stack.activation, np.float64)
    for n, line in enumerate(s0.printed_11_1_lines(_blocks(stack), stack.x()), 1):
        # each line re-evaluates the same blocks on (re-summed) inputs: at most 4x the chain's error
        assert_close(line, y, 4 * bound, f"11.1 line {n} vs h_4")


@pytest.mark.requires("residual_layer")
@pytest.mark.claim("000:11.1")
@given(data=st.data())
def test_unrolled_expression_for_k_blocks(impl, data):
    """y = x + sum_k f_k(x + f_1(x) + ...), spelled out, equals the sequential network for k = 1..5 blocks."""
    k = data.draw(st.integers(1, 5), label="k")
    stack = data.draw(stacks(k), label="stack")
    y = _sequential(impl, stack)
    bound = 2 * ref.forward_chain_bound(stack.x(), stack.layers(), stack.activation, np.float64)
    assert_close(ref.unrolled(_blocks(stack), stack.x()), y, 2**k * bound, f"unrolled {k} blocks vs h_{k}")


def _paths(k):
    return ref.count_paths_by_length(ref.residual_graph(k), 0, k)


@pytest.mark.claim("000:11.2-i")
def test_paths_through_3_blocks():
    """Three residual blocks: C(3,0), C(3,1), C(3,2), C(3,3) paths of length 0, 1, 2, 3 (11.2 (i)),
    counted on the computational graph."""
    counts = _paths(3)
    assert [counts.get(n, 0) for n in range(4)] == [math.comb(*c) for c in s0.PRINTED_11_2[3]], counts


@pytest.mark.claim("000:11.2-ii")
def test_paths_through_5_blocks():
    """Five residual blocks: C(5,0), ..., C(5,5) paths of length 0, ..., 5 (11.2 (ii)), counted on the
    graph."""
    counts = _paths(5)
    assert [counts.get(n, 0) for n in range(6)] == [math.comb(*c) for c in s0.PRINTED_11_2[5]], counts


@pytest.mark.claim("000:11.2-iii")
@pytest.mark.parametrize("k", range(0, 11))
def test_paths_of_length_l_through_k_blocks(k):
    """The computational graph of k residual blocks has C(k, l) input-output paths through l branches
    (iii)."""
    counts = _paths(k)
    assert counts == {n: s0.printed_11_2_rule(k, n) for n in range(k + 1)}, counts


@pytest.mark.requires("residual_layer")
@pytest.mark.claim("000:11.2-iii")
@given(a=st.lists(st.integers(-3, 3), min_size=1, max_size=8), x=st.integers(-3, 3))
def test_linear_scalar_blocks_sum_over_all_subsets(impl, a, x):
    """With f_i(h) = a_i h the output is the sum over all 2^k subsets (paths) of prod a_i x, exactly."""
    h = np.array([[float(x)]])
    for ai in a:
        h = impl.residual_layer(h, np.array([[float(ai)]]), np.zeros(1), **act.layer_kwargs("identity"))
    assert h[0, 0] == ref.subset_sum(a, x) == x * math.prod(1 + ai for ai in a)
