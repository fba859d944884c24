"""A test adapter with a classic bug: the input gradient uses the unflipped kernel."""

import numpy as np

import dnn_invariants.implementations.jax_ops as correct

NAME = "no kernel flip in the input gradient"
conv = correct.conv


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    flipped = np.flip(w, axis=tuple(range(2, w.ndim)))
    dx, _ = correct.conv_backward(x, flipped, dy, stride=stride, padding=padding,
                                  dilation=dilation, groups=groups)
    _, dw = correct.conv_backward(x, w, dy, stride=stride, padding=padding,
                                  dilation=dilation, groups=groups)
    return dx, dw
