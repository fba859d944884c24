"""Convolution as the seeds write it (seed 001, problem 5), for any configuration.

Cross-correlation, channels first: ``x (N, C_in, *n)``, ``w (C_out, C_in/g, *K)``.
"""

from __future__ import annotations

import itertools

import numpy as np


def output_size(n: int, kernel: int, stride: int, lo: int, hi: int, dilation: int) -> int:
    """floor((n + lo + hi - d(K-1) - 1) / s) + 1: how many windows fit (seed 001 Q5c, corrected)."""
    return (n + lo + hi - dilation * (kernel - 1) - 1) // stride + 1


def stride_remainder(n: int, kernel: int, stride: int, lo: int, hi: int, dilation: int) -> int:
    """r = (n + lo + hi - d(K-1) - 1) mod s: input entries past the last window."""
    return (n + lo + hi - dilation * (kernel - 1) - 1) % stride


def pad(x: np.ndarray, pads) -> np.ndarray:
    """Zero-pad the spatial axes by (low, high) pairs; a negative pad crops."""
    grow = [(0, 0), (0, 0)] + [(max(lo, 0), max(hi, 0)) for lo, hi in pads]
    x = np.pad(x, grow)
    crop = tuple(slice(max(-lo, 0), x.shape[2 + i] - max(-hi, 0)) for i, (lo, hi) in enumerate(pads))
    return x[(slice(None), slice(None)) + crop]


def insert_zeros(y: np.ndarray, stride) -> np.ndarray:
    """Put s-1 zeros between neighbouring entries of every spatial axis."""
    m = y.shape[2:]
    out = np.zeros(y.shape[:2] + tuple((mi - 1) * s + 1 for mi, s in zip(m, stride)), y.dtype)
    out[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)] = y
    return out


def _window(k, stride, dilation, out_shape):
    """The input slice that kernel offset k sees, for every output position at once."""
    return tuple(slice(d * kk, d * kk + s * (m - 1) + 1, s)
                 for kk, s, d, m in zip(k, stride, dilation, out_shape))


def correlate(xp: np.ndarray, w: np.ndarray, stride, dilation, groups: int) -> np.ndarray:
    """y[n,o,i] = sum_{c,k} w[o,c,k] xp[n, g(o)C_in/g + c, s i + d k] on an already padded input."""
    n_batch, c_in, *n = xp.shape
    c_out, c_group, *kernel = w.shape
    m = [output_size(ni, k, s, 0, 0, d) for ni, k, s, d in zip(n, kernel, stride, dilation)]
    xg = xp.reshape(n_batch, groups, c_group, *n)
    wg = w.reshape(groups, c_out // groups, c_group, *kernel)
    y = np.zeros((n_batch, groups, c_out // groups, *m), np.result_type(xp, w))
    for k in itertools.product(*map(range, kernel)):
        patch = xg[(Ellipsis,) + _window(k, stride, dilation, m)]
        y += np.einsum("ngc...,goc->ngo...", patch, wg[(Ellipsis,) + k])
    return y.reshape(n_batch, c_out, *m)


def conv(x, w, stride, padding, dilation, groups):
    """The forward convolution: pad, then correlate."""
    return correlate(pad(x, padding), w, stride, dilation, groups)


def flip_and_swap(w: np.ndarray, groups: int) -> np.ndarray:
    """The kernel of the input gradient: spatially flipped, in and out channels swapped per group."""
    c_out, c_group, *kernel = w.shape
    ndim = len(kernel)
    w = w.reshape(groups, c_out // groups, c_group, *kernel).swapaxes(1, 2)
    w = w.reshape(groups * c_group, c_out // groups, *kernel)
    return np.flip(w, axis=tuple(range(2, 2 + ndim)))


def input_gradient(dy, w, n, stride, padding, dilation, groups):
    """dL/dx as a convolution (seed 001 Q5c, generalised).

    Insert s-1 zeros between the entries of dy, pad it by d(K-1)-lo low and
    d(K-1)-hi+r high (r the stride remainder; a negative pad crops), and
    correlate with stride 1 and the same dilation with the flipped,
    channel-swapped kernel.
    """
    kernel = w.shape[2:]
    pads = [
        (d * (k - 1) - lo, d * (k - 1) - hi + stride_remainder(ni, k, s, lo, hi, d))
        for ni, k, s, (lo, hi), d in zip(n, kernel, stride, padding, dilation)
    ]
    spread = pad(insert_zeros(dy, stride), pads)
    return correlate(spread, flip_and_swap(w, groups), (1,) * len(n), dilation, groups)


def weight_gradient(x, dy, kernel, stride, padding, dilation, groups):
    """dL/dw[o,c,k] = sum_{n,i} dy[n,o,i] xp[n, g(o)C_in/g + c, s i + d k]: x correlated with dy."""
    xp = pad(x, padding)
    n_batch, c_in, *n = xp.shape
    c_out, m = dy.shape[1], dy.shape[2:]
    c_group = c_in // groups
    xg = xp.reshape(n_batch, groups, c_group, *n)
    dyg = dy.reshape(n_batch, groups, c_out // groups, *m)
    dw = np.zeros((groups, c_out // groups, c_group, *kernel), np.result_type(x, dy))
    for k in itertools.product(*map(range, kernel)):
        patch = xg[(Ellipsis,) + _window(k, stride, dilation, m)]
        dw[(Ellipsis,) + k] = np.einsum("ngcp,ngop->goc", patch.reshape(*patch.shape[:3], -1),
                                        dyg.reshape(*dyg.shape[:3], -1))
    return dw.reshape(c_out, c_group, *kernel)


def conv_matrix(w, n, stride, padding, dilation, groups) -> np.ndarray:
    """The matrix A with vec(conv(x)) = A vec(x) for one sample (seed 001 Q5a, generalised).

    Rows index (o, i) and columns (c, j), both in C order, and
    A[(o,i), (c,j)] = w[o, c - g(o)C_in/g, k] where j = s i + d k - lo, for every
    kernel offset k whose input position j lies inside the unpadded input.
    """
    c_out, c_group, *kernel = w.shape
    groups_in = c_group * groups
    m = [output_size(ni, k, s, lo, hi, d)
         for ni, k, s, (lo, hi), d in zip(n, kernel, stride, padding, dilation)]
    A = np.zeros((c_out, *m, groups_in, *n), w.dtype)
    positions = np.indices(m).reshape(len(m), -1)  # every output position i, one per column
    for k in itertools.product(*map(range, kernel)):
        j = np.array([s * ii + d * kk - lo for ii, kk, s, d, (lo, _) in
                      zip(positions, k, stride, dilation, padding)]).reshape(len(m), -1)
        inside = np.all((j >= 0) & (j < np.array(n)[:, None]), axis=0)
        i_in, j_in = positions[:, inside], j[:, inside]
        for g in range(groups):
            o = np.arange(g * (c_out // groups), (g + 1) * (c_out // groups))[:, None, None]
            c = np.arange(g * c_group, (g + 1) * c_group)[None, :, None]
            A[(o, *i_in[:, None, None, :], c, *j_in[:, None, None, :])] = \
                w[(o[..., 0], c[..., 0] - g * c_group, *k)][..., None]
    return A.reshape(c_out * int(np.prod(m)), groups_in * int(np.prod(n)))
