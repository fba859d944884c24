"""Seeds 003/004, problem 4: the ResNeXt block on 256 channels, dense, split into 32 paths, and grouped;
and seed 004's printed module for 4(b), executed as printed (misprints repaired) on a NumPy stand-in
for torch.nn (reference/module_shim.py). Transcriptions: reference/seeds/seed003.py, seed004.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.implementations.contract import Conv
from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference import module_shim as shim
from dnn_invariants.reference import seed_architectures as arch
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4


def _convs(layers, bias=False, groups=1):
    return [Conv(n, m, (a, b), groups=groups, bias=bias) for n, m, a, b in layers]


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("003:P4a-dense")
def test_printed_dense_count(impl):
    """256*128*1*1 + 128*128*3*3 + 128*256*1*1 = 212,992: the concatenated network's count without biases."""
    layers = s3.PRINTED_P4_DENSE_LAYERS
    assert sum(s3.printed_p4_rule(*layer) for layer in layers) == s3.PRINTED_P4_DENSE
    assert impl.count_parameters(arch.resnext_dense_003(False)) == s3.PRINTED_P4_DENSE
    assert [impl.count_parameters(c) for c in _convs(layers)] == [
        impl.count_parameters(c) for c in arch.resnext_dense_003(False).layers if isinstance(c, Conv)]


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("003:P4a-split")
def test_printed_split_count(impl):
    """(256*4*1*1 + 4*4*3*3 + 4*256*1*1) * 32 = 70,144: the 32-path network's count without biases."""
    path = s3.PRINTED_P4_SPLIT_PATH
    assert sum(s3.printed_p4_rule(*layer) for layer in path) * s3.PRINTED_P4_PATHS == s3.PRINTED_P4_SPLIT
    split = arch.resnext_split_003(False, paths=s3.PRINTED_P4_PATHS)
    assert impl.count_parameters(split) == s3.PRINTED_P4_SPLIT
    assert sum(impl.count_parameters(c) for c in _convs(path)) * s3.PRINTED_P4_PATHS == s3.PRINTED_P4_SPLIT


def _layers():
    return st.tuples(st.integers(1, 64), st.integers(1, 64), st.integers(1, 5), st.integers(1, 5))


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("003:P4a-rule")
@given(layer=_layers())
def test_rule_counts_a_conv_without_bias(impl, layer):
    """(n, m, a, b) -> n m a b is the count of a conv n -> m with an a x b kernel and no bias."""
    n, m, a, b = layer
    assert impl.count_parameters(Conv(n, m, (a, b), bias=False)) == s3.printed_p4_rule(n, m, a, b)


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("003:P4a-rule")
def test_rule_misses_the_bias(impl):
    """Refutes n m a b for a conv with a bias (PyTorch's default): it has m more parameters."""
    def wrong(layer):
        return impl.count_parameters(Conv(*layer[:2], layer[2:], bias=True)) != s3.printed_p4_rule(*layer)

    refute("003:P4a-rule", _layers(), wrong,
           describe=lambda layer: f"conv {layer[0]} -> {layer[1]}, {layer[2]}x{layer[3]} kernel with bias: "
                                  f"{impl.count_parameters(Conv(*layer[:2], layer[2:]))} parameters, "
                                  f"n m a b = {s3.printed_p4_rule(*layer)}", max_examples=50)


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("004:P4a")
@given(c_in=st.integers(1, 64), k=st.integers(1, 5), c_out=st.integers(1, 64))
def test_printed_conv_formula(impl, c_in, k, c_out):
    """(C_in k^2 + 1) C_out is the count of a k x k conv C_in -> C_out with a bias (seed 004 P4(a))."""
    assert impl.count_parameters(Conv(c_in, c_out, (k, k), bias=True)) == s4.printed_p4a(c_in, k, c_out)


@pytest.mark.requires("count_parameters")
def test_counts_with_biases(impl):
    """With biases the counts are 213,504 (dense) and 78,592 (32 * 2,456, split); grouped 70,656."""
    assert impl.count_parameters(arch.resnext_dense_003(True)) == 213504
    assert impl.count_parameters(arch.resnext_split_003(True)) == 78592 == 32 * impl.count_parameters(
        arch.resnext_path(bias=True))
    assert impl.count_parameters(arch.resnext_grouped(False)) == 70144
    assert impl.count_parameters(arch.resnext_grouped(True)) == 70656


# --- Seed 004, 4(b): the printed module --------------------------------------------------------------

def _module(seed=0):
    return shim.build(s4.P4B_CODE, "STMConvLayer", seed)


def _x(seed=0, size=2):
    return np.random.default_rng(seed).integers(-2, 3, (1, 256, size, size)).astype(np.float64)


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("004:P4b-shared", "004:P4-split")
def test_seed004_module_shares_one_path(impl):
    """Refutes seed 004 4(b)'s module as the 32-path block: a path p whose convolutions are path 0's.

    __init__ creates conv1, conv2, conv3 once and forward calls those same modules in every iteration:
    the module owns one path's parameters (2,456) where 32 paths need 78,592 (seed 004's own (C_in k^2 + 1)
    C_out per conv, times 32).
    """
    module = _module()
    _, trace = shim.traced(module, _x())
    paths = shim.iterations(trace, 3)
    own = shim.count(module)

    def shared(p):
        convs = lambda events: [i for kind, i in events if kind == "conv"]  # noqa: E731
        return p < len(paths) and p > 0 and bool(set(convs(paths[p])) & set(convs(paths[0])))

    def describe(p):
        convs = ((256, 1, 4), (4, 3, 4), (4, 1, 256))
        per_path = sum(s4.printed_p4a(c_in, k, c_out) for c_in, k, c_out in convs)
        return (f"iteration {p} of forward calls the same conv modules as iteration 0: the module owns {own} "
                f"parameters, 32 independent paths have {32 * per_path} = 32 x {per_path} "
                "(implementation's count of the split block: "
                f"{impl.count_parameters(arch.resnext_split_003(True))})")

    refute(("004:P4b-shared", "004:P4-split"), st.sampled_from(range(32)), shared, describe=describe)


@pytest.mark.claim("004:P4b-shared")
def test_seed004_module_returns_32_times_one_path():
    """What the printed module computes: 2,456 parameters of its own and forward(x) = 32 relu(conv3(relu(
    conv2(relu(conv1 x))))), exactly (integer weights and inputs)."""
    module = _module()
    assert shim.count(module) == sum(s4.printed_p4a(c_in, k, c_out)
                                     for c_in, k, c_out in ((256, 1, 4), (4, 3, 4), (4, 1, 256)))
    x = _x(1)
    relu = lambda v: np.maximum(v, 0.0)  # noqa: E731
    one = relu(module.conv3(relu(module.conv2(relu(module.conv1(x))))))
    np.testing.assert_array_equal(module(x), 32 * one)
