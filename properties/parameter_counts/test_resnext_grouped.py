"""The 32-path ResNeXt block is a grouped convolution, unless a ReLU follows each path's last conv.

Split form: sum_p conv(relu(conv(relu(conv(x, U_p)), V_p, pad 1)), T_p).
Grouped form: stack the U_p, run the V_p as one conv with groups = P, and put the
T_p side by side as one 1x1 conv over all P d channels, which sums the paths.
Integer inputs and weights keep every product and sum exact in float64, so the
two forms must agree exactly; the tests call the implementation's conv.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.strategies.shapes import bounded

# (paths, path width d, channels c, input size n): a fixed alphabet, so each conv shape compiles once.
SHAPES = [(1, 1, 1, 1), (2, 1, 1, 1), (2, 1, 2, 2), (2, 2, 1, 3), (3, 1, 2, 2), (4, 2, 3, 3)]

ONE = dict(stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1)
SAME3 = dict(stride=(1, 1), padding=((1, 1), (1, 1)), dilation=(1, 1))


def _relu(x):
    return np.maximum(x, 0)


@st.composite
def blocks(draw):
    """(x, U, V, T): P paths of width d on c channels, integer entries in [-2, 2]."""
    free = st.tuples(st.integers(1, 4), st.integers(1, 2), st.integers(1, 3), st.integers(1, 4))
    paths, d, c, n = draw(bounded(SHAPES, free), label="paths, d, c, n")

    def ints(*shape):
        return np.array(draw(st.lists(st.integers(-2, 2), min_size=int(np.prod(shape)),
                                      max_size=int(np.prod(shape)))), np.float64).reshape(shape)

    return ints(1, c, n, n), ints(paths, d, c, 1, 1), ints(paths, d, d, 3, 3), ints(paths, c, d, 1, 1)


def split_form(impl, x, U, V, T, *, relu_last):
    total = 0
    for u, v, t in zip(U, V, T, strict=True):
        h = _relu(impl.conv(x, u, **ONE))
        h = _relu(impl.conv(h, v, groups=1, **SAME3))
        y = impl.conv(h, t, **ONE)
        total = total + (_relu(y) if relu_last else y)
    return total


def grouped_form(impl, x, U, V, T, *, relu_last):
    paths, d = U.shape[:2]
    h = _relu(impl.conv(x, U.reshape(paths * d, *U.shape[2:]), **ONE))
    h = _relu(impl.conv(h, V.reshape(paths * d, *V.shape[2:]), groups=paths, **SAME3))
    y = impl.conv(h, np.concatenate(list(T), axis=1), **ONE)
    return _relu(y) if relu_last else y


def _describe(block):
    x, U, _, _ = block
    return (f"{U.shape[0]} paths of width {U.shape[1]} on {x.shape[1]} channels, "
            f"{x.shape[2]}x{x.shape[3]} input")


@pytest.mark.requires("conv")
@pytest.mark.claim("003:P4-grouped")
@given(block=blocks())
def test_split_block_is_a_grouped_conv(impl, block):
    """With no nonlinearity after each path's last conv, the P-path block equals its grouped form exactly."""
    np.testing.assert_array_equal(split_form(impl, *block, relu_last=False),
                                  grouped_form(impl, *block, relu_last=False))


@pytest.mark.requires("conv")
@pytest.mark.claim("004:P4b-relu", "003:P4-grouped")
def test_relu_after_each_path_breaks_the_equivalence(impl):
    """Refutes that seed 004's module (ReLU after each path's last conv, then summed) is the grouped block.

    sum_p relu(y_p) differs from relu(sum_p y_p) once two paths have opposite signs.
    """
    def differs(block):
        return not np.array_equal(split_form(impl, *block, relu_last=True),
                                  grouped_form(impl, *block, relu_last=True))

    block = refute("004:P4b-relu", blocks(), differs, describe=lambda b: _describe(b) + (
        f": split {split_form(impl, *b, relu_last=True).ravel().tolist()} vs grouped "
        f"{grouped_form(impl, *b, relu_last=True).ravel().tolist()}"))
    assert block[1].shape[0] >= 2  # with one path the two forms coincide
