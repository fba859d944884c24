"""Shared pieces of the convolution properties: building a case's arrays, and the explicit examples."""

from __future__ import annotations

import numpy as np
from hypothesis import example

from dnn_invariants.strategies.arrays import ArraySpec
from dnn_invariants.strategies.conv import CONV_ALPHABET, ConvCase, ConvConfig, features_of


def arrays(case: ConvCase):
    """x, w, dy of a case, as NumPy arrays of the case's dtype."""
    return case.x.build(), case.w.build(), case.dy.build()


def f64(*arrays_):
    """The same values in float64, for the reference (the cast is exact)."""
    return tuple(np.asarray(a, np.float64) for a in arrays_)


# --- explicit examples: run first, every run, whatever the seed -----------------------------
# Drawn cases meet any one feature with dense inputs in almost every run, but "almost" is
# luck: Hypothesis varies its examples in runs of about seven similar ones, so 100 examples
# are some fifteen independent draws. These cases are there by construction, all dense:
# one configuration per ndim with every feature at once (3-D in float32), and the fixed
# configurations of the anchors' own suites, re-created on this contract.


def _dense_case(config: ConvConfig, dtype: str, seed: int) -> ConvCase:
    x, w, dy = (ArraySpec(shape, seed + k, (), dtype) for k, shape in
                enumerate((config.x_shape, config.w_shape, config.y_shape)))
    return ConvCase(config, x, w, dy)


def _anchor(batch, c_in, c_out, n, kernel, *, stride=1, padding=0, dilation=1, groups=1) -> ConvConfig:
    """A configuration as a framework's conv call states it: ints per dimension or one for all;
    padding as symmetric ints or explicit (low, high) pairs."""
    ndim = len(n)
    per = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v,) * ndim  # noqa: E731
    pads = tuple(p if isinstance(p, tuple) else (p, p) for p in per(padding))
    return ConvConfig(batch, c_in, c_out, groups, tuple(n), per(kernel), per(stride), pads, per(dilation))


