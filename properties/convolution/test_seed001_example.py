"""Seed 001 problem 5, the literal example: x in R^{2x4}, kernel 3, two output channels.

The printed matrices, kernels, sizes and relations are transcribed in
reference/seeds/seed001.py; every test here evaluates them for integer
kernels (every product and sum exact in float64) and compares them with the
truth: the implementation's convolution, its input gradient, or the reference
convolution matrix.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference import conv as ref
from dnn_invariants.reference.seeds import seed001 as s1

CONFIG = dict(stride=(1,), padding=((0, 0),), dilation=(1,), groups=1)
N = (4,)


def kernels():
    """Kernels (out=2, in=2, K=3) with small integer taps: every product is exact in float64."""
    return st.lists(st.integers(-3, 3), min_size=12, max_size=12).map(
        lambda v: np.array(v, np.float64).reshape(2, 2, 3))


def gradients():
    return st.lists(st.integers(-3, 3), min_size=4, max_size=4).map(lambda v: np.array(v, np.float64))


def _describe(w):
    return "kernel with " + ", ".join(
        f"w{k + 1}^{i + 1}{j + 1}={int(w[j, i, k])}" for j, i, k in zip(*np.nonzero(w))) \
        + " (all other taps 0)"


def _matrix_of(linear, n_in):
    """The matrix of a linear map on flat vectors, column by column from unit impulses."""
    return np.stack([linear(e) for e in np.eye(n_in)], axis=1)


def _true_A(w):
    return ref.conv_matrix(w, N, (1,), ((0, 0),), (1,), 1)


@pytest.mark.requires("conv")
@pytest.mark.claim("001:Q5a")
@given(w=kernels())
def test_printed_A_is_the_convolution(impl, w):
    """The 4x8 matrix A printed in Q5a is exactly the implementation's conv on this example."""
    A = _matrix_of(lambda e: impl.conv(e.reshape(1, 2, 4), w, **CONFIG).ravel(), 8)
    printed = s1.evaluate(s1.PRINTED_Q5_A, w)
    assert printed.shape == s1.PRINTED_Q5_A_SHAPE == A.shape
    np.testing.assert_array_equal(A, printed)


@pytest.mark.requires("conv_backward")
@pytest.mark.claim("001:Q5b", "001:Q5b-AB")
@given(w=kernels())
def test_input_gradient_matrix_is_A_transpose(impl, w):
    """The matrix B of dL/dX~ = B dL/dY~ (the implementation's input gradient) is 8x4 and is the printed
    relation applied to the printed A (Q5b: 'A = B^T')."""
    x = np.zeros((1, 2, 4))
    B = _matrix_of(lambda e: impl.conv_backward(x, w, e.reshape(1, 2, 2), **CONFIG)[0].ravel(), 4)
    assert B.shape == s1.PRINTED_Q5_B_SHAPE, f"dL/dX~ = B dL/dY~ has B of shape {B.shape}"
    np.testing.assert_array_equal(B, s1.printed_q5_b_of_a(s1.evaluate(s1.PRINTED_Q5_A, w)))


def _rows_differ(printed):
    """A search over (row, kernel): printed row r (or its absence) is not row r of A^T."""
    def differs(args):
        r, w = args
        true = _true_A(w).T[r]
        if r >= len(printed):
            return True
        row = np.array([s1.symbol(s, w) for s in printed[r]])
        return row.shape != true.shape or not np.array_equal(row, true)
    return differs


def _describe_row(printed):
    def describe(args):
        r, w = args
        row = printed[r] if r < len(printed) else "(no row)"
        return (f"row {r} ({s1.Q5_X[r]}) of the printed B is {row}; A^T's row is {_true_A(w).T[r].tolist()} "
                f"for {_describe(w)}")
    return describe


