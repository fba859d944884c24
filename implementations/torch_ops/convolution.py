"""Convolution, its transpose and its backward, with ``F.conv{1,2,3}d`` and ``F.conv_transpose{1,2,3}d``.

torch pads symmetrically only, so the symmetric part of a (low, high) padding
goes to torch's own ``padding`` and the rest is added with ``F.pad`` (forward)
or cropped (transpose). The backward is torch's autograd through exactly that
forward computation.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dnn_invariants.implementations.torch_ops._tensors import array, tensor

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def _split(padding):
    """(torch's symmetric padding, the extra (low, high) per dimension)."""
    symmetric = tuple(min(int(lo), int(hi)) for lo, hi in padding)
    extra = tuple((int(lo) - p, int(hi) - p) for (lo, hi), p in zip(padding, symmetric, strict=True))
    return symmetric, extra


def _pad_spec(extra):
    # F.pad lists (low, high) pairs from the LAST dimension backwards.
    return [v for lo_hi in reversed(extra) for v in lo_hi]


def _conv(x, w, stride, padding, dilation, groups):
    ndim = x.dim() - 2
    symmetric, extra = _split(padding)
    if any(map(any, extra)):
        x = F.pad(x, _pad_spec(extra))
    return _CONV[ndim](x, w, stride=tuple(stride), padding=symmetric,
                       dilation=tuple(dilation), groups=int(groups))


def conv(x, w, *, stride, padding, dilation, groups):
    with torch.no_grad():
        return array(_conv(tensor(x), tensor(w), stride, padding, dilation, groups))


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    xt, wt = tensor(x, grad=True), tensor(w, grad=True)
    y = _conv(xt, wt, stride, padding, dilation, groups)
    dx, dw = torch.autograd.grad(y, (xt, wt), tensor(dy))
    return array(dx), array(dw)


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    yt, wt = tensor(y), tensor(w)
    ndim = yt.dim() - 2
    symmetric, crop = _split(padding)
    output_padding = tuple(map(int, output_padding))
    native, zeros = list(output_padding), [0] * ndim
    for i, (op, s, d) in enumerate(zip(output_padding, stride, dilation, strict=True)):
        # torch accepts output_padding < max(stride, dilation) only. The contract's
        # 0 <= op < stride always fits. A larger op is still the adjoint of conv
        # (zero rows for input entries that no window reaches): in that dimension,
        # transpose with no padding, append op zeros, then crop the whole padding.
        if op >= max(int(s), int(d)):
            native[i], zeros[i], symmetric = 0, op, symmetric[:i] + (0,) + symmetric[i + 1:]
            crop = crop[:i] + (tuple(map(int, padding[i])),) + crop[i + 1:]
    with torch.no_grad():
        x = _CONV_TRANSPOSE[ndim](yt, wt, stride=tuple(stride), padding=symmetric,
                                  output_padding=tuple(native), groups=int(groups),
                                  dilation=tuple(dilation))
        if any(zeros):
            x = F.pad(x, _pad_spec(tuple((0, z) for z in zeros)))
        if any(map(any, crop)):
            # The transpose of zero-padding the input is cropping the result.
            x = x[(slice(None), slice(None)) + tuple(slice(lo, x.shape[2 + i] - hi)
                                                   for i, (lo, hi) in enumerate(crop))]
    return array(x)
