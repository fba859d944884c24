"""Training-mode batch normalisation and its closed-form backward.

For ``x (N, C, *spatial)`` the statistics are per channel c over the
``M = N * prod(spatial)`` entries of that channel:

    mean_c = (1/M) sum x,        var_c = (1/M) sum (x - mean_c)^2     (biased)
    xhat   = (x - mean_c) / sigma_c,   sigma_c = sqrt(var_c + eps)
    y      = gamma_c * xhat + beta_c

Backward, for an upstream gradient ``dy`` (sums and means per channel over
the same M entries). Because mean and var depend on every x of the channel,
the gradient of xhat is projected: the parts of ``gamma * dy`` along the
constant vector and along xhat are removed,

    dbeta  = sum dy
    dgamma = sum dy * xhat
    dx     = (gamma / sigma) * (dy - mean(dy) - xhat * mean(dy * xhat))

(derivation: dxhat = gamma dy; dvar = sum dxhat (x - mean) * (-1/2) sigma^-3;
dmean = -sum dxhat / sigma; dx = dxhat/sigma + dvar 2 (x - mean)/M + dmean/M,
which simplifies to the line above.)
"""

from __future__ import annotations

import numpy as np


def _channel_axes(x: np.ndarray) -> tuple[int, ...]:
    """The axes reduced for per-channel statistics: batch and every spatial axis."""
    return (0,) + tuple(range(2, x.ndim))


def _per_channel(v: np.ndarray, ndim: int) -> np.ndarray:
    """Reshape a ``(C,)`` vector to ``(1, C, 1, ...)`` so that it broadcasts against ``x``."""
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def _statistics(x, eps):
    """Per-channel mean, biased variance (two-pass, for accuracy) and xhat."""
    axes = _channel_axes(x)
    mean = x.mean(axis=axes)
    centred = x - _per_channel(mean, x.ndim)
    var = (centred * centred).mean(axis=axes)
    sigma = np.sqrt(var + np.asarray(eps, x.dtype))
    return mean, var, sigma, centred / _per_channel(sigma, x.ndim)


def batch_norm(x, gamma, beta, *, eps):
    """Training-mode batch norm: ``(y, mean, var)``, ``mean`` and biased ``var`` of shape ``(C,)``."""
    x = np.asarray(x)
    gamma, beta = np.asarray(gamma, x.dtype), np.asarray(beta, x.dtype)
    mean, var, _, xhat = _statistics(x, eps)
    y = _per_channel(gamma, x.ndim) * xhat + _per_channel(beta, x.ndim)
    return y, mean, var


def batch_norm_backward(x, gamma, beta, dy, *, eps):
    """Hand-written backward of training-mode batch norm: ``(dL/dx, dL/dgamma, dL/dbeta)``.

    ``beta`` does not enter the gradients (it shifts y only); it is taken for
    symmetry with ``batch_norm``.
    """
    x, dy = np.asarray(x), np.asarray(dy)
    gamma = np.asarray(gamma, x.dtype)
    axes = _channel_axes(x)
    _, _, sigma, xhat = _statistics(x, eps)
    dbeta = dy.sum(axis=axes)
    dgamma = (dy * xhat).sum(axis=axes)
    mean_dy = _per_channel(dy.mean(axis=axes), x.ndim)
    mean_dy_xhat = _per_channel((dy * xhat).mean(axis=axes), x.ndim)
    dx = _per_channel(gamma / sigma, x.ndim) * (dy - mean_dy - xhat * mean_dy_xhat)
    return dx, dgamma, dbeta
