"""Variances through randomly initialised networks (seeds 003 and 004, problem 2).

For y_{l+1} = A y_l + b with zero-mean, independent A and b, independent of y_l,
and y_l with zero mean and uncorrelated entries of variance v_l:
    Var(y_{l+1,i}) = n_l sigma_A^2 v_l + sigma_b^2,   Cov(y_{l+1,i}, y_{l+1,j}) = 0 (i != j),
so the entries of every layer stay zero-mean and uncorrelated. The variances
sigma_A^2, sigma_b^2 come from the law an implementation declares
(implementations/init_law.py). The seeds assume PyTorch's nn.Linear law
(``PYTORCH``): every weight and bias of a layer with n inputs U(-1/sqrt(n),
1/sqrt(n)), variance 1/(3n), so v_{l+1} = v_l / 3 + 1 / (3 n_l).
"""

from __future__ import annotations

import math

from dnn_invariants.implementations.init_law import Law, Part

PYTORCH = Law(Part("uniform", 1 / 3, "in"), Part("uniform", 1 / 3, "in"))


def uniform_limit(n_in: int) -> float:
    return 1 / math.sqrt(n_in)


def uniform_variance(n_in: int) -> float:
    """Variance of U(-1/sqrt(n), 1/sqrt(n)): lim^2 / 3 = 1/(3n)."""
    return 1 / (3 * n_in)


def variance_step(v: float, n: int, sigma_w2: float, sigma_b2: float) -> float:
    """The general form (seed 004): Var(y_{l+1}) = n_l sigma_W^2 Var(y_l) + sigma_b^2."""
    return n * sigma_w2 * v + sigma_b2


def linear_variances(widths, law: Law = PYTORCH, *, weight_scale: float = 1.0, bias_scale: float = 1.0,
                     v0: float = 1.0):
    """[v_0, ..., v_L] for widths (n_0, ..., n_L), weights and biases = scale * a draw of ``law``."""
    v = [v0]
    for n, n_out in zip(widths[:-1], widths[1:]):
        v.append(variance_step(v[-1], n, weight_scale**2 * law.weight.variance(n, n_out),
                               bias_scale**2 * law.bias.variance(n, n_out)))
    return v


def he_scale(law: Law, n_in: int, n_out: int) -> float:
    """The factor that turns a draw of ``law``'s weights into He's variance 2/n_in."""
    return math.sqrt((2 / n_in) / law.weight.variance(n_in, n_out))


def affine_row_norm_bound(widths, law: Law = PYTORCH, *, weight_scale: float = 1.0,
                          bias_scale: float = 1.0) -> float:
    """A bound on ||(A_i, c_i)|| for the composed affine map y_L = A x + c, every row i (a bounded law).

    With |w| <= a_w and |b| <= a_b per layer (scaled): layer 1, ||(w_i, b_i)||^2 <= n_0 a_w^2 + a_b^2;
    layer l+1, (A, c)_i = sum_k w_ik (A, c)_k + (0, b_i), so the norm is at most n_l a_w B_l + a_b.
    """
    bound = None
    for n, n_out in zip(widths[:-1], widths[1:]):
        a_w = weight_scale * law.weight.bound(n, n_out)
        a_b = bias_scale * law.bias.bound(n, n_out)
        bound = math.sqrt(n * a_w**2 + a_b**2) if bound is None else n * a_w * bound + a_b
    return bound
