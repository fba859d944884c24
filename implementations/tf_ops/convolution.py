"""Convolution, its transpose and its backward with TensorFlow's conv ops, channels-last as TF runs on CPU.

* Layout: TF's CPU convolutions take NWC/NHWC/NDHWC inputs and (*K, C_in/groups,
  C_out) filters; the contract's channels-first arrays are transposed on the
  way in and out (``np.moveaxis``: a relabelling, no arithmetic).
* Padding: a (low, high) pair per dimension, asymmetric allowed, is added with
  ``tf.pad`` and the convolution runs ``"VALID"`` (what Keras's ``ZeroPadding``
  layers followed by a ``padding="valid"`` conv do). The transpose of zero
  padding is cropping: ``conv_transpose`` runs TF's transposed convolution
  with ``"VALID"`` to the full size, ``(m-1)s + d(K-1) + 1 + output_padding``,
  and crops ``low`` and ``high`` entries.
* Ops: ``tf.nn.conv1d`` (which TF itself runs as a 2-D convolution),
  ``tf.nn.conv2d``, ``tf.nn.conv3d``, with strides, dilations and groups (a
  filter with C_in/groups input channels); ``tf.nn.conv{1,2,3}d_transpose``
  (TF's ``Conv*DBackpropInput``, the adjoint, with the forward filter);
  ``conv_backward`` is ``tf.GradientTape`` through the forward computation.
* Where TF's eager CPU kernels refuse a case, the same TF function is compiled
  with XLA (``tf.function(jit_compile=True)``), as Keras itself does on the
  TensorFlow backend ("grouped convolutions are broken on CPU without XLA",
  keras/src/backend/tensorflow/nn.py). The refusals, seen with TF 2.21 on
  CPU: grouped 3-D convolutions ("input and filter must have the same
  depth"), float64 3-D dilated convolutions ("CPU implementation of Conv3D
  currently only supports dilated rates of 1"), and in the backward and
  transposed ops (``Conv2DBackpropInput``/``Filter``) float64 with dilation
  ("Current CPU implementations do not yet support dilation rates larger
  than 1") or groups ("Computed input depth ... doesn't match filter input
  depth"). Every other case runs TF's eager kernels.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from dnn_invariants.implementations.tf_ops._tensors import array, tensor


def _channels_last(a):
    return np.moveaxis(a, 1, -1)


def _channels_first(a):
    return np.moveaxis(a, -1, 1)


def _filter(w):
    """(C_out, C_in/groups, *K) -> TF's (*K, C_in/groups, C_out)."""
    return np.moveaxis(w, (0, 1), (-1, -2))


def _needs_xla(ndim, dtype, groups, dilation, *, backward):
    dilated, float64 = any(d > 1 for d in dilation), dtype == np.float64
    if ndim == 3 and groups > 1:
        return True
    if float64 and dilated and (ndim == 3 or backward):
        return True
    return float64 and groups > 1 and backward


def _forward(x, w, stride, padding, dilation):
    """TF's convolution of channels-last ``x`` with ``w`` (TF layout), padding explicit, then VALID."""
    ndim = len(stride)
    x = tf.pad(x, [[0, 0]] + [list(p) for p in padding] + [[0, 0]])
    if ndim == 1:
        return tf.nn.conv1d(x, w, stride=list(stride), padding="VALID", dilations=list(dilation))
    if ndim == 2:
        return tf.nn.conv2d(x, w, strides=list(stride), padding="VALID", dilations=list(dilation))
    return tf.nn.conv3d(x, w, strides=[1, *stride, 1], padding="VALID", dilations=[1, *dilation, 1])


def _backward(x, w, dy, stride, padding, dilation):
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        y = _forward(x, w, stride, padding, dilation)
    return tuple(tape.gradient(y, [x, w], output_gradients=dy))


def _transpose(y, w, stride, padding, dilation, output_padding, full_shape):
    ndim = len(stride)
    if ndim == 1:
        x = tf.nn.conv1d_transpose(y, w, full_shape, strides=list(stride), padding="VALID",
                                   dilations=list(dilation))
    elif ndim == 2:
        x = tf.nn.conv2d_transpose(y, w, full_shape, strides=list(stride), padding="VALID",
                                   dilations=list(dilation))
    else:
        x = tf.nn.conv3d_transpose(y, w, full_shape, strides=[1, *stride, 1], padding="VALID",
                                   dilations=[1, *dilation, 1])
    # The transpose of zero-padding the input is cropping the result.
    return x[(slice(None),) + tuple(slice(lo, x.shape[1 + i] - hi) for i, (lo, hi) in enumerate(padding))
             + (slice(None),)]


