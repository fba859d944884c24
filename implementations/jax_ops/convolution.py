"""Convolution, its transpose and its backward, with ``lax.conv_general_dilated``."""

from __future__ import annotations

from functools import partial

import jax
import numpy as np
from jax import lax

from dnn_invariants.implementations.jax_ops import xla_conv_abort


def _dimension_numbers(ndim: int) -> lax.ConvDimensionNumbers:
    spatial = "DHW"[-ndim:]
    return lax.conv_dimension_numbers(
        (1, 1) + (1,) * ndim, (1, 1) + (1,) * ndim,
        ("NC" + spatial, "OI" + spatial, "NC" + spatial),
    )


def _conv(x, w, stride, padding, dilation, groups):
    return lax.conv_general_dilated(
        x, w, window_strides=stride, padding=padding, rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(x.ndim - 2), feature_group_count=groups,
        precision=lax.Precision.HIGHEST,
    )


_STATIC = ("stride", "padding", "dilation", "groups")


@partial(jax.jit, static_argnames=_STATIC)
def _conv_jit(x, w, *, stride, padding, dilation, groups):
    return _conv(x, w, stride, padding, dilation, groups)


@partial(jax.jit, static_argnames=_STATIC)
def _conv_vjp_jit(x, w, dy, *, stride, padding, dilation, groups):
    _, pullback = jax.vjp(lambda x, w: _conv(x, w, stride, padding, dilation, groups), x, w)
    return pullback(dy)


@partial(jax.jit, static_argnames=_STATIC + ("output_padding",))
def _conv_transpose_jit(y, w, *, stride, padding, dilation, groups, output_padding):
    # The transpose as JAX's own input gradient does it: dilate y by the stride,
    # pad by d(K-1) minus the forward padding (plus the stride remainder on the
    # high side), correlate with the flipped kernel, in and out channels swapped.
    ndim = y.ndim - 2
    c_out, c_in_group, *kernel = w.shape
    w = w.reshape(groups, c_out // groups, c_in_group, *kernel)
    w = jax.numpy.swapaxes(w, 1, 2).reshape(groups * c_in_group, c_out // groups, *kernel)
    w = lax.rev(w, tuple(range(2, 2 + ndim)))
    pads = tuple(
        (d * (k - 1) - lo, d * (k - 1) - hi + op)
        for k, d, (lo, hi), op in zip(kernel, dilation, padding, output_padding)
    )
    return lax.conv_general_dilated(
        y, w, window_strides=(1,) * ndim, padding=pads, lhs_dilation=stride,
        rhs_dilation=dilation, dimension_numbers=_dimension_numbers(ndim),
        feature_group_count=groups, precision=lax.Precision.HIGHEST,
    )


def _static(stride, padding, dilation):
    return (tuple(map(int, stride)), tuple((int(lo), int(hi)) for lo, hi in padding),
            tuple(map(int, dilation)))


def conv(x, w, *, stride, padding, dilation, groups):
    stride, padding, dilation = _static(stride, padding, dilation)
    return np.asarray(_conv_jit(x, w, stride=stride, padding=padding,
                                dilation=dilation, groups=int(groups)))


def stride_remainder(n, kernel, *, stride, padding, dilation):
    """Per dimension: input entries past the last window, ``(n + lo + hi - d(K-1) - 1) mod s``."""
    return tuple((ni + lo + hi - d * (k - 1) - 1) % s
                 for ni, k, s, (lo, hi), d in zip(n, kernel, stride, padding, dilation))


def _refuse_if_xla_aborts(y_shape, w_shape, stride, padding, dilation, output_padding):
    # Refused, not attempted: compiling it would kill the process (xla_conv_abort.py).
    if xla_conv_abort.transpose_aborts(y_shape[2:], w_shape[2:], stride=stride, padding=padding,
                                       dilation=dilation, output_padding=output_padding):
        raise NotImplementedError(xla_conv_abort.REASON)


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    stride, padding, dilation = _static(stride, padding, dilation)
    _refuse_if_xla_aborts(np.shape(y), np.shape(w), stride, padding, dilation, output_padding)
    return np.asarray(_conv_transpose_jit(
        y, w, stride=stride, padding=padding, dilation=dilation, groups=int(groups),
        output_padding=tuple(map(int, output_padding))))


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    stride, padding, dilation = _static(stride, padding, dilation)
    # JAX's input gradient is the transposed convolution restoring the stride remainder
    remainder = stride_remainder(np.shape(x)[2:], np.shape(w)[2:], stride=stride, padding=padding,
                                 dilation=dilation)
    _refuse_if_xla_aborts(np.shape(dy), np.shape(w), stride, padding, dilation, remainder)
    dx, dw = _conv_vjp_jit(x, w, dy, stride=stride, padding=padding,
                           dilation=dilation, groups=int(groups))
    return np.asarray(dx), np.asarray(dw)
