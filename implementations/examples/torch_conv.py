"""PyTorch's convolutions on the contract; conv_transpose: transpose the padded conv, crop the padding."""
import torch
import torch.nn.functional as F

NAME, FRAMEWORK = "torch convolutions (the README's example)", "torch"
CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
TRANSPOSED = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def _pad(x, padding, sign=1):  # ((lo, hi), ...) to F.pad's list, last dimension first; negative crops
    return F.pad(x, [sign * p for lo_hi in reversed(padding) for p in lo_hi])


def conv(x, w, *, stride, padding, dilation, groups):
    x, w = torch.from_numpy(x), torch.from_numpy(w)
    return CONV[x.dim() - 2](_pad(x, padding), w, stride=stride, dilation=dilation, groups=groups).numpy()


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    x, w = torch.from_numpy(x).requires_grad_(), torch.from_numpy(w).requires_grad_()
    y = CONV[x.dim() - 2](_pad(x, padding), w, stride=stride, dilation=dilation, groups=groups)
    dx, dw = torch.autograd.grad(y, (x, w), torch.from_numpy(dy))
    return dx.numpy(), dw.numpy()


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    full = TRANSPOSED[y.ndim - 2](torch.from_numpy(y), torch.from_numpy(w), stride=stride, dilation=dilation,
                                  groups=groups, output_padding=output_padding)
    return _pad(full, padding, sign=-1).numpy()