# One traced function per operation, reused: TF keys its trace cache on the shapes, dtypes and the
# Python arguments (stride, padding, ...). No autograph: nothing in them branches on a tensor.
_XLA = {
    "forward": tf.function(_forward, jit_compile=True, autograph=False),
    "backward": tf.function(_backward, jit_compile=True, autograph=False),
    "transpose": tf.function(_transpose, jit_compile=True, autograph=False),
}
_EAGER = {"forward": _forward, "backward": _backward, "transpose": _transpose}


def _padded(x, padding):
    return tuple(n + lo + hi for n, (lo, hi) in zip(np.shape(x)[2:], padding))


def _static(stride, padding, dilation):
    return (tuple(map(int, stride)), tuple((int(lo), int(hi)) for lo, hi in padding),
            tuple(map(int, dilation)))


def _swapped_sizes_fit(padded, kernel, dilation):
    """Whether TF's graph-mode Conv3D shape function, which applies the H dilation to W and the W one
    to H (deviations/conv3d_graph_dilations.py), still finds a window that fits in H and W."""
    d_h, d_w = dilation[2], dilation[1]  # swapped, as TF reads them
    return padded[1] >= d_h * (kernel[1] - 1) + 1 and padded[2] >= d_w * (kernel[2] - 1) + 1


def _run(kind, ndim, dtype, groups, dilation, *args, padded=None, kernel=None):
    xla = _needs_xla(ndim, dtype, groups, dilation, backward=kind != "forward")
    if xla and ndim == 3 and dilation[1] != dilation[2] and not _swapped_sizes_fit(padded, kernel, dilation):
        # TF's graph-mode shape function for Conv3D reads the H dilation for W and the W one for H
        # (deviations/conv3d_graph_dilations.py): a wrong static shape (the kernel still computes the
        # right values), or, when the wrong size is negative, a ValueError while tracing. The eager
        # kernels refuse this case, so TF cannot run it on CPU.
        raise NotImplementedError(
            f"a {np.dtype(dtype).name} 3-D convolution with groups={groups}, dilation={dilation}: TF's "
            "eager CPU kernels refuse it, and its graph/XLA route infers the shape with the H and W "
            "dilations swapped (implementations/tf_ops/deviations/conv3d_graph_dilations.py)")
    return (_XLA if xla else _EAGER)[kind](*args)


def conv(x, w, *, stride, padding, dilation, groups):
    stride, padding, dilation = _static(stride, padding, dilation)
    x = np.asarray(x)
    y = _run("forward", x.ndim - 2, x.dtype, int(groups), dilation,
             tensor(_channels_last(x)), tensor(_filter(w)), stride, padding, dilation,
             padded=_padded(x, padding), kernel=np.shape(w)[2:])
    return _channels_first(array(y))


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    stride, padding, dilation = _static(stride, padding, dilation)
    x = np.asarray(x)
    dx, dw = _run("backward", x.ndim - 2, x.dtype, int(groups), dilation,
                  tensor(_channels_last(x)), tensor(_filter(w)), tensor(_channels_last(dy)),
                  stride, padding, dilation, padded=_padded(x, padding), kernel=np.shape(w)[2:])
    return _channels_first(array(dx)), np.moveaxis(array(dw), (-1, -2), (0, 1))


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    stride, padding, dilation = _static(stride, padding, dilation)
    y, w = np.asarray(y), np.asarray(w)
    kernel = w.shape[2:]
    full = tuple((m - 1) * s + d * (k - 1) + 1 + int(op)
                 for m, s, d, k, op in zip(y.shape[2:], stride, dilation, kernel, output_padding))
    full_shape = (y.shape[0], *full, w.shape[1] * int(groups))
    x = _run("transpose", y.ndim - 2, y.dtype, int(groups), dilation,
             tensor(_channels_last(y)), tensor(_filter(w)), stride, padding, dilation,
             tuple(map(int, output_padding)), full_shape, padded=full, kernel=kernel)
    return _channels_first(array(x))
