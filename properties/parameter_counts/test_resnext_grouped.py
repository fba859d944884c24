"""The 32-path ResNeXt block is a grouped convolution, unless a ReLU follows each path's last conv.

Split form: sum_p conv(relu(conv(relu(conv(x, U_p)), V_p, pad 1)), T_p).
Grouped form: stack the U_p, run the V_p as one conv with groups = P, and put the
T_p side by side as one 1x1 conv over all P d channels, which sums the paths.
Integer inputs and weights keep every product and sum exact in float64, so the
two forms must agree exactly; the tests call the implementation's conv.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference import module_shim as shim
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
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


def _printed_block(seed):
    """Seed 003's splitted network as printed (P paths of n -> d -> d -> n) with integer weights."""
    (n, d, _, _), (d2, d3, k, _), (d4, n2, _, _) = s3.PRINTED_P4_SPLIT_PATH
    assert d == d2 == d3 == d4 and n == n2 and k == 3, s3.PRINTED_P4_SPLIT_PATH
    rng = np.random.default_rng(seed)
    paths = s3.PRINTED_P4_PATHS
    ints = lambda *shape: rng.integers(-1, 2, shape).astype(np.float64)  # noqa: E731
    return ints(1, n, 2, 2), ints(paths, d, n, 1, 1), ints(paths, d, d, 3, 3), ints(paths, n, d, 1, 1)


@pytest.mark.requires("conv")
@pytest.mark.claim("003:P4-split", "003:P4-grouped")
@given(seed=st.integers(0, 2**32 - 1))
def test_printed_split_network_is_the_concatenated_one_grouped(impl, seed):
    """Seed 003's splitted network (32 paths 256 -> 4 -> 4 -> 256) is its concatenated network
    (256 -> 128 -> 128 -> 256) with the 3x3 conv split into 32 groups: the paths' widths add up to the
    concatenated width, and the summed paths equal that grouped network exactly."""
    (c, width, _, _), (width2, _, _, _), _ = s3.PRINTED_P4_DENSE_LAYERS
    x, U, V, T = _printed_block(seed)
    paths, d = U.shape[:2]
    assert paths * d == width == width2, f"{paths} paths of width {d} vs the concatenated width {width}"
    np.testing.assert_array_equal(split_form(impl, x, U, V, T, relu_last=False),
                                  grouped_form(impl, x, U, V, T, relu_last=False))


@functools.cache
def _seed004_structure(code):
    """From seed 004's printed module, executed: does a ReLU follow each path's last conv, and one the sum?"""
    module = shim.build(code, "STMConvLayer")
    _, trace = shim.traced(module, np.zeros((1, 256, 2, 2)))
    paths = shim.iterations(trace, 3)
    relus = [sum(kind == "relu" for kind, _ in path) for path in paths]
    first = [kind for kind, _ in paths[0]]
    relu_after_each_path = first[-1] == "relu" and first.count("conv") == 3
    extra = relus[-1] - relus[0]  # what follows the loop stays with the last iteration
    assert extra in (0, 1) and len(set(relus[:-1])) <= 1, relus
    return relu_after_each_path, extra == 1


def _seed004_form(impl, x, U, V, T):
    each, after_sum = _seed004_structure(s4.P4B_CODE)
    y = split_form(impl, x, U, V, T, relu_last=each)
    return _relu(y) if after_sum else y


@pytest.mark.requires("conv")
@pytest.mark.claim("004:P4b-relu", "004:P4-split")
def test_relu_after_each_path_breaks_the_equivalence(impl):
    """Refutes that seed 004's module, with the ReLUs where its code puts them (after each path's last conv,
    then summed), is the ResNeXt block relu(sum_p T_p relu(V_p relu(U_p x))) (the grouped form).

    sum_p relu(y_p) differs from relu(sum_p y_p) once two paths have opposite signs.
    """
    def differs(block):
        return not np.array_equal(_seed004_form(impl, *block), grouped_form(impl, *block, relu_last=True))

    refute(("004:P4b-relu", "004:P4-split"), blocks(), differs, describe=lambda b: _describe(b) + (
        f": the module's placement of ReLUs gives {_seed004_form(impl, *b).ravel().tolist()}, the block "
        f"{grouped_form(impl, *b, relu_last=True).ravel().tolist()}"), max_examples=200)
