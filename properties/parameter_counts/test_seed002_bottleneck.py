"""Seed 002, problem 2: bottleneck widths k that make a 16x16x64 two-conv block 50-60 % smaller.

Plain block: two 3x3 convs 64 -> 64 (73,856 parameters with bias, 73,728 without).
Bottleneck: 1x1 64 -> k, 3x3 k -> k, 1x1 k -> 64: 9k^2 + 128k without bias, 9k^2 + 130k + 64 with.
The printed intervals and set are in reference/seeds/seed002.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.reference import seed_architectures as arch
from dnn_invariants.reference.seeds import seed002 as s2

# The count grows with k (a k^2 + b k + c with a, b > 0: checked), so no k beyond this range is admissible.
K_RANGE = range(40, 71)


def _counts(impl, bias):
    """(plain block's count, {k: bottleneck(k)'s count}) from the implementation's own layers."""
    full = impl.count_parameters(arch.two_conv_block_002(bias))
    return full, {k: impl.count_parameters(arch.bottleneck_002(k, bias)) for k in K_RANGE}


def _admissible(impl, bias):
    """{k : (1 - 0.6) plain <= bottleneck(k) <= (1 - 0.5) plain}: 50-60 % fewer parameters."""
    low, high = s2.PRINTED_P2_REDUCTION
    full, counts = _counts(impl, bias)
    a, b, c = arch.bottleneck_quadratic_002(bias)
    assert a > 0 and b > 0 and all(counts[k] == a * k * k + b * k + c for k in K_RANGE)  # increasing in k
    assert counts[K_RANGE[0]] < (1 - high) * full and counts[K_RANGE[-1]] > (1 - low) * full
    return {k for k, n in counts.items() if (1 - high) * full <= n <= (1 - low) * full}


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("002:P2-set")
def test_admissible_widths_are_51_to_57(impl):
    """Refutes the printed {51, 52, 51, 54, 55, 56, 57}: a width k whose membership differs from the truth."""
    truth = {bias: _admissible(impl, bias) for bias in (False, True)}

    def differs(args):
        k, bias = args
        return (k in truth[bias]) != (k in set(s2.PRINTED_P2_SET))

    def describe(args):
        k, bias = args
        return (f"k = {k} ({'with' if bias else 'without'} bias): printed set {s2.PRINTED_P2_SET} "
                f"{'contains' if k in s2.PRINTED_P2_SET else 'omits'} it, the true set is "
                f"{sorted(truth[bias])}")

    refute("002:P2-set", st.tuples(st.sampled_from(K_RANGE), st.booleans()), differs, describe=describe)


def _true_interval(impl, bias):
    """The real k where a k^2 + b k + c (the implementation's count, checked at three k) is between
    (1 - high) and (1 - low) of the plain block."""
    a, b, c = arch.bottleneck_quadratic_002(bias)
    for k in (1, 4, 57):
        assert impl.count_parameters(arch.bottleneck_002(k, bias)) == a * k * k + b * k + c
    low, high = s2.PRINTED_P2_REDUCTION
    return arch.k_interval_002(bias, low, high)


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("002:P2-interval")
def test_interval_without_bias(impl):
    """Without bias, 50-60 % fewer parameters means k in [50.57, 57.28], as printed (to its two decimals)."""
    lo, hi = _true_interval(impl, False)
    printed = s2.PRINTED_P2_INTERVALS[False]
    # Two printed decimals: each endpoint within half a unit of the second decimal of the true root.
    assert abs(lo - printed[0]) <= 0.005 and abs(hi - printed[1]) <= 0.005, (
        f"true interval [{lo:.4f}, {hi:.4f}], printed {printed}")


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("002:P2-interval-bias")
def test_interval_with_bias_is_misprinted(impl):
    """Refutes the printed [50.43, 57.17] with bias: an endpoint more than half a unit of the second decimal
    from the root of 9k^2 + 130k + 64 = 0.4 * 73,856 (or = 0.5 * 73,856)."""
    true = _true_interval(impl, True)

    def off(end):
        return abs(true[end] - s2.PRINTED_P2_INTERVALS[True][end]) > 0.005

    refute("002:P2-interval-bias", st.sampled_from([0, 1]), off,
           describe=lambda end: f"{'lower' if end == 0 else 'upper'} end printed "
                                f"{s2.PRINTED_P2_INTERVALS[True][end]}, true {true[end]:.4f} "
                                f"(interval [{true[0]:.4f}, {true[1]:.4f}])")


@given(k=st.integers(1, 200), bias=st.booleans())
def test_quadratic_is_the_reference_count(k, bias):
    """count(bottleneck(k)) = 9k^2 + 128k (+ 2k + 64 with biases)."""
    from dnn_invariants.reference.param_counts import count

    a, b, c = arch.bottleneck_quadratic_002(bias)
    assert count(arch.bottleneck_002(k, bias)) == a * k * k + b * k + c