def _same(kernel, dilation):
    """PyTorch's padding="same": d(K-1) in total, the extra entry on the high side (total // 2 low)."""
    return tuple(((d * (k - 1)) // 2, d * (k - 1) - (d * (k - 1)) // 2) for k, d in zip(kernel, dilation))


def _everything(ndim: int) -> ConvConfig:
    """The alphabet's configuration of this ndim with the most features (all of FACTORS)."""
    return max((c for c in CONV_ALPHABET if c.ndim == ndim),
               key=lambda c: (len(features_of(c)), c.complexity))


FEATURE_EXAMPLES = [_dense_case(_everything(1), "float64", 101), _dense_case(_everything(2), "float64", 201),
                    _dense_case(_everything(3), "float32", 301)]

# The sources, cited below by these names:
#   PT_CONV    repository pytorch/pytorch, file test/nn/test_convolution.py (once test/test_nn.py)
#   PT_OPINFO  repository pytorch/pytorch, file torch/testing/_internal/common_methods_invocations.py
#   JAX        repository jax-ml/jax, file tests/lax_test.py
ANCHOR_EXAMPLES = [
    # PT_CONV, test_Conv2d_groups_nobias: nn.Conv2d(4, 4, 3, groups=2, bias=False) on
    # torch.randn(2, 4, 6, 6), float on CPU; output and both gradients against two Conv2d(2, 2, 3).
    _dense_case(_anchor(2, 4, 4, (6, 6), 3, groups=2), "float32", 11),
    # PT_CONV, test_Conv2d_groups_nobias_v2: nn.Conv2d(4, 16, 3, groups=2) on torch.randn(2, 4, 6, 6)
    # ("input-channel / group < 16 and output-channel is multiple of 16").
    _dense_case(_anchor(2, 4, 16, (6, 6), 3, groups=2), "float32", 12),
    # PT_OPINFO, sample_inputs_conv2d (OpInfo nn.functional.conv2d), a group sample "from
    # common_nn.py": input (2, 4, 6, 5), weight (6, 2, 3, 2), groups=2.
    _dense_case(_anchor(2, 4, 6, (6, 5), (3, 2), groups=2), "float64", 13),
    # PT_OPINFO, sample_inputs_conv2d: input (2, 4, 8, 8), weight (2, 2, 3, 3), stride (3, 2),
    # padding (2, 1), groups 2, dilation (4, 4).
    _dense_case(_anchor(2, 4, 2, (8, 8), 3, stride=(3, 2), padding=(2, 1), dilation=4, groups=2),
                "float64", 14),
    # PT_OPINFO, sample_inputs_conv2d: input (1, 4, 5, 5), weight (1, 4, 2, 3), padding="same",
    # dilation 3, which pads asymmetrically: (1, 2) and (3, 3).
    _dense_case(_anchor(1, 4, 1, (5, 5), (2, 3), padding=_same((2, 3), (3, 3)), dilation=3), "float64", 15),
    # PT_OPINFO, sample_inputs_conv3d: input (1, 1, 10, 11, 12), weight (1, 1, 4, 4, 4),
    # padding="same", dilation 3 ((4, 5) in every dimension); float32, among the OpInfo's dtypes.
    _dense_case(_anchor(1, 1, 1, (10, 11, 12), 4, padding=_same((4,) * 3, (3,) * 3), dilation=3),
                "float32", 16),
    # PT_OPINFO, sample_inputs_conv_transpose1d: input (2, 2, 4), weight (2, 2, 4), stride 3,
    # padding 1, output_padding 2, groups 2, dilation 4; here the forward conv it is the
    # transpose of (input size 22, stride remainder 2).
    _dense_case(_anchor(2, 4, 2, (22,), 4, stride=3, padding=1, dilation=4, groups=2), "float64", 17),
    # PT_OPINFO, sample_inputs_conv_transpose1d: input (1, 1, 4), weight (1, 2, 3), stride 2,
    # padding 1, output_padding 1 (the forward conv: input size 8).
    _dense_case(_anchor(1, 2, 1, (8,), 3, stride=2, padding=1), "float64", 18),
    # JAX, testConvGeneralDilatedGrad: lhs (b, i G, 6, 7), rhs (j G, i, 1, 2), b = i = j = 2,
    # feature_group_count G = 2, strides (2, 1), padding ((1, 0), (0, 1)), rhs_dilation (2, 2).
    _dense_case(_anchor(2, 4, 4, (6, 7), (1, 2), stride=(2, 1), padding=((1, 0), (0, 1)), dilation=2,
                        groups=2), "float64", 19),
    # JAX, testConvGeneralDilated: lhs (b, i G, 9, 10), rhs (j G, i, 4, 5), b = i = j = 2, G = 2,
    # strides (2, 1), padding ((1, 2), (2, 0)), rhs_dilation (1, 2), float32.
    _dense_case(_anchor(2, 4, 4, (9, 10), (4, 5), stride=(2, 1), padding=((1, 2), (2, 0)), dilation=(1, 2),
                        groups=2), "float32", 20),
]

# Cases the corpus found a real framework getting wrong, kept so that every run meets them:
# CI's seed, 2026-12-01, TensorFlow 2.21's oneDNN conv2d (float32, batch 2, one input channel, a
# stride along W leaving one output column) returned memory it never wrote
# (implementations/tf_ops/deviations/conv2d_strided_single_column.py).
FOUND_EXAMPLES = [
    _dense_case(_anchor(2, 1, 2, (4, 4), (3, 5), stride=(1, 3), padding=((3, 4), (3, 0))), "float32", 30),
]

EXAMPLES = FEATURE_EXAMPLES + ANCHOR_EXAMPLES + FOUND_EXAMPLES


def with_examples(test):
    """The property with every case of EXAMPLES as an ``@example`` (before anything drawn).

    A case outside the implementation's declared support is rejected by the guard
    and Hypothesis skips it, as it would a drawn one.
    """
    for case in reversed(EXAMPLES):
        test = example(case=case)(test)
    return test
