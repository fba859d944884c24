"""Seed 001 problem 5, the literal example: x in R^{2x4}, kernel 3, two output channels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import FOUND, refute
from dnn_invariants.reference import conv as ref
from dnn_invariants.reference import seed001_q5 as q5

CONFIG = dict(stride=(1,), padding=((0, 0),), dilation=(1,), groups=1)
N = (4,)


def kernels():
    """Kernels (out=2, in=2, K=3) with small integer taps: every product is exact in float64."""
    return st.lists(st.integers(-3, 3), min_size=12, max_size=12).map(
        lambda v: np.array(v, np.float64).reshape(2, 2, 3))


def _describe(w):
    return "kernel with " + ", ".join(
        f"w{k + 1}^{i + 1}{j + 1}={int(w[j, i, k])}" for j, i, k in zip(*np.nonzero(w))) \
        + " (all other taps 0)"


def _matrix_of(linear, n_in):
    """The matrix of a linear map on flat vectors, column by column from unit impulses."""
    return np.stack([linear(e) for e in np.eye(n_in)], axis=1)


@pytest.mark.requires("conv")
@pytest.mark.claim("001:Q5a")
@given(w=kernels())
def test_printed_A_is_the_convolution(impl, w):
    """The 4x8 matrix A printed in Q5a is exactly the implementation's conv on this example."""
    A = _matrix_of(lambda e: impl.conv(e.reshape(1, 2, 4), w, **CONFIG).ravel(), 8)
    np.testing.assert_array_equal(A, q5.evaluate(q5.PRINTED_A, w))
    np.testing.assert_array_equal(A, ref.conv_matrix(w, N, **{k: v for k, v in CONFIG.items()}))


@pytest.mark.requires("conv_backward")
@pytest.mark.claim("001:Q5b-AB")
@given(w=kernels())
def test_input_gradient_matrix_is_A_transpose(impl, w):
    """The matrix B with dL/dX = B dL/dY equals A^T (Q5b's 'A = B^T')."""
    x = np.zeros((1, 2, 4))
    B = _matrix_of(lambda e: impl.conv_backward(x, w, e.reshape(1, 2, 2), **CONFIG)[0].ravel(), 4)
    np.testing.assert_array_equal(B, q5.evaluate(q5.PRINTED_A, w).T)


@pytest.mark.claim("001:Q5b-B1")
def test_first_printed_B_is_wrong():
    """Refutes Q5b's first printed B: rows x13 and x23 carry w3 where A^T has w2 in column y22."""
    w = refute("001:Q5b-B1", kernels(),
               lambda w: not np.array_equal(q5.evaluate(q5.PRINTED_B_FIRST, w),
                                            q5.evaluate(q5.PRINTED_A, w).T),
               describe=_describe)
    diff = q5.evaluate(q5.PRINTED_B_FIRST, w) != q5.evaluate(q5.PRINTED_A, w).T
    assert {(q5.X[r], q5.Y[c]) for r, c in zip(*np.nonzero(diff))} <= {("x13", "y22"), ("x23", "y22")}


@pytest.mark.claim("001:Q5b-B2")
def test_second_printed_B_misses_a_row():
    """Refutes Q5b's second B as an 8x4 matrix: it has 7 rows; with the stray row as row 4 it is A^T."""
    assert len(q5.PRINTED_B_SECOND) == 7
    FOUND["001:Q5b-B2"] = "printed B has 7 rows, not 8: the x14 row [0, w3^11, 0, w3^12] stands below it"

    @given(w=kernels())
    def repaired_is_transpose(w):
        rows = q5.PRINTED_B_SECOND[:3] + [q5.PRINTED_B_SECOND_STRAY_ROW] + q5.PRINTED_B_SECOND[3:]
        np.testing.assert_array_equal(q5.evaluate(rows, w), q5.evaluate(q5.PRINTED_A, w).T)
    repaired_is_transpose()