@pytest.mark.claim("001:Q5b-B1")
def test_first_printed_B_is_wrong():
    """Refutes Q5b's first printed B: rows x13 and x23 carry w3 where A^T has w2 in column y22."""
    printed = s1.PRINTED_Q5_B_FIRST
    refute("001:Q5b-B1", st.tuples(st.sampled_from(range(8)), kernels()), _rows_differ(printed),
           describe=_describe_row(printed))


@pytest.mark.claim("001:Q5b-B2")
def test_second_printed_B_misses_a_row():
    """Refutes Q5b's second printing as 'B in R^{8x4}': its rows, in order, are not those of A^T (it has 7;
    the x14 row stands below it)."""
    printed = s1.PRINTED_Q5_B_SECOND
    refute("001:Q5b-B2", st.tuples(st.sampled_from(range(8)), kernels()), _rows_differ(printed),
           describe=_describe_row(printed))


@pytest.mark.claim("001:Q5b-struck")
def test_struck_terms():
    """Refutes Q5b eqs (1)-(8) striking out only zero terms: a struck dy/dx that is not zero for some kernel.

    The true dy_jp/dx_iq is the entry of the convolution matrix; a term is struck when the
    transcription's kept set for that equation does not contain it.
    """
    def nonzero_struck(args):
        x_name, w = args
        col = s1.Q5_X.index(x_name)
        struck = [y for y in s1.Q5_Y if y not in s1.PRINTED_Q5_KEPT_TERMS[x_name]]
        return any(_true_A(w)[s1.Q5_Y.index(y), col] != 0 for y in struck)

    def describe(args):
        x_name, w = args
        col = s1.Q5_X.index(x_name)
        struck = [y for y in s1.Q5_Y if y not in s1.PRINTED_Q5_KEPT_TERMS[x_name]]
        nonzero = [y for y in struck if _true_A(w)[s1.Q5_Y.index(y), col] != 0]
        return f"dL/d{x_name}: struck term(s) d{nonzero}/d{x_name} are not zero for {_describe(w)}"

    refute("001:Q5b-struck", st.tuples(st.sampled_from(s1.Q5_X), kernels()), nonzero_struck,
           describe=describe)


@pytest.mark.claim("001:Q5b-simplified")
def test_simplified_gradients():
    """Refutes Q5b's 'by simplifying eq (n)' sums as a whole: an equation whose sum is not row x of A^T
    dL/dY."""
    def printed_differs(args):
        x_name, w, dy = args
        printed = sum(s1.symbol(c, w) * dy[s1.Q5_Y.index(y)] for c, y in s1.PRINTED_Q5_SIMPLIFIED[x_name])
        return printed != _true_A(w)[:, s1.Q5_X.index(x_name)] @ dy

    def describe(args):
        x_name, w, dy = args
        terms = s1.PRINTED_Q5_SIMPLIFIED[x_name]
        printed = sum(s1.symbol(c, w) * dy[s1.Q5_Y.index(y)] for c, y in terms)
        return (f"dL/d{x_name} printed as {terms}; for {_describe(w)}, dL/dY={dy.tolist()}: "
                f"printed {printed}, true {_true_A(w)[:, s1.Q5_X.index(x_name)] @ dy}")

    refute("001:Q5b-simplified", st.tuples(st.sampled_from(s1.Q5_X), kernels(), gradients()),
           printed_differs, describe=describe)


@pytest.mark.requires("conv_backward")
@pytest.mark.claim("001:Q5c", "001:Q5c-kernel")
@given(w=kernels(), dy=gradients())
def test_q5c_construction_is_the_input_gradient(impl, w, dy):
    """dL/dX = correlate(dL/dY padded by 2 each side, W^{ij} = [w3^{ji}, w2^{ji}, w1^{ji}]), stride 1
    (Q5c)."""
    dy = dy.reshape(1, 2, 2)
    p, k, s = s1.PRINTED_Q5_PADDING, s1.PRINTED_Q5_KERNEL_SIZE, s1.PRINTED_Q5_STRIDE
    kernel = s1.kernel_from_symbols(s1.PRINTED_Q5_KERNEL, w)
    assert kernel.shape[-1] == k
    padded = ref.pad(dy, [(p, p)])
    expected = ref.correlate(padded, kernel, (s,), (1,), 1)
    dx, _ = impl.conv_backward(np.zeros((1, 2, 4)), w, dy, **CONFIG)
    assert expected.shape == dx.shape, f"the construction gives shape {expected.shape}, dL/dX has {dx.shape}"
    np.testing.assert_array_equal(dx, expected)


