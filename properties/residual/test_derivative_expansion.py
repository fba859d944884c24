"""Seed 000 11.3: dy/df_1 of four residual blocks, term by term.

y = h_4 and f_1 enters through h_1, so dy/df_1 = dh_4/dh_1 = (I + J_4)(I + J_3)(I + J_2),
J_j the Jacobian of block j's branch: the sum over the 8 descending words in {4, 3, 2}.
The seed prints two lines of words in the symbols df_j/df_1 (reference/seeds/seed000.py),
which admit two readings:
  A. df_j/df_1 = J_j, f_j's Jacobian where it is applied (the chain rule's factors); then line 2 is
     that sum and line 1 has df3/df1 where df2/df1 belongs inside the f4 term;
  B. df_j/df_1 = D_j, the total derivative of f_j's output with respect to f_1's (as the notation
     says): D_2 = J_2, D_3 = J_3 (I + J_2), D_4 = J_4 (I + J_3)(I + J_2). Then dy/df_1 = I + D_2 + D_3
     + D_4 (y = h_1 + f_2 + f_3 + f_4), and line 2 counts the paths through f_2, f_3 again: wrong.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.residual.network import abs_chain, backprop, branch_jacobians, forward
from dnn_invariants.properties.tolerance import assert_close, gamma
from dnn_invariants.reference import residual as ref
from dnn_invariants.reference.seeds import seed000 as s0
from dnn_invariants.strategies.residual import stacks


@pytest.mark.claim("000:11.3-line2")
def test_printed_lines_term_by_term():
    """Reading A: line 2's terms are exactly the 8 words of (I+J4)(I+J3)(I+J2), each once."""
    assert Counter(s0.PRINTED_11_3_LINE_2) == Counter(ref.TRUE_11_3)


@pytest.mark.requires("residual_layer", "residual_layer_backward")
@pytest.mark.claim("000:11.3-line2")
@given(stack=stacks(4), v=st.integers(0, 2**32 - 1))
def test_second_printed_line_is_the_derivative(impl, stack, v):
    """Reading A: v^T dh_4/dh_1 from the implementation's backward equals v^T (line 2 of 11.3), J_j in
    order."""
    layers = stack.layers()
    hs = forward(impl, stack.x(), layers, stack.activation)
    J, on_kink = branch_jacobians(hs, layers, stack.activation)
    assume(not on_kink)  # D is ambiguous at a kink; the layer test covers that case
    v = np.random.default_rng(v).standard_normal((1, stack.m))
    got = backprop(impl, hs, layers, stack.activation, v, down_to=1)
    expected = v @ ref.evaluate_words(s0.PRINTED_11_3_LINE_2, J)
    eye = np.eye(stack.m)
    mag = abs_chain(v, [eye + np.abs(J[4]), eye + np.abs(J[3]), eye + np.abs(J[2])])
    assert_close(got, expected, 4 * gamma(3 * (stack.m + 2), np.float64) * mag, "v^T dh4/dh1 vs line 2")


def _line_1_wrong(impl, a):
    """Scalar linear blocks f_j(h) = a_j h: the implementation's dh_4/dh_1 vs line 1 (exact integers)."""
    hs = forward(impl, np.ones((1, 1)), [(np.array([[float(x)]]), np.zeros(1)) for x in a], "identity")
    got = backprop(impl, hs, [(np.array([[float(x)]]), np.zeros(1)) for x in a], "identity",
                   np.ones((1, 1)), down_to=1)[0, 0]
    J = {j: np.array([[float(a[j - 1])]]) for j in (2, 3, 4)}
    printed = ref.evaluate_words(s0.PRINTED_11_3_LINE_1, J)
    return got != printed[0, 0]


def _describe(a):
    line_1 = ref.evaluate_words(s0.PRINTED_11_3_LINE_1, {j: np.array([[a[j - 1]]]) for j in (2, 3, 4)})
    return (f"f_j(h) = a_j h with a = {a}: dy/df1 = (1+a4)(1+a3)(1+a2) = "
            f"{(1 + a[3]) * (1 + a[2]) * (1 + a[1])}, line 1 gives {line_1[0, 0]}")


@pytest.mark.requires("residual_layer", "residual_layer_backward")
@pytest.mark.claim("000:11.3-line1")
def test_first_printed_line_is_wrong(impl):
    """Refutes 11.3 line 1, f4 (1 + df3/df1 + df3/df1 (1 + df2/df1)): scalar blocks where it is not dy/df1."""
    refute("000:11.3-line1", st.lists(st.integers(-3, 3), min_size=4, max_size=4),
           lambda a: _line_1_wrong(impl, a), describe=_describe)


def _total_derivatives(a):
    """Reading B, scalar blocks f_j(h) = a_j h: D_j = d f_j / d f_1 = a_j prod_{1 < i < j} (1 + a_i)."""
    D = {}
    for j in (2, 3, 4):
        D[j] = np.array([[float(a[j - 1] * np.prod([1 + a[i - 1] for i in range(2, j)]))]])
    return D


def _line_2_wrong_in_reading_b(impl, a):
    layers = [(np.array([[float(x)]]), np.zeros(1)) for x in a]
    hs = forward(impl, np.ones((1, 1)), layers, "identity")
    got = backprop(impl, hs, layers, "identity", np.ones((1, 1)), down_to=1)[0, 0]
    return got != ref.evaluate_words(s0.PRINTED_11_3_LINE_2, _total_derivatives(a))[0, 0]


@pytest.mark.requires("residual_layer", "residual_layer_backward")
@pytest.mark.claim("000:11.3-line2")
def test_second_printed_line_double_counts_with_total_derivatives(impl):
    """Reading B refutes line 2: with df_j/df_1 the total derivatives D_j, line 2 is not dy/df1 (scalar
    blocks)."""
    def describe(a):
        D = _total_derivatives(a)
        return (f"f_j(h) = a_j h with a = {a}: dy/df1 = (1+a4)(1+a3)(1+a2) = "
                f"{(1 + a[3]) * (1 + a[2]) * (1 + a[1])} = 1 + D2 + D3 + D4, line 2 with D_j = "
                f"({', '.join(f'D{j}={D[j][0, 0]:g}' for j in D)}) gives "
                f"{ref.evaluate_words(s0.PRINTED_11_3_LINE_2, D)[0, 0]:g}")

    refute("000:11.3-line2", st.lists(st.integers(-3, 3), min_size=4, max_size=4),
           lambda a: _line_2_wrong_in_reading_b(impl, a), describe=describe, max_examples=300)
