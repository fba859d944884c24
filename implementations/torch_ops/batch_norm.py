"""Training-mode batch norm with ``F.batch_norm``; its backward by autograd.

``F.batch_norm`` returns only ``y``. The batch statistics it normalises with
(the mean and the BIASED variance) are computed here with torch's own
``torch.var_mean(..., correction=0)``; they are not read back from running
statistics, which torch updates with the unbiased variance.

``F.batch_norm`` refuses two cases the contract defines, with a ValueError
raised in Python before its kernel runs: ``eps <= 0`` in training mode, and a
single value per channel (N * prod(spatial) == 1). torch does not support
them, so they are reported as such (NotImplementedError, a skip that quotes
torch), not computed by going around torch's own checks.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dnn_invariants.implementations.torch_ops._tensors import array, tensor


def _forward(x, gamma, beta, eps):
    try:
        return F.batch_norm(x, None, None, gamma, beta, training=True, momentum=0.0, eps=float(eps))
    except ValueError as refusal:
        raise NotImplementedError(f"torch's F.batch_norm refuses this input: {refusal}") from None


def batch_norm(x, gamma, beta, *, eps):
    xt = tensor(x)
    with torch.no_grad():
        y = _forward(xt, tensor(gamma), tensor(beta), eps)
        axes = (0,) + tuple(range(2, xt.dim()))
        var, mean = torch.var_mean(xt, dim=axes, correction=0)
    return array(y), array(mean), array(var)


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    xt, gt, bt = tensor(x, grad=True), tensor(gamma, grad=True), tensor(beta, grad=True)
    y = _forward(xt, gt, bt, eps)
    dx, dgamma, dbeta = torch.autograd.grad(y, (xt, gt, bt), tensor(dy))
    return array(dx), array(dgamma), array(dbeta)
