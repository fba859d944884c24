"""Convolution, its hand-written backward and its transpose, in plain NumPy (im2col).

Conventions (implementations/contract.py): channels first, ``x (N, C_in, *n)``,
``w (C_out, C_in // groups, *K)``, cross-correlation

    y[b, o, i] = sum_{c, k} w[o, c, k] * xp[b, g(o) * C_in/groups + c, s*i + d*k]

with ``xp`` the input zero-padded by ``(lo, hi)`` per spatial axis (a negative
pad crops) and ``g(o)`` the group of output channel ``o``.

The method is *im2col*: gather, for every output position ``i`` and kernel
offset ``k``, the input entry ``xp[s*i + d*k]`` into a matrix of "columns".
Then each of the three maps is one matrix product per group:

* forward      ``y   = W    @ cols``          (W is w flattened to (C_out/g, C_in/g * prod K))
* weight grad  ``dw  = dy   @ cols^T``        (summed over the batch)
* input grad   ``dx  = col2im(W^T @ dy)``     (col2im scatters each column entry back
                                                where im2col gathered it from, adding)

``col2im`` is the transpose of the gather ``im2col``, so the input gradient is
the exact adjoint of the forward map; ``conv_transpose`` is that same adjoint,
applied to an arbitrary ``y`` with the input size given by ``output_padding``.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def output_size(n: int, k: int, s: int, lo: int, hi: int, d: int) -> int:
    """Windows that fit: floor((n + lo + hi - d(K-1) - 1) / s) + 1."""
    return (n + lo + hi - d * (k - 1) - 1) // s + 1


def _pad(x: np.ndarray, padding) -> np.ndarray:
    """Zero-pad the spatial axes of ``x`` by ``(lo, hi)`` pairs; a negative amount crops."""
    grow = [(0, 0), (0, 0)] + [(max(lo, 0), max(hi, 0)) for lo, hi in padding]
    x = np.pad(x, grow)
    crop = tuple(slice(max(-lo, 0), size - max(-hi, 0))
                 for (lo, hi), size in zip(padding, x.shape[2:], strict=True))
    return x[(slice(None), slice(None)) + crop]


def _unpad(xp: np.ndarray, padding, n) -> np.ndarray:
    """The adjoint of ``_pad``: keep the entries that came from the input, zeros where it was cropped."""
    # Padding p maps input index j to padded index j + lo. Entries of the padded
    # array that are padding get dropped; input entries that were cropped
    # (negative lo or hi) never reached the padded array, so their gradient is 0.
    out = np.zeros(xp.shape[:2] + tuple(n), xp.dtype)
    src, dst = [], []
    for (lo, _), size, padded in zip(padding, n, xp.shape[2:], strict=True):
        first, last = max(0, -lo), min(size, padded - lo)  # input indices present in xp
        src.append(slice(first + lo, last + lo))
        dst.append(slice(first, last))
    out[(slice(None), slice(None)) + tuple(dst)] = xp[(slice(None), slice(None)) + tuple(src)]
    return out


def _windows(xp: np.ndarray, kernel, stride, dilation) -> np.ndarray:
    """A read-only view ``v (N, C, *m, *K)`` with ``v[b, c, i, k] = xp[b, c, s*i + d*k]`` (no copy)."""
    ndim = len(kernel)
    span = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True))
    view = sliding_window_view(xp, span, axis=tuple(range(2, 2 + ndim)))
    steps = tuple(slice(None, None, s) for s in stride) + tuple(slice(None, None, d) for d in dilation)
    return view[(slice(None), slice(None)) + steps]


def _im2col(xp: np.ndarray, kernel, stride, dilation, groups: int) -> np.ndarray:
    """The columns ``(N, groups, C_in/g * prod K, prod m)`` of an already padded input."""
    v = _windows(xp, kernel, stride, dilation)
    n_batch, c_in = v.shape[:2]
    ndim = len(kernel)
    m = v.shape[2:2 + ndim]
    # (N, C, *m, *K) -> (N, C, *K, *m): channel and kernel offset index a column's rows.
    v = v.transpose(0, 1, *range(2 + ndim, 2 + 2 * ndim), *range(2, 2 + ndim))
    return v.reshape(n_batch, groups, (c_in // groups) * int(np.prod(kernel)), int(np.prod(m)))


def _col2im(cols: np.ndarray, padded_shape, kernel, stride, dilation, m) -> np.ndarray:
    """The transpose of ``_im2col``: add every column entry back onto the padded input entry it came from.

    ``cols`` is ``(N, C_in, *K, *m)``. One strided slice-add per kernel offset k:
    output positions i hit the input entries s*i + d*k, distinct for a fixed k,
    so each slice-add has no collisions and the overlap between windows is
    handled by the sum over k.
    """
    xp = np.zeros(padded_shape, cols.dtype)
    for k in itertools.product(*map(range, kernel)):
        window = tuple(slice(d * kk, d * kk + s * (mm - 1) + 1, s)
                       for kk, s, d, mm in zip(k, stride, dilation, m, strict=True))
        xp[(slice(None), slice(None)) + window] += cols[(slice(None), slice(None)) + k + (Ellipsis,)]
    return xp


def _grouped_kernel(w: np.ndarray, groups: int) -> np.ndarray:
    """``w (C_out, C_in/g, *K)`` as ``(groups, C_out/g, C_in/g * prod K)``, rows matching the columns."""
    return w.reshape(groups, w.shape[0] // groups, -1)


def _config(stride, padding, dilation):
    return (tuple(int(s) for s in stride), tuple((int(lo), int(hi)) for lo, hi in padding),
            tuple(int(d) for d in dilation))


def conv(x, w, *, stride, padding, dilation, groups):
    """Cross-correlation of ``x (N, C_in, *n)`` with ``w (C_out, C_in/groups, *K)``: ``(N, C_out, *m)``."""
    x, w = np.asarray(x), np.asarray(w)
    stride, padding, dilation = _config(stride, padding, dilation)
    kernel = w.shape[2:]
    xp = _pad(x, padding)
    cols = _im2col(xp, kernel, stride, dilation, groups)          # (N, g, C_in/g * K, M)
    y = _grouped_kernel(w, groups) @ cols                          # (N, g, C_out/g, M)
    m = tuple(output_size(n, k, s, 0, 0, d)
              for n, k, s, d in zip(xp.shape[2:], kernel, stride, dilation, strict=True))
    return y.reshape(x.shape[0], w.shape[0], *m)


def _input_gradient(dy, w, n, stride, padding, dilation, groups):
    """dL/dx for input spatial size ``n``: col2im of ``W^T @ dy``, then undo the padding.

    This is the adjoint of ``conv`` as a linear map of x; it is both the input
    gradient and the transposed convolution.
    """
    n_batch, c_out, *m = dy.shape
    kernel = w.shape[2:]
    c_group = w.shape[1]
    dyg = dy.reshape(n_batch, groups, c_out // groups, int(np.prod(m)))
    cols = np.swapaxes(_grouped_kernel(w, groups), 1, 2) @ dyg    # (N, g, C_in/g * K, M)
    cols = cols.reshape(n_batch, groups * c_group, *kernel, *m)
    padded = tuple(ni + lo + hi for ni, (lo, hi) in zip(n, padding, strict=True))
    # Entries of the padded input past the last window (the stride remainder)
    # were never read by the forward conv: they stay zero.
    reach = tuple(s * (mm - 1) + d * (k - 1) + 1
                  for s, mm, d, k in zip(stride, m, dilation, kernel, strict=True))
    if any(r > p for r, p in zip(reach, padded, strict=True)):
        raise ValueError(f"{tuple(m)} outputs read {reach} padded input entries; there are {padded}")
    xp = _col2im(cols, (n_batch, groups * c_group, *padded), kernel, stride, dilation, m)
    return _unpad(xp, padding, n)


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    """Hand-written backward of ``conv``: ``(dL/dx, dL/dw)`` for ``dL/dy = dy``.

    * ``dL/dw[o, c, k] = sum_{b, i} dy[b, o, i] * xp[b, g(o)C_in/g + c, s*i + d*k]``: the same
      columns as the forward pass, multiplied by dy and summed over batch and positions.
    * ``dL/dx``: each output gradient is sent back through the weight that carried it,
      ``W^T @ dy``, and scattered onto the input positions it was gathered from (col2im).
    """
    x, w, dy = np.asarray(x), np.asarray(w), np.asarray(dy)
    stride, padding, dilation = _config(stride, padding, dilation)
    n_batch, c_out = dy.shape[:2]
    kernel = w.shape[2:]
    cols = _im2col(_pad(x, padding), kernel, stride, dilation, groups)      # (N, g, C_in/g * K, M)
    dyg = dy.reshape(n_batch, groups, c_out // groups, -1)                  # (N, g, C_out/g, M)
    dw = (dyg @ np.swapaxes(cols, 2, 3)).sum(axis=0)                        # (g, C_out/g, C_in/g * K)
    dx = _input_gradient(dy, w, x.shape[2:], stride, padding, dilation, groups)
    return dx, dw.reshape(w.shape)


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    """The adjoint of ``conv`` with the same ``w`` and configuration, applied to ``y (N, C_out, *m)``.

    The result has ``(N, C_in, *n)`` with ``n = (m-1)*s - lo - hi + d*(K-1) + 1 + output_padding``:
    a forward conv of an input of size n gives m outputs, and ``output_padding`` says how many
    input entries past the last window (the stride remainder, 0 <= op < s) the input had.
    """
    y, w = np.asarray(y), np.asarray(w)
    stride, padding, dilation = _config(stride, padding, dilation)
    kernel = w.shape[2:]
    n = tuple((mm - 1) * s - lo - hi + d * (k - 1) + 1 + int(op)
              for mm, s, (lo, hi), d, k, op in
              zip(y.shape[2:], stride, padding, dilation, kernel, output_padding, strict=True))
    return _input_gradient(y, w, n, stride, padding, dilation, groups)
