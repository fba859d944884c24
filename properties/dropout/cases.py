"""Shared pieces of the dropout properties: the same call twice, and the explicit examples."""

from __future__ import annotations

import numpy as np
from hypothesis import example

from dnn_invariants.strategies.arrays import ArraySpec
from dnn_invariants.strategies.dropout import DropoutCase

PROBE = np.linspace(-1.0, 1.0, 4096)  # two masks of 4096 entries at p = 1/2 agree with chance 2^-4096


def dropout_twice(impl, x, p, seed):
    """``dropout(x, p, seed=seed)``, after making calls twice with identical arguments.

    A property that uses one seed for two calls (one mask applied to two inputs, or read
    off an all-ones input) first makes the same call twice, on PROBE at p = 1/2 and then
    on its own arguments: the guard compares the results of identical calls
    (implementations/guard.py), so an implementation whose mask changes from call to call
    for a fixed seed fails here, with both results, "dropout is not deterministic: called
    twice with the same arguments (same seed, same arrays)", and not later through a mask
    that disagrees with itself, or through Hypothesis's FlakyFailure when the replay of the
    failing example draws yet another mask. The probe matters: the masks of a small input
    (or of p near 0 or 1) often agree by chance, and then only a later call would differ.
    """
    for args in ((PROBE, 0.5), (x, p)):
        impl.dropout(*args, seed=seed)
        result = impl.dropout(*args, seed=seed)
    return result


def _dense(shape, p, seed) -> DropoutCase:
    return DropoutCase(ArraySpec(tuple(shape), seed), p, seed)


FEATURE_EXAMPLES = [  # by construction, every run: p near 1 on an image-shaped batch, p = 1/2
    _dense((2, 3, 5, 5), 1.0 - 2.0**-30, 501),
    _dense((4, 6), 0.5, 502),
]
# repository pytorch/pytorch, file test/nn/test_dropout.py (TestDropoutNNDeviceType), re-created on
# dense inputs: test_Dropout's _test_dropout (torch.empty(1000) filled with 1 - p, p = 0.2);
# _test_dropout_discontiguous (torch.ones(2, 3, 3, 3), p = 0 and "close_to_zero_p" 1e-10);
# _test_dropout_stride_mean_preserve (torch.ones(2, 3, 4, 5), p = 0.3 and 0.7);
# test_native_dropout_corner_case (torch.randn(5), p = 0.0).
ANCHOR_EXAMPLES = [
    _dense((1000,), 0.2, 511),
    _dense((2, 3, 3, 3), 0.0, 512),
    _dense((2, 3, 3, 3), 1e-10, 513),
    _dense((2, 3, 4, 5), 0.3, 514),
    _dense((2, 3, 4, 5), 0.7, 515),
    _dense((5,), 0.0, 516),
]
EXAMPLES = FEATURE_EXAMPLES + ANCHOR_EXAMPLES


def with_examples(test=None, **extra):
    """The property with every case of EXAMPLES as an ``@example`` (``extra``: its other arguments)."""
    def decorate(test):
        for case in reversed(EXAMPLES):
            test = example(case=case, **extra)(test)
        return test
    return decorate if test is None else decorate(test)
