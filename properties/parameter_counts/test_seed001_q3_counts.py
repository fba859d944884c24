"""Seed 001, problem 3: standard and bottleneck residual blocks on 16x16 maps, with and without bias.

The printed totals are right for a standard block of two 3x3 convs 32 -> 32 and a
bottleneck 1x1 128 -> 32, 3x3 32 -> 32, 1x1 32 -> 128 (the channels the printed
layer values use); several printed layer expressions are not (batch x map size
where channels x kernel belong, and 72, 7x7). Transcriptions: reference/seeds/seed001.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.implementations.contract import BatchNorm, Conv
from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference import conv as ref
from dnn_invariants.reference import seed_architectures as arch
from dnn_invariants.reference.param_counts import count
from dnn_invariants.reference.seeds import seed001 as s1

BLOCKS = [("standard", True), ("standard", False), ("bottleneck", True), ("bottleneck", False)]
LINES = sorted(s1.PRINTED_Q3_LAYERS, key=str)


def _block(kind, bias):
    return (arch.standard_block_001 if kind == "standard" else arch.bottleneck_block_001)(bias)


@pytest.mark.parametrize("kind,bias", BLOCKS)
@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-totals")
def test_printed_totals(impl, kind, bias):
    """18,496 / 18,432 (standard, with / without bias) and 17,600 / 17,408 (bottleneck) are the counts."""
    block = _block(kind, bias)
    assert impl.count_parameters(block) == count(block) == s1.PRINTED_Q3_TOTALS[kind, bias]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-totals")
def test_printed_layer_values(impl, line):
    """Each value printed after '=' in a layer line is that layer's count (the totals add them)."""
    kind, bias, index = line
    layer = arch.layers_001(kind, bias)[index - 1]
    assert impl.count_parameters(layer) == s1.PRINTED_Q3_LAYERS[line][1], (line, layer)


@pytest.mark.parametrize("kind,bias", BLOCKS)
@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-table")
def test_printed_table(impl, kind, bias):
    """The table's row 'bias O' holds the counts with bias, row 'bias X' those without."""
    assert impl.count_parameters(_block(kind, bias)) == s1.PRINTED_Q3_TABLE["O" if bias else "X", kind]


@pytest.mark.parametrize("kind,bias", BLOCKS)
@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-bn")
def test_batch_norm_addition(impl, kind, bias):
    """One batch norm per conv adds 2 x its output channels: 32*2 + 32*2 (standard), + 128*2 (bottleneck)."""
    convs = arch.layers_001(kind, bias)
    added = sum(impl.count_parameters(BatchNorm(c.c_out)) for c in convs)
    assert added == s1.PRINTED_Q3_BN[kind]


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-layers")
def test_printed_layer_lines(impl):
    """Refutes the printed layer expressions: a line whose expression does not evaluate to its layer's
    count."""
    def wrong(line):
        kind, bias, index = line
        return s1.PRINTED_Q3_LAYERS[line][0] != impl.count_parameters(arch.layers_001(kind, bias)[index - 1])

    def describe(line):
        kind, bias, index = line
        layer = arch.layers_001(kind, bias)[index - 1]
        k = "*".join(map(str, layer.kernel))
        return (f"{kind} block {'with' if bias else 'without'} bias, layer {index}: the printed expression "
                f"evaluates to {s1.PRINTED_Q3_LAYERS[line][0]}; the layer is a {k.replace('*', 'x')} conv "
                f"{layer.c_in} -> {layer.c_out}: ({layer.c_in}*{k}{' + 1' if bias else ''})*{layer.c_out} = "
                f"{impl.count_parameters(layer)}")

    refute("001:Q3-layers", st.sampled_from(LINES), wrong, describe=describe)


