"""Seed 001, problem 2, as printed: one forward and backward pass, x = 2, y = 1, three layers.

The printed matrices are W(1) = [[0.1, 0.2], [0.7, 0.4]], W(2) as a 2x2 [[0.2, 1], [1, -2]]
(it multiplies the 3-vector x(1), so it is the column [0.2, 1, -2]) and W(3) = [1, 2]^T.
The seed's own numbers do not follow from those: s(1) = [0.7, 1] needs W(1)[1, 0] = 0.3
(0.1 + 2a = 0.7), and s(2) = -1.48 needs W(2)[2] = -3 (0.2 + tanh 0.7 + c tanh 1 = -1.48),
which are the weights of Learning From Data's Example 7.1. The printed values are checked
against the exact values for those deduced weights.
"""

from __future__ import annotations

import numpy as np

X, Y = 2.0, 1.0
PRINTED_WEIGHTS = ([[0.1, 0.2], [0.7, 0.4]], [[0.2], [1.0], [-2.0]], [[1.0], [2.0]])
DEDUCED_WEIGHTS = ([[0.1, 0.2], [0.3, 0.4]], [[0.2], [1.0], [-3.0]], [[1.0], [2.0]])


def weights(which, dtype=np.float64):
    return [np.array(w, dtype) for w in which]


# name -> the value as printed; "x1" etc. without the bias coordinate.
PRINTED = {
    "s1": [0.7, 1.0], "x1": [0.6, 0.76], "s2": [-1.48], "x2": [-0.9], "s3": [-0.8], "x3": [-0.8],
    "delta3": [-3.6], "delta2": [-1.768], "delta1": [-0.876, 1.774], "delta1-again": [-0.876, 1.724],
    "dW1": [[0.876, 1.724], [-1.752, 7.468]], "dW2": [[-1.768], [-0.821], [-1.040]],
    "delta3-in-dW3": [-7.6], "dW3": [[-7.6], [7.24]],
}

# The seed rounds intermediate values to two or three digits (x(2) = -0.9 for -0.9015,
# x(1) = 0.6 for 0.6044) and carries them on; the largest effect this has on a later
# value is 1.3 % (delta(2): 0.19 * -7.2 = -1.368 against the exact -1.3503). A printed
# value is right if it is within 2.5 % (two significant digits) of the exact value.
RELATIVE = 0.025