@pytest.mark.parametrize("x_name", q5.X)
@pytest.mark.claim("001:Q5b-struck")
def test_struck_terms(x_name):
    """Q5b eqs (1)-(8) strike out terms dy/dx dL/dy as zero: each struck term must vanish for every kernel.

    Decided per equation: where a struck term is not identically zero the
    corpus finds a kernel that makes it non-zero (refuted), else it checks
    that every struck term vanishes for all drawn kernels (holds).
    """
    col = q5.X.index(x_name)
    struck = [y for y in q5.Y if y not in q5.KEPT_TERMS[x_name]]

    def nonzero_struck(w):
        A = ref.conv_matrix(w, N, (1,), ((0, 0),), (1,), 1)
        return any(A[q5.Y.index(y), col] != 0 for y in struck)

    really_zero = all(not nonzero_struck(w) for w in np.eye(12).reshape(12, 2, 2, 3))
    if really_zero:  # eqs (6), (7): every struck term is identically zero
        return
    refute(f"001:Q5b-struck-{x_name}", kernels(), nonzero_struck, describe=_describe)


@pytest.mark.parametrize("x_name", q5.X)
@pytest.mark.claim("001:Q5b-simplified")
def test_simplified_gradients(x_name):
    """Q5b's 'by simplifying eq (n)' sums: each must equal row x of A^T dL/dY for every kernel and dL/dY."""
    col = q5.X.index(x_name)

    def printed_differs(args):
        w, dy = args
        A = ref.conv_matrix(w, N, (1,), ((0, 0),), (1,), 1)
        printed = sum(q5.symbol(s, w) * dy[q5.Y.index(y)] for s, y in q5.SIMPLIFIED[x_name])
        return printed != A[:, col] @ dy

    gradients = st.lists(st.integers(-3, 3), min_size=4, max_size=4).map(np.array)
    if x_name != "x14":
        @given(w=kernels(), dy=gradients)
        def holds(w, dy):
            assert not printed_differs((w, dy))
        holds()
        return
    refute("001:Q5b-simplified-x14", st.tuples(kernels(), gradients), printed_differs,
           describe=lambda a: f"{_describe(a[0])}, dL/dY={a[1].tolist()}")


@pytest.mark.requires("conv_backward")
@pytest.mark.claim("001:Q5c", "001:Q5c-kernel")
@given(w=kernels(), dy=st.lists(st.integers(-3, 3), min_size=4, max_size=4))
def test_q5c_construction_is_the_input_gradient(impl, w, dy):
    """dL/dX = conv(dL/dY padded by 2 each side, W^{ij} = [w3^{ji}, w2^{ji}, w1^{ji}]), stride 1 (Q5c)."""
    dy = np.array(dy, np.float64).reshape(1, 2, 2)
    padded = ref.pad(dy, [(q5.Q5C_PADDING, q5.Q5C_PADDING)])
    assert padded.shape[-1] - 3 + 1 == 4  # Q5c: 4 = (6 - 3)/1 + 1
    expected = ref.correlate(padded, q5.gradient_kernel(w), (1,), (1,), 1)
    dx, _ = impl.conv_backward(np.zeros((1, 2, 4)), w, dy, **CONFIG)
    np.testing.assert_array_equal(dx, expected)


@pytest.mark.claim("001:Q5c-hw2")
def test_unflipped_kernel_is_not_the_gradient():
    """Refutes the unflipped W^{ij} = [w1^{ji}, w2^{ji}, w3^{ji}] as the input-gradient kernel."""
    def unflipped_wrong(args):
        w, dy = args
        dy = np.array(dy, np.float64).reshape(1, 2, 2)
        padded = ref.pad(dy, [(2, 2)])
        return not np.array_equal(
            ref.correlate(padded, q5.gradient_kernel(w, flip=False), (1,), (1,), 1),
            ref.input_gradient(dy, w, N, (1,), ((0, 0),), (1,), 1))
    refute("001:Q5c-hw2", st.tuples(kernels(), st.lists(st.integers(-3, 3), min_size=4, max_size=4)),
           unflipped_wrong, describe=lambda a: f"{_describe(a[0])}, dL/dY={a[1]}")


@pytest.mark.claim("001:Q5c-noconv")
@given(s=st.integers(1, 100), k=st.integers(1, 100))
def test_no_unpadded_conv_maps_2_to_4(s, k):
    """Q5c: 4 = (2 - K)/S + 1 has no solution with S, K >= 1 (3S = 2 - K is impossible)."""
    assert 3 * s != 2 - k
    assert ref.output_size(2, k, s, 0, 0, 1) != 4 or (2 - k) < 0
