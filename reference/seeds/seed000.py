"""Seed 000 (``000_ce45e79d8695e815.txt``, UDL ch. 11: residual networks, batch norm, counts), as printed.

Line numbers refer to the seed file. Nothing here is corrected; slips are
marked ``# slip:``. The deciding tests are in properties/residual/,
properties/batch_norm/ and properties/parameter_counts/.
"""

from __future__ import annotations

import math

import numpy as np

SEED = "000_ce45e79d8695e815.txt"


def _moments(xs, ys):
    """Population moments (Fractions stay exact) of the equally weighted points (x_k, y_k)."""
    from fractions import Fraction

    n = len(xs)

    def mean(v):
        return Fraction(sum(v), n)

    def var(v):
        return mean([t * t for t in v]) - mean(v) ** 2

    cov = mean([a * b for a, b in zip(xs, ys)]) - mean(xs) * mean(ys)
    return var(xs), var(ys), cov


# --- 11.1 (lines 5-14): the unrolled network of four residual blocks -----------------------------
# h_k = h_{k-1} + f_k(h_{k-1}) with h_0 = x; the four printed right-hand sides of y.

def printed_11_1_lines(fs, x):
    f1, f2, f3, f4 = fs
    h1 = x + f1(x)
    h2 = h1 + f2(h1)
    h3 = h2 + f3(h2)
    return [
        h3 + f4(h3),                                                          # line 6
        h2 + f3(h2) + f4(h2 + f3(h2)),                                        # line 7
        h1 + f2(h1) + f3(h1 + f2(h1)) + f4(h1 + f2(h1) + f3(h1 + f2(h1))),    # lines 8-9
        (x + f1(x) + f2(x + f1(x)) + f3(x + f1(x) + f2(x + f1(x)))            # lines 10-13
         + f4(x + f1(x) + f2(x + f1(x)) + f3(x + f1(x) + f2(x + f1(x))))),
    ]


# --- 11.2 (lines 18-20): paths of length l through k residual blocks ------------------------------
# Printed as binomial coefficients C(n, k), one per length 0, 1, 2, ...
PRINTED_11_2 = {
    3: ((3, 0), (3, 1), (3, 2), (3, 3)),                                      # (i)
    5: ((5, 0), (5, 1), (5, 2), (5, 3), (5, 4), (5, 5)),                      # (ii)
}


def printed_11_2_rule(k: int, length: int) -> int:
    """(iii): '# of path with length l of k residual block is C(k, l)'."""
    return math.comb(k, length)


# --- 11.3 (lines 24-27): dy/df_1 as words of the symbols df_j/df_1 ---------------------------------
# A word (4, 3, 2) is df4/df1 df3/df1 df2/df1 (left to right as printed); () is the 1.
# Line 1: 1 + f2 + f3 (1 + f2) + f4 (1 + f3 + f3 (1 + f2)).
PRINTED_11_3_LINE_1 = ((), (2,), (3,), (3, 2), (4,), (4, 3), (4, 3), (4, 3, 2))  # slip: f3 twice, no f2
# Line 2: 1 + f2 + (f3 + f3 f2) + (f4 + f4 f2 + f4 f3 + f4 f3 f2).
PRINTED_11_3_LINE_2 = ((), (2,), (3,), (3, 2), (4,), (4, 2), (4, 3), (4, 3, 2))


# --- 11.4 (lines 31-59): paths of a residual block and their correlation --------------------------
# The seed's branch: p1 = f1[phi x + beta], f = ReLU, phi ~ N(0, sigma^2), beta ~ N(0, sigma_beta^2);
# the skip path p2 = x.

def printed_11_4_e_p1(x, sigma, sigma_beta):
    """Line 44: 'Similarly we get E[p1] = 0'."""
    return 0.0


def printed_11_4_e_p1p2(x, sigma, sigma_beta):
    """Lines 38-39: E[p1 p2] = x E[f1(phi x + beta)] = x f1[E(phi) x + E(beta)] = 0."""
    return x * max(0.0 * x + 0.0, 0.0)  # x relu(E[phi] x + E[beta]), E[phi] = E[beta] = 0


def printed_11_4_cov(law):
    """Line 46: Cov[p1, p2] = E[p1 p2] - E[p1] E[p2] = 0, whatever the law of the input."""
    return 0.0


def printed_11_4_block_variance(var_skip, var_branch):
    """Lines 46, 59: p1, p2 uncorrelated, so the block's output variance is Var[p2] + Var[p1]."""
    return var_skip + var_branch


def printed_11_4_other_paths_cov(x, sigma):
    """Line 48: '(we can use similar idea to prove other path by induction)': every other pair of
    paths is uncorrelated too, e.g. p1 = f1(x) and f2's path f2(x + f1(x)), for the seed's branch
    f_j(h) = relu(phi_j h + beta_j) (here with sigma_beta = 0)."""
    return 0.0


def printed_11_4_variance_line(xs, ys):
    """Lines 53-56: the last line 'Var[x] + Var[y] + Cov[x, y]', evaluated on the points (x_k, y_k);
    the seed writes it for Var[xy] (line 53) after expanding E[(x - E x + (y - E y))^2] (line 54)."""
    vx, vy, cov = _moments(xs, ys)
    return vx + vy + cov