@pytest.mark.requires("conv")
@pytest.mark.claim("001:Q3-identity")
def test_bottleneck_1x1_conv_is_not_the_identity(impl):
    """Refutes the bottleneck 'uses identity convolution': its 1x1 conv 128 -> 32 is not x -> x.

    A 1x1 conv is a per-pixel linear map across channels, y[:, o] = sum_c w[o, c] x[:, c]: the identity
    only for C_in = C_out and w = I. Reducing 128 channels to 32 (rank <= 32) is what loses information.
    Integer entries: the implementation's sums are exact.
    """
    conv = arch.layers_001("bottleneck", True)[0]

    def arrays(seed):
        rng = np.random.default_rng(seed)
        x = rng.integers(-2, 3, (1, conv.c_in, 2, 2)).astype(np.float64)
        w = rng.integers(-2, 3, (conv.c_out, conv.c_in, 1, 1)).astype(np.float64)
        return x, w

    def differs(seed):
        x, w = arrays(seed)
        y = impl.conv(x, w, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1)
        printed = np.asarray(s1.printed_q3_one_by_one(x, w))
        return printed.shape != y.shape or not np.array_equal(printed, y)

    def describe(seed):
        x, w = arrays(seed)
        y = impl.conv(x, w, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1)
        return (f"1x1 conv {conv.c_in} -> {conv.c_out} (weights seed {seed}): input shape {x.shape}, output "
                f"{y.shape}; 'identity convolution' would return the input")

    refute("001:Q3-identity", st.integers(0, 2**32 - 1), differs, describe=describe, max_examples=20)


def _macs(convs, size):
    """Multiply-adds of a stack of stride-1 'same' convs on a size x size map: for each conv,
    C_out (C_in/groups) k^2 products per output position (padded taps included), positions from the
    reference output-size formula."""
    total = 0
    for c in convs:
        k = c.kernel[0]
        m = ref.output_size(size, k, 1, (k - 1) // 2, k // 2, 1)
        total += c.c_out * (c.c_in // c.groups) * math.prod(c.kernel) * m * m
    return total


def _block_cost(convs, size):
    return dict(params=sum(count(c) for c in convs), positions=size * size, macs=_macs(convs, size))


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-cost")
def test_fewer_parameters_cost_less_on_the_same_map(impl):
    """For the seed's two blocks on the same 16x16 map (stride 1), fewer parameters do mean fewer
    multiply-adds: cost = sum of weights x 256 positions; the seed's rule gives the true order."""
    blocks = {kind: arch.layers_001(kind, False) for kind in ("bottleneck", "standard")}
    costs = {kind: _block_cost(convs, 16) for kind, convs in blocks.items()}
    for kind, convs in blocks.items():
        assert costs[kind]["params"] == sum(impl.count_parameters(c) for c in convs)
    a, b = costs["bottleneck"], costs["standard"]
    assert s1.printed_q3_cost_rule(a, b) == (a["macs"] < b["macs"]), (a, b)
    assert s1.printed_q3_cost_rule(b, a) == (b["macs"] < a["macs"]), (a, b)


def _convs():
    return st.builds(lambda ci, co, k, n: ((Conv(ci, co, (k, k), bias=False),), n),
                     st.integers(1, 8), st.integers(1, 8), st.sampled_from([1, 3]), st.integers(1, 16))


@pytest.mark.claim("001:Q3-cost")
def test_fewer_parameters_need_not_cost_less():
    """Refutes 'fewer parameters, so lower computational cost' in general: two convs on maps of different
    sizes where the one with fewer parameters needs more multiply-adds."""
    def wrong(pair):
        (ca, na), (cb, nb) = pair
        a, b = _block_cost(ca, na), _block_cost(cb, nb)
        return s1.printed_q3_cost_rule(a, b) != (a["macs"] < b["macs"])

    def describe(pair):
        (ca, na), (cb, nb) = pair
        a, b = _block_cost(ca, na), _block_cost(cb, nb)
        return (f"{ca[0]} on {na}x{na}: {a['params']} parameters, {a['macs']} multiply-adds; {cb[0]} on "
                f"{nb}x{nb}: {b['params']} parameters, {b['macs']} multiply-adds")

    refute("001:Q3-cost", st.tuples(_convs(), _convs()), wrong, describe=describe)


@given(n=st.integers(1, 32), k=st.sampled_from([1, 3, 5]))
def test_same_padding_keeps_the_size(n, k):
    """The padding used to cost a block, ((k-1)//2, k//2), keeps an n-wide map n wide (stride 1)."""
    assert ref.output_size(n, k, 1, (k - 1) // 2, k // 2, 1) == n
