"""A conv with a little noise on the second call for each input: reported as nondeterminism, with both
results.

(Noise on every third call, the first version, was flaky as a test: when a failing example's two
last calls both fell on a noisy call they agreed, and the run reported the noise as a wrong value;
the guard can only see a difference between two calls.)
"""

import collections

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "noisy conv"
_calls = collections.Counter()


def conv(x, w, *, stride, padding, dilation, groups):
    y = _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
    key = (x.tobytes(), x.shape, w.tobytes(), w.shape, stride, padding, dilation, groups)
    _calls[key] += 1
    if _calls[key] == 2 and y.size:
        y.flat[0] += 1e-3
    return y
