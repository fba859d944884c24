"""Seed 000, problems 11.6, 11.8 and 11.9: the printed parameter counts against real layer objects.

Transcriptions: reference/seeds/seed000.py; architectures: reference/seed_architectures.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.implementations.contract import Conv, Linear, ReLU, Sequential
from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference import seed_architectures as arch
from dnn_invariants.reference.param_counts import count
from dnn_invariants.reference.seeds import seed000 as s0


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.6")
def test_11_6_network_has_3841_parameters(impl):
    """1 input, ten hidden layers of 20 (1->20, nine 20->20), 1 output: 40 + 9*420 + 21 = 3841 parameters."""
    net = arch.mlp_11_6(10, s0.PRINTED_11_6_WIDTH)
    layers = [impl.count_parameters(layer) for layer in net.layers if isinstance(layer, Linear)]
    assert (layers[0], sum(layers[1:-1]), layers[-1]) == s0.PRINTED_11_6_TERMS
    assert impl.count_parameters(net) == sum(s0.PRINTED_11_6_TERMS) == s0.PRINTED_11_6_TOTAL


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.6-diagram")
def test_11_6_drawn_network_is_not_the_counted_one(impl):
    """Refutes the diagram 'input -> hidden hidden hidden -> output' as the network counted: with its three
    hidden layers of 20 the network has 901 parameters, not 3841 (ten hidden layers have 3841)."""
    drawn = sum(layer == "hidden" for layer in s0.PRINTED_11_6_DIAGRAM)

    def differs(hidden):
        return impl.count_parameters(arch.mlp_11_6(hidden, s0.PRINTED_11_6_WIDTH)) != s0.PRINTED_11_6_TOTAL

    refute("000:11.6-diagram", st.sampled_from([drawn]), differs,
           describe=lambda h: f"{h} hidden layers of {s0.PRINTED_11_6_WIDTH} (as drawn) have "
                              f"{impl.count_parameters(arch.mlp_11_6(h, s0.PRINTED_11_6_WIDTH))} parameters, "
                              f"not {s0.PRINTED_11_6_TOTAL}; "
                              f"ten have {impl.count_parameters(arch.mlp_11_6(10, s0.PRINTED_11_6_WIDTH))}")


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.6-bn")
def test_11_6_batch_norm_adds_400(impl):
    """Refutes (1+1)*9 = 18 (total 3859): batch norm on each hidden layer adds gamma and beta per unit.

    The seed's rule, 2 (H - 1) for H hidden layers (one (gamma, beta) pair per hidden-to-hidden matrix),
    is compared with the implementation's count on the family of networks with H hidden layers of width
    W; 11.6 itself (H = 10, W = 20) adds 400, total 4241.
    """
    assert s0.PRINTED_11_6_BN_EXPRESSION == s0.PRINTED_11_6_BN
    assert s0.PRINTED_11_6_TOTAL + s0.PRINTED_11_6_BN == s0.PRINTED_11_6_BN_TOTAL  # the seed's own sum

    def added(hw):  # the reference count (reference/param_counts.py), so the search costs no framework calls
        return count(arch.mlp_11_6(*hw, True)) - count(arch.mlp_11_6(*hw))

    in_11_6 = impl.count_parameters(arch.mlp_11_6(10, 20, True)) - impl.count_parameters(
        arch.mlp_11_6(10, 20))
    assert in_11_6 == added((10, 20))

    def differs(hw):
        return added(hw) != s0.printed_11_6_bn_rule(*hw)

    def describe(hw):
        return (f"{hw[0]} hidden layer(s) of width {hw[1]}: batch norm adds {added(hw)}, the seed's "
                f"rule gives {s0.printed_11_6_bn_rule(*hw)}; in 11.6 it adds {in_11_6}, not "
                f"{s0.PRINTED_11_6_BN} (total {count(arch.mlp_11_6(10, 20, True))}, not "
                f"{s0.PRINTED_11_6_BN_TOTAL})")

    refute("000:11.6-bn", st.tuples(st.integers(1, 10), st.integers(1, 20)), differs, describe=describe)


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.8-1")
def test_11_8_plain_block(impl):
    """BN (2*512 = 1024) + ReLU (0) + 3x3 conv 512->512 with bias ((3*3*512 + 1)*512): 2,360,832."""
    bn, relu, conv = arch.plain_block_11_8().body.layers
    p = s0.PRINTED_11_8_1
    assert (impl.count_parameters(bn), impl.count_parameters(relu), impl.count_parameters(conv)) == (
        p["bn"], p["relu"], p["conv"])
    assert p["bn"] == p["bn_value"]
    assert impl.count_parameters(arch.plain_block_11_8()) == p["bn"] + p["conv"] == p["total"]


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.8-2")
def test_11_8_bottleneck_block(impl):
    """Each BN-ReLU-conv part as printed (BN 2C, conv (k*k*C_in + 1) C_out, its total), and 280,832 in all."""
    parts = arch.bottleneck_parts_11_8()
    for part, printed in zip(parts, s0.PRINTED_11_8_2, strict=True):
        bn, _, conv = part.layers
        assert impl.count_parameters(bn) == printed["bn"] == printed["bn_value"], printed
        assert impl.count_parameters(conv) == printed["conv"], printed
        assert impl.count_parameters(part) == printed["bn"] + printed["conv"] == printed["total"], printed
    total = impl.count_parameters(arch.bottleneck_block_11_8())
    assert total == sum(p["total"] for p in s0.PRINTED_11_8_2) == s0.PRINTED_11_8_2_TOTAL
    plain = impl.count_parameters(arch.plain_block_11_8())
    assert (total < plain) == s0.PRINTED_11_8_BOTTLENECK_IS_SMALLER


# --- 11.9: does the parameter count grow with the image size? ----------------------------------

def _conv_stack(channels):
    return [Conv(3, channels, (3, 3)), ReLU(), Conv(channels, channels, (3, 3)), ReLU()]


def _dense_head_net(size, channels=4, classes=10):
    """Convs ('same' padding), then flatten and one dense layer: its input has channels * size^2 units."""
    return Sequential(tuple(_conv_stack(channels)) + (Linear(channels * size * size, classes),))


def _fully_convolutional_net(size, channels=4, classes=10):
    """Convs, global average pooling (no parameters, so no layer spec), a dense layer on the channels."""
    return Sequential(tuple(_conv_stack(channels)) + (Linear(channels, classes),))


def _grows(impl, family, sizes):
    small, large = sizes
    return impl.count_parameters(family(large)) > impl.count_parameters(family(small))


SIZES = st.tuples(st.integers(1, 64), st.integers(1, 64)).filter(lambda s: s[0] < s[1])


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.9")
@given(sizes=SIZES)
def test_a_dense_head_grows_with_the_image(impl, sizes):
    """With a flatten-then-dense head, a larger H x W image means more parameters, as 11.9 says."""
    assert _grows(impl, _dense_head_net, sizes) == s0.PRINTED_11_9_PARAMETERS_GROW_WITH_IMAGE_SIZE


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("000:11.9")
def test_a_convolutional_network_does_not_grow_with_the_image(impl):
    """Refutes 'very large pictures need too many parameters' in general: a convolutional network
    (convs, global pooling, a dense layer on the channels) has the same count for any H x W."""
    refute("000:11.9", SIZES,
           lambda sizes: _grows(impl, _fully_convolutional_net, sizes)
           != s0.PRINTED_11_9_PARAMETERS_GROW_WITH_IMAGE_SIZE,
           describe=lambda s: f"images {s[0]}x{s[0]} and {s[1]}x{s[1]}: the convolutional network has "
                              f"{impl.count_parameters(_fully_convolutional_net(s[0]))} and "
                              f"{impl.count_parameters(_fully_convolutional_net(s[1]))} parameters; "
                              f"with a dense head {impl.count_parameters(_dense_head_net(s[0]))} and "
                              f"{impl.count_parameters(_dense_head_net(s[1]))}",
           max_examples=50)
