"""Seed 000, problems 11.6 and 11.8: the printed parameter counts against real layer objects."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference import seed_architectures as arch
from dnn_invariants.reference.param_counts import count


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.6")
def test_11_6_network_has_3841_parameters(impl):
    """1 input, ten hidden layers of 20 (1->20, nine 20->20), 1 output: 40 + 9*420 + 21 = 3841 parameters."""
    assert impl.count_parameters(arch.mlp_11_6()) == count(arch.mlp_11_6()) == arch.PRINTED_11_6["total"]


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.6-bn")
def test_11_6_batch_norm_adds_400(impl):
    """Batch norm on each of the ten hidden layers adds gamma and beta per unit: 2*20*10 = 400; total 4241."""
    plain = impl.count_parameters(arch.mlp_11_6())
    normed = impl.count_parameters(arch.mlp_11_6(batch_norm=True))
    assert normed - plain == 400 and normed == 4241


@pytest.mark.claim("000:11.6-bn")
def test_11_6_printed_batch_norm_count_is_wrong():
    """Refutes (1+1)*9 = 18 (total 3859): the seed counts one (gamma, beta) per hidden-to-hidden matrix.

    Its rule, 2 (H - 1) for H hidden layers, is compared with the true 2 W H on
    the same family of networks (H hidden layers of width W).
    """
    def differs(hw):
        hidden, width = hw
        added = count(arch.mlp_11_6(hidden, width, True)) - count(arch.mlp_11_6(hidden, width))
        return added != 2 * (hidden - 1)

    def describe(hw):
        return (f"{hw[0]} hidden layer(s) of width {hw[1]}: batch norm adds {2 * hw[0] * hw[1]}, the seed's "
                f"rule 2(H-1) gives {2 * (hw[0] - 1)}; in 11.6 it adds 400, not 18 (total 4241, not 3859)")

    refute("000:11.6-bn", st.tuples(st.integers(1, 10), st.integers(1, 20)), differs, describe=describe)
    assert arch.PRINTED_11_6_BN_EXPRESSION == arch.PRINTED_11_6["bn_extra"] != 400


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.8-1")
def test_11_8_plain_block(impl):
    """BN (2*512) + ReLU (0) + 3x3 conv 512->512 with bias ((9*512 + 1)*512): 1024 + 2,359,808 = 2,360,832."""
    assert impl.count_parameters(arch.plain_block_11_8()) == arch.PRINTED_11_8["plain"]


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.8-2")
def test_11_8_bottleneck_block(impl):
    """The three BN-ReLU-conv parts have 66,688, 147,840 and 66,304 parameters: 280,832 in all."""
    parts = tuple(impl.count_parameters(p) for p in arch.bottleneck_parts_11_8())
    assert parts == arch.PRINTED_11_8["parts"]
    total = impl.count_parameters(arch.bottleneck_block_11_8())
    assert total == sum(parts) == arch.PRINTED_11_8["bottleneck"]


