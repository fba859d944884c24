"""Convolution, its transpose and its backward: MLX's ``mx.conv_general`` and ``mx.conv_transpose{1,2,3}d``.

* Layout: MLX convolves channels-last inputs ``(N, *spatial, C)`` with weights
  ``(C_out, *K, C_in/groups)``; the contract's channels-first arrays are
  transposed on the way in and out (``np.moveaxis``, no arithmetic).
* ``conv``: ``mx.conv_general`` takes stride, kernel dilation, groups and
  padding as a pair of lists ``(low, high)``: asymmetric padding is MLX's own.
* ``conv_backward``: ``mx.vjp`` of exactly that forward call.
* ``conv_transpose``: ``mx.conv_transpose{1,2,3}d`` with the forward weight as
  MLX's transposed weight ``(C_in, *K, C_out)``, stride, dilation and
  ``output_padding``. Its padding is symmetric only, so the symmetric part
  min(low, high) goes to MLX and the rest is cropped (the transpose of padding
  the input with zeros is cropping the result). MLX's transposed convolutions
  document "Only the default groups=1 is currently supported": grouped ones
  raise NotImplementedError, quoting that.
* MLX's refusals (``_arrays.REFUSALS``): float64 through its "slow" CPU paths
  (kernel or input dilation: "[Convolution::eval] got unsupported data
  type") and grouped 3-D convolutions reject the example
  (NotImplementedError), as MLX itself refuses them. No ``SUPPORTS`` entry for
  the convolutions: the vocabulary cannot say "float64 without dilation".
"""

from __future__ import annotations

import mlx.core as mx
import numpy as np

from dnn_invariants.implementations.mlx_ops._arrays import array, refusals, tensor

_TRANSPOSE = {1: mx.conv_transpose1d, 2: mx.conv_transpose2d, 3: mx.conv_transpose3d}


def _channels_last(a):
    return np.moveaxis(np.asarray(a), 1, -1)


def _channels_first(a):
    return np.moveaxis(a, -1, 1)


def _forward(x, w, stride, padding, dilation, groups):
    return mx.conv_general(x, w, stride=list(stride),
                           padding=([lo for lo, _ in padding], [hi for _, hi in padding]),
                           kernel_dilation=list(dilation), groups=int(groups))


def _static(stride, padding, dilation):
    return (tuple(map(int, stride)), tuple((int(lo), int(hi)) for lo, hi in padding),
            tuple(map(int, dilation)))


def conv(x, w, *, stride, padding, dilation, groups):
    stride, padding, dilation = _static(stride, padding, dilation)
    with refusals():
        y = _forward(tensor(_channels_last(x)), tensor(_channels_last(w)), stride, padding, dilation, groups)
    return _channels_first(array(y))


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    stride, padding, dilation = _static(stride, padding, dilation)
    with refusals():
        _, (dx, dw) = mx.vjp(lambda a, b: _forward(a, b, stride, padding, dilation, groups),
                             [tensor(_channels_last(x)), tensor(_channels_last(w))],
                             [tensor(_channels_last(dy))])
        dx, dw = array(dx), array(dw)
    return _channels_first(dx), np.moveaxis(dw, -1, 1)


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    stride, padding, dilation = _static(stride, padding, dilation)
    if int(groups) != 1:
        raise NotImplementedError(f"MLX's conv_transpose{len(stride)}d: \"Only the default groups=1 is "
                                  f"currently supported\" (groups={groups})")
    ndim = len(stride)
    symmetric = tuple(min(lo, hi) for lo, hi in padding)
    crop = tuple((lo - p, hi - p) for (lo, hi), p in zip(padding, symmetric))
    weight = np.moveaxis(np.asarray(w), 0, -1)  # (C_out, C_in, *K) -> MLX's (C_in, *K, C_out)
    args = (stride, symmetric, dilation, tuple(map(int, output_padding)))
    if ndim == 1:
        args = tuple(a[0] for a in args)
    with refusals():
        x = _TRANSPOSE[ndim](tensor(_channels_last(y)), tensor(weight), stride=args[0], padding=args[1],
                             dilation=args[2], output_padding=args[3])
        x = array(x)
    x = x[(slice(None),) + tuple(slice(lo, x.shape[1 + i] - hi) for i, (lo, hi) in enumerate(crop))
          + (slice(None),)]
    return _channels_first(x)