def _true_convolution(xp, kernel):
    """A true (flipping) convolution, as signal processing defines it: (x * k)[i] = sum_t x[i + K-1 - t]
    k[t]."""
    return ref.correlate(xp, kernel[..., ::-1], (1,), (1,), 1)


@pytest.mark.requires("conv_backward")
@pytest.mark.claim("001:Q5c-hw2")
@given(w=kernels(), dy=gradients())
def test_hw2_kernel_with_a_flipping_convolution_is_the_gradient(impl, w, dy):
    """HW2's W^{ij} = [w1^{ji}, w2^{ji}, w3^{ji}] gives dL/dX when the operation is a true (flipping)
    convolution of the padded dL/dY (the reading under which it holds)."""
    dy = dy.reshape(1, 2, 2)
    p = s1.PRINTED_Q5_PADDING
    expected = _true_convolution(ref.pad(dy, [(p, p)]), s1.kernel_from_symbols(s1.PRINTED_Q5_HW2_KERNEL, w))
    dx, _ = impl.conv_backward(np.zeros((1, 2, 4)), w, dy, **CONFIG)
    np.testing.assert_array_equal(dx, expected)


@pytest.mark.claim("001:Q5c-hw2")
def test_hw2_kernel_with_cross_correlation_is_not_the_gradient():
    """Refutes HW2's kernel in Q5c's own operation (cross-correlation, as in Q5a): it is not the gradient."""
    def wrong(args):
        w, dy = args
        dy = dy.reshape(1, 2, 2)
        p = s1.PRINTED_Q5_PADDING
        got = ref.correlate(ref.pad(dy, [(p, p)]), s1.kernel_from_symbols(s1.PRINTED_Q5_HW2_KERNEL, w),
                            (1,), (1,), 1)
        return not np.array_equal(got, ref.input_gradient(dy, w, N, (1,), ((0, 0),), (1,), 1))
    refute("001:Q5c-hw2", st.tuples(kernels(), gradients()), wrong,
           describe=lambda a: f"{_describe(a[0])}, dL/dY={a[1].tolist()}: correlating with the unflipped "
                              f"kernel is not dL/dX", max_examples=300)


def _largest_unpadded_output(size_in, k, s, d):
    return ref.output_size(size_in, k, s, 0, 0, d) if size_in >= d * (k - 1) + 1 else 0


@pytest.mark.claim("001:Q5c-noconv")
@given(s=st.integers(1, 100), k=st.integers(1, 100), d=st.integers(1, 4))
def test_no_unpadded_conv_maps_2_to_4(s, k, d):
    """Q5c: no convolution without padding (any stride, kernel, dilation) maps size 2 to size 4, as printed;
    with the seed's formula, 4 = (2 - K)/S + 1 has no solution S, K >= 1."""
    n = s1.PRINTED_Q5_NOCONV
    reached = _largest_unpadded_output(n["size_in"], k, s, d) == n["size_out"]
    formula = s1.printed_q5_output_size(n["size_in"], k, s) == n["size_out"]
    assert not reached and not formula or n["solvable"], (
        f"S={s}, K={k}, d={d} maps {n['size_in']} to {n['size_out']}, the seed says no kernel does")
    if n["solvable"]:  # the seed would then claim some (S, K) exists: the true sizes never reach it
        assert reached, (f"the seed says some unpadded conv maps {n['size_in']} to {n['size_out']}; "
                         f"S={s}, K={k} does not")
