"""Explicit examples of the batch-norm properties: run first, every run, whatever the seed.

Drawn cases meet each feature with dense inputs in almost every run; these are there by
construction, all dense (x, gamma, beta, dy standard normal from fixed seeds): one case per
feature that a bug may need (a batch of one image, eps below cuDNN's 1e-5, a batch far from
zero relative to its spread; eps = 0 where the property allows it), and the fixed shapes of
the anchors' own batch-norm tests, re-created on this contract (training mode, biased
variance, gamma and beta given).
"""

from __future__ import annotations

from hypothesis import example

from dnn_invariants.strategies.arrays import ArraySpec
from dnn_invariants.strategies.batch_norm import BNCase


def _dense(shape, eps, seed, offset=0.0, spread=1.0) -> BNCase:
    c = (shape[1],)
    x, gamma, beta, dy = (ArraySpec(tuple(s), seed + k, ()) for k, s in enumerate((shape, c, c, shape)))
    return BNCase(x, gamma, beta, dy, eps, offset, spread)


FEATURE_EXAMPLES = [
    _dense((1, 3, 2, 4), 1e-8, 401),  # one image: statistics over H W only; eps below 1e-5
    _dense((4, 3, 3, 3), 1e-3, 402, offset=1000.0, spread=1e-2),  # far from zero, images
    _dense((8, 3), 1e-6, 403, offset=-30.0, spread=1e-4),  # far from zero, (N, C)
]
ZERO_EPS_EXAMPLES = [  # float64 properties that allow eps = 0 (a supporting implementation)
    _dense((1, 2, 3, 3), 0.0, 411),
    _dense((2, 2, 1, 5), 0.0, 412, offset=1000.0, spread=1e-6),  # one-pass variances cancel below 0 here
]

# The sources, cited below by these names:
#   PT_NN      repository pytorch/pytorch, file torch/testing/_internal/common_nn.py, module_tests
#   PT_OPINFO  repository pytorch/pytorch, file torch/testing/_internal/common_methods_invocations.py,
#              sample_inputs_batch_norm (OpInfo nn.functional.batch_norm), its training-mode cases
ANCHOR_EXAMPLES = [
    _dense((4, 10), 1e-5, 421),  # PT_NN: BatchNorm1d(10), input_size (4, 10), desc 'affine'
    _dense((4, 5, 3), 1e-5, 422),  # PT_NN: BatchNorm1d(5), input_size (4, 5, 3), desc '3d_input'
    _dense((2, 3, 6, 6), 1e-5, 423),  # PT_NN: BatchNorm2d(3), input_size (2, 3, 6, 6)
    _dense((2, 3, 6, 6), 1e-3, 424),  # PT_NN: BatchNorm2d(3, 1e-3, ...), desc 'momentum'
    _dense((2, 3, 4, 4, 4), 1e-5, 425),  # PT_NN: BatchNorm3d(3), input_size (2, 3, 4, 4, 4)
    _dense((5, 5, 5), 0.6, 426),  # PT_OPINFO: (S, S, S), training, eps 0.6 (S = 5)
    _dense((3, 1), 1e-5, 427),  # PT_OPINFO: (3, 1), training, default eps
    _dense((3, 2, 3, 4), 0.5, 428),  # PT_OPINFO: (3, 2, 3, 4), training, eps 0.5
    _dense((2, 1), 1e-5, 429),  # PT_OPINFO: (2, 1), default arguments (training)
]

EXAMPLES = FEATURE_EXAMPLES + ANCHOR_EXAMPLES


def with_examples(test=None, *, zero_eps=False, **extra):
    """The property with every case of EXAMPLES (and ZERO_EPS_EXAMPLES if ``zero_eps``) as an ``@example``.

    ``extra`` gives the property's other arguments, the same for every example. A case outside
    the implementation's declared support (eps = 0 for torch) is rejected by the guard, and
    Hypothesis skips it as it would a drawn one.
    """
    def decorate(test):
        for case in reversed(EXAMPLES + (ZERO_EPS_EXAMPLES if zero_eps else [])):
            test = example(case=case, **extra)(test)
        return test
    return decorate if test is None else decorate(test)
