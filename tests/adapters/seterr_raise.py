"""A correct dropout that sets NumPy's error state to raise: the corpus's own bounds must not be affected."""

import numpy as np

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "np.seterr(all='raise') inside dropout"


def dropout(x, p, *, seed, training=True):
    np.seterr(all="raise")
    return _numpy.dropout(x, p, seed=seed, training=training)
