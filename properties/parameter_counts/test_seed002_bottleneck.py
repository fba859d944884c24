"""Seed 002, problem 2: bottleneck widths k that make a 16x16x64 two-conv block 50-60 % smaller.

Plain block: two 3x3 convs 64 -> 64 (73,856 parameters with bias, 73,728 without).
Bottleneck: 1x1 64 -> k, 3x3 k -> k, 1x1 k -> 64: 9k^2 + 128k without bias, 9k^2 + 130k + 64 with.
"""

from __future__ import annotations

import pytest

from dnn_invariants.properties.refutation import FOUND
from dnn_invariants.reference import seed_architectures as arch
from dnn_invariants.reference.param_counts import count

K_RANGE = range(40, 71)  # the count grows with k, so the set is decided here: see the end checks


def _admissible(impl, bias):
    """{k : 0.4 * plain <= bottleneck(k) <= 0.5 * plain}, counted on the implementation's own layers."""
    full = impl.count_parameters(arch.two_conv_block_002(bias))
    counts = {k: impl.count_parameters(arch.bottleneck_002(k, bias)) for k in K_RANGE}
    assert counts[K_RANGE[0]] < 0.4 * full and counts[K_RANGE[-1]] > 0.5 * full  # and smaller/larger k beyond
    return {k for k, n in counts.items() if 0.4 * full <= n <= 0.5 * full}


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.requires("count_parameters")
@pytest.mark.claim("002:P2-set")
def test_admissible_widths_are_51_to_57(impl, bias):
    """Exactly k = 51, ..., 57 make the block 50-60 % smaller, with or without bias (seed: 51 for 53)."""
    a, b, c = arch.bottleneck_quadratic_002(bias)
    for k in (1, 4, 51, 57, 100):  # a k^2 + b k + c with a, b > 0: increasing in k
        assert impl.count_parameters(arch.bottleneck_002(k, bias)) == a * k * k + b * k + c
    assert _admissible(impl, bias) == set(range(51, 58))
    printed = set(arch.PRINTED_002_SET)
    true = set(range(51, 58))
    FOUND["002:P2-set"] = (f"printed {{51,52,51,54,55,56,57}} repeats 51; the true set is {sorted(true)}, "
                           f"the printed one misses {sorted(true - printed)}")


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("002:P2-interval")
def test_interval_without_bias(impl):
    """Without bias, 50-60 % smaller means k in [50.57, 57.28] (to two decimals), as printed."""
    lo, hi = arch.k_interval_002(False)
    assert (round(lo, 2), round(hi, 2)) == arch.PRINTED_002[False]
    full = impl.count_parameters(arch.two_conv_block_002(False))
    assert count(arch.bottleneck_002(51, False)) >= 0.4 * full > 9 * lo**2 + 128 * lo - 1e-6


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("002:P2-interval-bias")
def test_interval_with_bias_is_misprinted(impl):
    """With bias the interval is [50.46, 57.18], not the printed [50.43, 57.17] (the integer set is the same).

    The endpoints solve 9k^2 + 130k + 64 = 0.4 * 73,856 and = 0.5 * 73,856.
    """
    full = impl.count_parameters(arch.two_conv_block_002(True))
    assert full == 73856
    lo, hi = arch.k_interval_002(True)
    for k, share in ((lo, 0.4), (hi, 0.5)):
        assert abs(9 * k * k + 130 * k + 64 - share * full) < 1e-6
    assert (round(lo, 2), round(hi, 2)) == (50.46, 57.18) != arch.PRINTED_002[True]
    printed_lo, printed_hi = arch.PRINTED_002[True]
    FOUND["002:P2-interval-bias"] = (
        f"at the printed k = {printed_lo} the bottleneck has {9 * printed_lo**2 + 130 * printed_lo + 64:.1f} "
        f"parameters, below 0.4 * 73,856 = {0.4 * full:.1f}; true interval [{lo:.4f}, {hi:.4f}]")