def printed_11_4_uncorrelated_sum(var_x, var_y):
    """Line 59: 'if x, y are uncorrelated, Cov[x, y] = 0': the variances add."""
    return var_x + var_y


# --- 11.5 (lines 63-73): the batch-norm derivative, piece by piece ---------------------------------
# f1 = mean z, f2_i = z_i - f1, f4 = (1/I) sum f2_j^2, f5 = sqrt(f4 + eps), f6 = 1/f5, f7_i = f2_i f6.

def printed_11_5_dzprime(gamma, df7):
    return gamma * df7                                       # line 64


def printed_11_5_df7(df2, f6, f2, df6):
    return df2 * f6 + f2 * df6                               # line 65


def printed_11_5_df2_first(size):
    return 1.0                                               # line 66  # slip: it is 1 - 1/I


def printed_11_5_df6(df5, f5):
    return -df5 / f5**2                                      # line 67


def printed_11_5_df5(df4, f4, eps):
    return df4 / (2 * np.sqrt(f4 + eps))                     # line 68


def printed_11_5_df4(f2, df2, size):
    return 2 / size * f2 * df2                               # line 69: (2/I) f2_i df2_i/dz_i


def printed_11_5_df2_later(df1):
    return 1 - df1                                           # line 70


def printed_11_5_df1(size):
    return 1 / size                                          # line 71


def printed_11_5_diagonal(x, gamma, eps):
    """Line 72: dz'_i/dz_i = gamma {1/sqrt(s2+eps) - (z_i-mu)^2/(s2+eps)^(3/2) I(I-1)/I^2}, per channel.

    ``x`` is (N, C, *spatial); the result is (C, I), I = N prod(spatial), like reference.batch_norm.
    """
    z = np.moveaxis(np.asarray(x, np.float64), 1, 0).reshape(np.shape(x)[1], -1)
    mu = z.mean(axis=1, keepdims=True)
    s2 = ((z - mu) ** 2).mean(axis=1, keepdims=True)
    i = z.shape[1]
    v = s2 + eps
    g = np.asarray(gamma, np.float64)[:, None]
    return g * (1 / np.sqrt(v) - (z - mu) ** 2 / v**1.5 * i * (i - 1) / i**2)


# --- 11.6 (lines 77-80): one input, twenty units per hidden layer, one output ---------------------
PRINTED_11_6_TERMS = (20 * (1 + 1), 20 * (20 + 1) * 9, (20 + 1))   # line 77
PRINTED_11_6_TOTAL = 3841                                          # line 77
PRINTED_11_6_DIAGRAM = ("input", "hidden", "hidden", "hidden", "output")  # line 78: three hidden drawn
PRINTED_11_6_WIDTH = 20
PRINTED_11_6_BN_EXPRESSION = (1 + 1) * 9                           # line 79
PRINTED_11_6_BN = 18                                               # line 79
PRINTED_11_6_BN_TOTAL = 3859                                       # line 80


def printed_11_6_bn_rule(hidden_layers, width):
    """Line 79, (1+1)*9: one (gamma, beta) pair for each of the hidden_layers - 1 hidden-to-hidden
    matrices (the 9 of line 77), whatever the width."""
    return (1 + 1) * (hidden_layers - 1)


# --- 11.7 (line 84): L2 regularisation with batch norm -------------------------------------------

def printed_11_7_penalty(W):
    """'adding penalty (lambda ||W^T W||)': the norm of W^T W (Frobenius, read as ||.|| of a matrix)."""
    W = np.asarray(W, np.float64)
    return float(np.linalg.norm(W.T @ W))


def printed_11_7_activation_input(bn, x, scale, shift):
    """'with BN, the input of activation function is always r z~ + beta': BN's output for a scaled and
    shifted input x -> scale x + shift is BN(x), whatever the scale of W."""
    return bn(x)


def printed_11_7_mass_outside(bound):
    """'z~ ~ N(0, e^2)' (e read as 1): the probability that |z~| > bound under that Gaussian."""
    return math.erfc(bound / math.sqrt(2))


# 'this will cause W to be extremely small therefore causing numerical problem': under gradient
# descent with the L2 penalty, ||W|| shrinks until batch norm's eps matters.
PRINTED_11_7_W_REACHES_EPS_SCALE = True


# --- 11.8 (lines 88-110): pre-activation blocks on 512 channels, with biases -----------------------
PRINTED_11_8_1 = dict(bn=2 * 512, bn_value=1024, relu=0, conv=(3 * 3 * 512 + 1) * 512, total=2360832)
PRINTED_11_8_2 = (
    dict(bn=2 * 512, bn_value=1024, conv=(1 * 1 * 512 + 1) * 128, total=66688),    # Block 1
    dict(bn=2 * 128, bn_value=256, conv=(3 * 3 * 128 + 1) * 128, total=147840),    # Block 2
    dict(bn=2 * 128, bn_value=256, conv=(1 * 1 * 128 + 1) * 512, total=66304),     # Block 3
)
PRINTED_11_8_2_TOTAL = 280832
PRINTED_11_8_BOTTLENECK_IS_SMALLER = True  # line 110: '(much less than question(1))'


# --- 11.9 (line 114): image size ------------------------------------------------------------------
# 'Picture with very large size will need too much parameter': the parameter count grows with H x W.
PRINTED_11_9_PARAMETERS_GROW_WITH_IMAGE_SIZE = True
