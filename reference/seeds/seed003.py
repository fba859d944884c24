"""Seed 003 (``003_2ceb500759a8e93a.txt``, MathDNN HW 6: dropout, init variance, residual Jacobians,
ResNeXt counts), as printed.

Line numbers refer to the seed file. Nothing here is corrected; slips are marked ``# slip:``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

SEED = "003_2ceb500759a8e93a.txt"


# --- Problem 1 (lines 7-30): dropout and activations --------------------------------------------
# Line 7: 'We assume p < 1, otherwise all cells are dropped': the drop probability at which every
# cell is dropped.
PRINTED_P1_ALL_DROPPED_AT = 1


def printed_p1_kept_value(y, p):
    """Line 13: a kept entry y_i becomes y_i/(1-p)."""
    return np.asarray(y) / (1 - p)


def printed_p1_condition(sigma, y, p, equal_at_zero, equal):
    """Lines 9-15: linear-dropout-activation = linear-activation-dropout iff sigma(0) = 0 and
    sigma(y_i/(1-p)) = sigma(y_i)/(1-p) for all i (one p). ``equal_at_zero(a, b)`` and ``equal(a, b)``:
    equality up to the rounding of the evaluations (the test supplies them)."""
    zero = np.zeros(1)
    at_zero = bool(np.all(equal_at_zero(sigma(zero), zero)))
    return at_zero and bool(np.all(equal(sigma(y / (1 - p)), sigma(y) / (1 - p))))


# Line 30: 'Therefore ReLU, LeakyReLU guarantee equivalence' (and sigmoid does not, line 18).
PRINTED_P1_COMMUTES = {"relu": True, "leaky_relu": True, "sigmoid": False}


def printed_p1_sigmoid_inequality(lhs, rhs):
    """Line 20: sigma(y/(1-p)) < sigma(y)/(1-p), with lhs = sigma(y/(1-p)), rhs = sigma(y)/(1-p)."""
    return lhs < rhs


def printed_p1_sigmoid_region(sigmoid_y, p):
    """Line 22: where the seed says the inequality holds: 'for all sigma(y_i) > 1 - p'."""
    return sigmoid_y > 1 - p


# --- Problem 2 (lines 36-63): variance through a linear network with PyTorch's default init ------

def printed_p2_limit(n):
    """Line 36: every entry of A, b ~ U(-1/sqrt(n), 1/sqrt(n)), n the input dimension."""
    return 1 / math.sqrt(n)


def printed_p2_density(x, n):
    """Line 38: p(x) = (sqrt(n)/2) chi_[-1/sqrt(n), 1/sqrt(n)](x)."""
    x = np.asarray(x, np.float64)
    return np.where(np.abs(x) <= 1 / math.sqrt(n), math.sqrt(n) / 2, 0.0)


PRINTED_P2_MEAN = 0                                     # line 42: mu = int x p(x) dx = 0


def printed_p2_sigma(n):
    """Line 44: sigma = int x^2 p(x) dx = 1/(3n) (the seed calls the variance sigma)."""
    return Fraction(1, 3 * n)


def printed_p2_expectation(n, mean_a, mean_x, mean_b):
    """Line 52: E(y_i) = sum_k E(a_ik x_k + b_i) (= 0): b_i inside the sum over k (a, x independent)."""
    return sum(mean_a * mean_x + mean_b for _ in range(n))


def printed_p2_offdiagonal(n):
    """Line 59: Cov(y_i, y_j) = E(b_i^2) = 1/(3n) unless i = j."""
    return Fraction(1, 3 * n)


def printed_p2_diagonal(sigma_diag, n):
    """Line 61: Var(y_i) = sum_k E(a_ik^2) E(x_k^2) + E(b_j^2) = (sum_k Sigma_kk + 1)/(3n)."""
    return (sum(sigma_diag) + 1) / (3 * n)


def printed_p2_layer1(n0):
    """Line 63: Cov(y_1) = (n_0 + 1)/(3 n_0) I_{n_1} (one layer, Sigma = I)."""
    return Fraction(n0 + 1, 3 * n0)


def printed_p2_product(widths):
    """Line 63: 'Induction gives ... Cov(y_L) = prod_{0 <= l < L} (n_l + 1)/(3 n_l)'."""
    return math.prod(Fraction(n + 1, 3 * n) for n in widths[:-1])


# --- Problem 3 (lines 67-97): residual layers y_l = sigma(A_l y_{l-1} + b_l) + y_{l-1} (l < L),
# y_L = A_L y_{L-1} + b_L

def printed_p3_layer_jacobian(A, slope):
    """Line 73: dy_l/dy_{l-1} = diag(sigma'(A_l y_{l-1} + b_l)) A_l + I_m, for l < L."""
    return np.diag(slope) @ A + np.eye(A.shape[0])


def printed_p3_last_jacobian(A_L):
    """Line 75: 'When i = L, since y_L = A_L y_{L-1} + b_L is linear after ignoring b_L, derivative is just
    A_L' (i is the seed's misprint for l)."""
    return A_L


def printed_p3_db(A_L, middle, slope_l, reading):
    """Lines 79-83: dy_L/db_l = A_L (prod_{l<i<L} (diag(sigma'_i) A_i + I_m)) diag(sigma'_l).

    ``middle`` lists the factors J_i = diag(sigma'_i) A_i + I_m for i = l+1, ..., L-1. The product
    is printed without an order; ``reading`` chooses one: "decreasing" (J_{L-1} leftmost, ...,
    J_{l+1} rightmost) or "increasing" (J_{l+1} leftmost).
    """
    factors = middle[::-1] if reading == "decreasing" else middle
    product = np.eye(A_L.shape[1])
    for J in factors:
        product = product @ J
    return A_L @ product @ np.diag(slope_l)


def printed_p3_dA(slope_l, dyL_dyl, y_prev):
    """Line 87: dy_L/dA_l = diag sigma'(A_l y_{l-1} + b_l) (dy_L/dy_l)^T y_{l-1}^T.

    Arrays as the seed's matrices: slope_l (m,) is the diagonal, dy_L/dy_l the (1, m) row of a
    scalar y_L, y_{l-1} the (m, 1) column.
    """
    return np.diag(slope_l) @ np.asarray(dyL_dyl).T @ np.asarray(y_prev).T


# Line 97: 'Even if at least of them becomes zero, since I_m is added ... its diagonal need not be
# vanished, i.e. diag(sigma'(A_j y_{j-1} + b_j)) A_j + I_m != 0': the identity keeps the gradient.
PRINTED_P3_IDENTITY_PREVENTS_VANISHING = True


def printed_p3_dead_factor(A, slope):
    """Line 97: with A_j = 0 or sigma'(...) = 0 the factor diag(sigma') A_j + I_m is I_m, not 0."""
    return np.diag(slope) @ A + np.eye(A.shape[0])


# --- Problem 4 (lines 103-114): ResNeXt counts on 256 channels ------------------------------------

def printed_p4_rule(n, m, a, b):
    """Line 105: a CNN with (input channel, output channel, width, height) = (n, m, a, b) has nmab
    parameters."""
    return n * m * a * b


# Lines 108 and 113: the layers (n, m, a, b) and the printed totals.
PRINTED_P4_DENSE_LAYERS = ((256, 128, 1, 1), (128, 128, 3, 3), (128, 256, 1, 1))
PRINTED_P4_DENSE = 212992
PRINTED_P4_SPLIT_PATH = ((256, 4, 1, 1), (4, 4, 3, 3), (4, 256, 1, 1))
PRINTED_P4_PATHS = 32
PRINTED_P4_SPLIT = 70144
