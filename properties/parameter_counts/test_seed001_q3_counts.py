"""Seed 001, problem 3: standard and bottleneck residual blocks on 16x16 maps, with and without bias.

The printed totals are right for a standard block of two 3x3 convs 32 -> 32 and a
bottleneck 1x1 128 -> 32, 3x3 32 -> 32, 1x1 32 -> 128; several printed layer
expressions are not (batch x map size where channels x kernel belong, and 72, 7x7).
"""

from __future__ import annotations

import pytest

from dnn_invariants.implementations.contract import BatchNorm
from dnn_invariants.properties.refutation import FOUND
from dnn_invariants.reference import seed_architectures as arch
from dnn_invariants.reference.param_counts import count

BLOCKS = [("standard", True), ("standard", False), ("bottleneck", True), ("bottleneck", False)]


def _block(kind, bias):
    return (arch.standard_block_001 if kind == "standard" else arch.bottleneck_block_001)(bias)


@pytest.mark.parametrize("kind,bias", BLOCKS)
@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-totals")
def test_printed_totals(impl, kind, bias):
    """18,496 / 18,432 (standard, with / without bias) and 17,600 / 17,408 (bottleneck) are the counts."""
    block = _block(kind, bias)
    assert impl.count_parameters(block) == count(block) == arch.PRINTED_001_Q3[kind, bias]


@pytest.mark.parametrize("kind,bias", BLOCKS)
@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-bn")
def test_batch_norm_addition(impl, kind, bias):
    """One batch norm per conv adds 2 x its output channels: 32*2 + 32*2 (standard), + 128*2 (bottleneck)."""
    convs = arch.layers_001(kind, bias)
    added = sum(impl.count_parameters(BatchNorm(c.c_out)) for c in convs)
    assert added == arch.PRINTED_001_Q3_BN[kind]


@pytest.mark.parametrize("line", sorted(arch.PRINTED_001_Q3_LAYERS, key=str))
@pytest.mark.requires("count_parameters")
@pytest.mark.claim("001:Q3-layers")
def test_printed_layer_lines(impl, line):
    """Each printed layer value is the real conv's count; where the printed expression is not, record it."""
    expression, printed = arch.PRINTED_001_Q3_LAYERS[line]
    kind, bias = line[0], line[1]
    index = line[2] - 1 if len(line) == 3 else 0
    layer = arch.layers_001(kind, bias)[index]
    assert impl.count_parameters(layer) == count(layer) == printed, (line, layer)
    if expression != printed:
        k = "x".join(map(str, layer.kernel))
        FOUND[f"001:Q3-layers-{kind}-{'bias' if bias else 'nobias'}-{index + 1}"] = (
            f"printed expression evaluates to {expression}, not {printed}; the layer is a {k} conv "
            f"{layer.c_in} -> {layer.c_out}: ({layer.c_in}*{k.replace('x', '*')}{' + 1' if bias else ''})"
            f"*{layer.c_out} = {printed}")
