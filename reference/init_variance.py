"""Variances through randomly initialised networks (seeds 003 and 004, problem 2).

Default init (PyTorch's nn.Linear, Equinox's eqx.nn.Linear): every weight and
bias of a layer with n inputs is U(-1/sqrt(n), 1/sqrt(n)), variance 1/(3n).

For y_{l+1} = A y_l + b with zero-mean, independent A and b, independent of y_l,
and y_l with zero mean and uncorrelated entries of variance v_l:
    Var(y_{l+1,i}) = n_l sigma_A^2 v_l + sigma_b^2,   Cov(y_{l+1,i}, y_{l+1,j}) = 0 (i != j),
so the entries of every layer stay zero-mean and uncorrelated, and with the
default init v_{l+1} = v_l / 3 + 1 / (3 n_l).
"""

from __future__ import annotations

import math


def uniform_limit(n_in: int) -> float:
    return 1 / math.sqrt(n_in)


def uniform_variance(n_in: int) -> float:
    """Variance of U(-1/sqrt(n), 1/sqrt(n)): lim^2 / 3 = 1/(3n)."""
    return 1 / (3 * n_in)


def variance_step(v: float, n: int, sigma_w2: float, sigma_b2: float) -> float:
    """The general form (seed 004): Var(y_{l+1}) = n_l sigma_W^2 Var(y_l) + sigma_b^2."""
    return n * sigma_w2 * v + sigma_b2


def linear_variances(widths, *, weight_scale: float = 1.0, bias_scale: float = 1.0, v0: float = 1.0):
    """[v_0, ..., v_L] for widths (n_0, ..., n_L), weights and biases = scale * default init."""
    v = [v0]
    for n in widths[:-1]:
        v.append(variance_step(v[-1], n, weight_scale**2 * uniform_variance(n),
                               bias_scale**2 * uniform_variance(n)))
    return v


def he_uniform_scale() -> float:
    """He init as a multiple of the default: U(-sqrt(6/n), sqrt(6/n)) has variance 2/n = 6 / (3n)."""
    return math.sqrt(6)


def affine_row_norm_bound(widths, *, weight_scale: float = 1.0, bias_scale: float = 1.0) -> float:
    """A bound on ||(A_i, c_i)|| for the composed affine map y_L = A x + c, every row i.

    Layer 1: ||(w_i, b_i)||^2 <= n_0 lim^2 + lim^2 with lim = 1/sqrt(n_0), scaled.
    Layer l+1: (A, c)_i = sum_k w_ik (A, c)_k + (0, b_i), so the norm is at most
    sum_k |w_ik| B_l + |b_i| <= sqrt(n_l) s_w B_l + s_b / sqrt(n_l).
    """
    n0 = widths[0]
    bound = math.sqrt(weight_scale**2 + bias_scale**2 / n0)
    for n in widths[1:-1]:
        bound = math.sqrt(n) * weight_scale * bound + bias_scale / math.sqrt(n)
    return bound
