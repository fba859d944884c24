"""Training-mode batch normalisation as math: statistics, the closed-form Jacobian, rounding bounds.

Per channel c, over the I = N * prod(spatial) entries z_1..z_I of that channel:
    mu = (1/I) sum_j z_j,   s2 = (1/I) sum_j (z_j - mu)^2,   r = 1/sqrt(s2 + eps),
    xhat_i = (z_i - mu) r,  y_i = gamma xhat_i + beta.
Differentiating (d mu/d z_j = 1/I, d s2/d z_j = 2 (z_j - mu)/I, d r/d z_j = -r^3 (z_j - mu)/I):
    d y_i / d z_j = gamma r (delta_ij - 1/I - xhat_i xhat_j / I).
So the Jacobian of one channel is gamma r (Id - 1 1^T/I - xhat xhat^T/I), symmetric, and
    diagonal: gamma/sqrt(s2+eps) (1 - 1/I - (z_i - mu)^2 / (I (s2 + eps)))
    backward: dz = gamma r (dy - mean(dy) - xhat mean(dy xhat)), dgamma = sum dy xhat, dbeta = sum dy.
Channels do not mix: the full Jacobian is block diagonal over channels.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dnn_invariants.properties.tolerance import gamma as gamma_n
from dnn_invariants.properties.tolerance import underflow, unit_roundoff


def channels(x: np.ndarray) -> np.ndarray:
    """(N, C, *S) -> (C, I) with I = N * prod(S): one row per channel."""
    x = np.asarray(x, np.float64)
    return np.moveaxis(x, 1, 0).reshape(x.shape[1], -1)


def unchannels(rows: np.ndarray, shape) -> np.ndarray:
    """(C, I) -> (N, C, *S), the inverse of ``channels``."""
    n, c, *s = shape
    return np.moveaxis(rows.reshape(c, n, *s), 0, 1)


def statistics(x):
    z = channels(x)
    mu = z.mean(axis=1)
    s2 = ((z - mu[:, None]) ** 2).mean(axis=1)
    return mu, s2


def forward(x, gamma, beta, eps):
    z = channels(x)
    mu, s2 = statistics(x)
    xhat = (z - mu[:, None]) / np.sqrt(s2 + eps)[:, None]
    y = np.asarray(gamma, np.float64)[:, None] * xhat + np.asarray(beta, np.float64)[:, None]
    return unchannels(y, np.shape(x)), mu, s2


def normalised(x, eps):
    """xhat per channel, shape (C, I)."""
    z = channels(x)
    mu, s2 = statistics(x)
    return (z - mu[:, None]) / np.sqrt(s2 + eps)[:, None]


def jacobian(x, gamma, eps) -> np.ndarray:
    """dy/dx of one sample layout, as a (C, I, I) stack: gamma r (Id - 11^T/I - xhat xhat^T/I) per channel."""
    xhat = normalised(x, eps)
    _, s2 = statistics(x)
    c, i = xhat.shape
    r = 1.0 / np.sqrt(s2 + eps)
    inner = np.eye(i)[None] - 1.0 / i - xhat[:, :, None] * xhat[:, None, :] / i
    return (np.asarray(gamma, np.float64) * r)[:, None, None] * inner


def diagonal(x, gamma, eps) -> np.ndarray:
    """The diagonal d y_i / d z_i, (C, I): gamma/sqrt(s2+eps) (1 - 1/I - (z_i-mu)^2/(I (s2+eps)))."""
    z = channels(x)
    mu, s2 = statistics(x)
    i = z.shape[1]
    g = np.asarray(gamma, np.float64)[:, None]
    v = (s2 + eps)[:, None]
    return g / np.sqrt(v) * (1.0 - 1.0 / i - (z - mu[:, None]) ** 2 / (i * v))


def backward(x, gamma, dy, eps):
    """(dL/dx, dL/dgamma, dL/dbeta) from the closed form."""
    xhat = normalised(x, eps)
    _, s2 = statistics(x)
    g = channels(dy)
    r = 1.0 / np.sqrt(s2 + eps)
    a, b = g.mean(axis=1), (g * xhat).mean(axis=1)
    dz = (np.asarray(gamma, np.float64) * r)[:, None] * (g - a[:, None] - xhat * b[:, None])
    return unchannels(dz, np.shape(x)), (g * xhat).sum(axis=1), g.sum(axis=1)


# --- Rounding bounds ---------------------------------------------------------------
# First-order forward error analysis of the formulas above, as any implementation
# may evaluate them: sums of I terms in any order (gamma_{I+4}), the variance either
# two-pass or as E[z^2] - E[z]^2 (both covered), a reciprocal square root, and a few
# products. Each function bounds |computed - exact| entrywise for one evaluation in
# ``dtype``; a comparison adds the bounds of both sides.


class _Parts(NamedTuple):
    i: int  # entries per channel
    g: np.ndarray  # gamma_{I+4}: a sum over a channel
    r: np.ndarray  # 1/sqrt(s2 + eps), (C,)
    rel_r: np.ndarray  # relative error of the computed r, (C,)
    xhat: np.ndarray  # (C, I)
    d_xhat: np.ndarray  # absolute error of the computed xhat, (C, I)
    amplified: np.ndarray  # (1 + r)^3 (1 + max|d|)^2: what a flushed loss may be multiplied by, gamma aside


def _statistics_errors(z, mu, s2, dtype, two_pass):
    """Errors of the computed mean and variance of the rows z, per channel."""
    i = z.shape[1]
    u, g = unit_roundoff(dtype), gamma_n(i + 4, dtype)
    m1 = np.abs(z).mean(axis=1)
    d = np.abs(z - mu[:, None])
    d_mu = g * m1  # the centred values inherit it, so it is an error relative to m1, not to s
    if two_pass:  # mean((z - mu)^2): (d + e)^2 with |e| <= d_mu + u |d|, then the sum's rounding
        d_s2 = gamma_n(i + 6, dtype) * s2 + 2 * d.mean(axis=1) * d_mu + (d_mu + u * d.max(axis=1)) ** 2
    else:  # either two-pass or E[z^2] - E[z]^2, which loses g mu^2 to cancellation
        d_s2 = g * (s2 + 2 * mu**2 + 2 * np.sqrt(s2) * m1) + 2 * d.mean(axis=1) * d_mu
    lost = underflow(i + 8, dtype)  # a centred value's square may flush to zero
    return d_mu + lost, d_s2 + lost


def _parts(x, eps, dtype, two_pass=False) -> _Parts:
    z = channels(x)
    mu, s2 = statistics(x)
    i = z.shape[1]
    u = unit_roundoff(dtype)
    d_mu, d_s2 = _statistics_errors(z, mu, s2, dtype, two_pass)
    d = z - mu[:, None]
    d_max = np.abs(d).max(axis=1)
    r = 1.0 / np.sqrt(s2 + eps)
    rel_r = 0.5 * d_s2 / (s2 + eps) + gamma_n(3, dtype)
    xhat = d * r[:, None]
    d_xhat = ((d_mu[:, None] + u * np.abs(d)) * r[:, None] + np.abs(xhat) * (rel_r[:, None] + u)
              + underflow(i + 8, dtype, r, d_max)[:, None])
    # The longest BN term is gamma r^3 d_i d_k dy_k (backward, forward mode): its factors but gamma, dy.
    amplified = (1 + r) ** 3 * (1 + d_max) ** 2
    return _Parts(i, gamma_n(i + 4, dtype), r, rel_r, xhat, d_xhat, amplified)


def _flushed(p: _Parts, dtype, gamma, dy=0.0):
    """Per channel, the underflow term of one BN formula evaluation with this gamma and dy."""
    dy = np.abs(channels(dy)).max(axis=1) if np.ndim(dy) else dy
    return underflow(p.i + 8, dtype, gamma, dy) * p.amplified


def forward_bound(x, gamma, beta, eps, dtype) -> np.ndarray:
    """Bound on |computed y - exact y|, shape of x."""
    p = _parts(x, eps, dtype)
    gm, bt = np.abs(np.asarray(gamma, np.float64))[:, None], np.abs(np.asarray(beta, np.float64))[:, None]
    tiny = _flushed(p, dtype, gamma)[:, None]
    return unchannels(gm * p.d_xhat + gamma_n(3, dtype) * (gm * np.abs(p.xhat) + bt) + tiny, np.shape(x))


def statistics_bound(x, dtype):
    """Bounds on |computed mean - mu| and |computed var - s2|, per channel (two-pass or one-pass)."""
    mu, s2 = statistics(x)
    return _statistics_errors(channels(x), mu, s2, dtype, two_pass=False)


def backward_bound(x, gamma, dy, eps, dtype):
    """Bounds on the three gradients, shapes (x, (C,), (C,))."""
    p = _parts(x, eps, dtype)
    i, g, r, xhat, d_xhat = p.i, p.g, p.r, p.xhat, p.d_xhat
    gy = channels(dy)
    u3 = gamma_n(3, dtype)
    a, b = gy.mean(axis=1)[:, None], (gy * xhat).mean(axis=1)[:, None]
    d_a = g * np.abs(gy).mean(axis=1)[:, None]
    d_b = g * np.abs(gy * xhat).mean(axis=1)[:, None] + (np.abs(gy) * d_xhat).mean(axis=1)[:, None]
    inner = gy - a - xhat * b
    d_inner = d_a + np.abs(xhat) * d_b + d_xhat * np.abs(b) + u3 * (np.abs(gy) + np.abs(a) + np.abs(xhat * b))
    gm = np.abs(np.asarray(gamma, np.float64))[:, None]
    tiny = _flushed(p, dtype, gamma, dy)
    d_dz = gm * r[:, None] * (d_inner + np.abs(inner) * (p.rel_r[:, None] + u3)) + tiny[:, None]
    d_dgamma = gamma_n(i, dtype) * np.abs(gy * xhat).sum(axis=1) + (np.abs(gy) * d_xhat).sum(axis=1) + tiny
    d_dbeta = gamma_n(i, dtype) * np.abs(gy).sum(axis=1) + tiny
    return unchannels(d_dz, np.shape(x)), d_dgamma, d_dbeta


def jacobian_bound(x, gamma, eps, dtype) -> np.ndarray:
    """Bound on |computed - exact| of the (C, I, I) Jacobian stack, for one two-pass evaluation.

    Covers both ways the corpus computes it: the closed form gamma r (delta - 1/I - xhat_i xhat_j/I)
    from computed r and xhat, and forward-mode differentiation of the two-pass definition, whose
    tangent of e_j is gamma (r (delta_ij - 1/I) - d_i r^3 mean(d (e_j - 1/I))). The second is the
    worse: r^3 carries three times r's relative error, and the computed d_k do not sum to zero,
    so mean(d (e_j - 1/I)) is off by the mean of their errors as well as d_j's. With e_k, the error
    of a computed centred value, r |e_k| <= d_xhat_k.
    """
    p = _parts(x, eps, dtype, two_pass=True)
    i, ax, dx = p.i, np.abs(p.xhat), p.d_xhat
    mean_ax, mean_dx = ax.mean(axis=1), dx.mean(axis=1)
    relative = (3 * p.rel_r + gamma_n(i + 5, dtype))[:, None, None] * (
        1 + 1 / i + (ax[:, :, None] * ax[:, None, :] + ax[:, :, None] * mean_ax[:, None, None]) / i)
    absolute = (ax[:, :, None] * (dx[:, None, :] + mean_dx[:, None, None])
                + dx[:, :, None] * ax[:, None, :]) / i
    gm = np.abs(np.asarray(gamma, np.float64))[:, None, None]
    return gm * p.r[:, None, None] * (relative + absolute) + _flushed(p, dtype, gamma)[:, None, None]


# --- How far seed 000 11.5's printed diagonal is from the true one (the printed formula itself:
# reference/seeds/seed000.py) ------------------------------------------------------------------------

def seed000_diagonal_error(x, gamma, eps) -> np.ndarray:
    """The printed 11.5 diagonal minus the true one: gamma r (1 - xhat^2 (I - 2)) / I, zero iff xhat_i^2 =
    1/(I-2).

    printed: gamma r (1 - xhat^2 (I-1)/I); true: gamma r (1 - 1/I - xhat^2/I); the difference is
    gamma r (1/I - xhat^2 (I-2)/I)."""
    xhat = normalised(x, eps)
    _, s2 = statistics(x)
    i = xhat.shape[1]
    r = 1.0 / np.sqrt(s2 + eps)
    return (np.asarray(gamma, np.float64) * r)[:, None] * (1 - xhat**2 * (i - 2)) / i
