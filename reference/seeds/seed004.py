"""Seed 004 (``004_a09293bbcbafbd85.txt``, MFDNN HW 6: dropout, init variance, residual Jacobians,
ResNeXt, ridge regression), as printed. The seed is a handwriting transcription: much of it is
garbled; only what can be read is transcribed.

Line numbers refer to the seed file. Nothing here is corrected; slips are marked ``# slip:``.
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np

SEED = "004_a09293bbcbafbd85.txt"


# --- Problem 1 (line 3, 7): dropout and activations ------------------------------------------------

def printed_p1_dropout(x, p, kept):
    """Line 7: dropout(x) = 0 with probability p, x/(1-p) otherwise (``kept`` is the mask)."""
    return np.where(kept, np.asarray(x) / (1 - p), 0.0)


# Line 3: 'Equivalent only for (a) and (c) since these are non-negative homogeneous, preserve the 0
# value'; (a) ReLU, (b) sigmoid, (c) LeakyReLU.
PRINTED_P1_COMMUTES = {"relu": True, "sigmoid": False, "leaky_relu": True}
PRINTED_P1_SIGMOID_AT_ZERO = 0.5                          # line 7: 'Sigmoid(0) = 0.5'


def printed_p1_reason(f, c, y, equal):
    """Line 3: the property that decides it, non-negative homogeneity: f(c y) = c f(y) for c > 0
    (``equal(a, b)``: elementwise equality up to the rounding of the two evaluations)."""
    return bool(np.all(equal(f(c * y), c * f(y))))


# --- Problem 2 (lines 9-50): variance with PyTorch's default init ----------------------------------

def printed_p2_limit(n):
    """Lines 10-12: (A_l)_ij, (b_l)_i ~ U(-1/sqrt(n), 1/sqrt(n)), n the input features."""
    return 1 / np.sqrt(n)


def printed_p2_step(var_prev, n, sigma_a2, sigma_b2):
    """Line 48: Var[y_{k+1}] = sigma_A^2 n_k sigma_{y_k}^2 + sigma_b^2."""
    return sigma_a2 * n * var_prev + sigma_b2


def printed_p2_recursion_value(var_prev, n):
    """Lines 26-28: = (1/(3 n_l)) n_l (Var[y_l]) + 1/(3 n_l), the default init's variances 1/(3n)."""
    return Fraction(1, 3 * n) * n * var_prev + Fraction(1, 3 * n)


# Line 41: Var(y_L) = 1/(3n_{L-1}) + 1/3(1/(3n_{L-2}) + 1/3(... + 1/3(1/(3n_L) + 1/3(1/(3n_L) + 1/3))...)).
# The index printed for each layer j (outermost j = L-1); the two innermost terms (j = 1 and j = 0)
# carry n_L as printed.  # slip: n_1 and n_0
PRINTED_P2_INNER_INDICES = {1: "L", 0: "L"}


def printed_p2_unrolled(widths):
    """Line 41 with the printed indices, for widths (n_0, ..., n_L), exactly (Fractions)."""
    depth = len(widths) - 1

    def index(j):
        named = PRINTED_P2_INNER_INDICES.get(j, j)
        return depth if named == "L" else named

    total = Fraction(1)  # Var(y_0) = 1, the innermost '1/3' is Var(y_0)/3
    for j in range(depth):  # innermost first: j = 0, 1, ..., L-1
        total = Fraction(1, 3 * widths[index(j)]) + total / 3
    return total


# --- Problem 3 (lines 54-118): residual Jacobians ----------------------------------------------------

def printed_p3_last_jacobian(A_L):
    """Line 55: dy_L/dy_{L-1} = A_L."""
    return A_L


def printed_p3_layer_jacobian(A, slope):
    """Lines 56-60: d(y_l)_i/d(y_{l-1})_j of sigma(sum_k (A_l)_ik (y_{l-1})_k + (b_l)_i) + (y_{l-1})_i, l =
    2..L-1,
    that is diag(sigma'(A_l y_{l-1} + b_l)) A_l + I."""
    return np.diag(slope) @ A + np.eye(A.shape[0])


def printed_p3_db(jacobians_desc, dyl_dbl):
    """Line 103: dy_L/db_l = dy_L/dy_{L-1} dy_{L-1}/dy_{L-2} ... dy_{l+1}/dy_l dy_l/db_l (ordered as
    printed: ``jacobians_desc`` = [dy_L/dy_{L-1}, ..., dy_{l+1}/dy_l])."""
    out = np.eye(jacobians_desc[0].shape[0]) if jacobians_desc else None
    for J in jacobians_desc:
        out = J if out is None else out @ J
    return out @ dyl_dbl


def printed_p3_plain_factor(A, slope):
    """Line 114: 'in a non-residual network one of the [factors] would be 0 ... (would vanish)':
    the plain layer's Jacobian diag(sigma') A_j, which is 0 when A_j = 0 or sigma' = 0."""
    return np.diag(slope) @ A


# Lines 114-118: 'the residual connection introduces the identity ... so no vanishing occurs'.
PRINTED_P3_IDENTITY_PREVENTS_VANISHING = True


def printed_p3_dead_factor(A, slope):
    """Line 114: with A_j = 0 or sigma' = 0 'the jth term doesn't vanish and instead becomes the identity'."""
    return np.diag(slope) @ A + np.eye(A.shape[0])


# --- Problem 4 (lines 120-150): ResNeXt --------------------------------------------------------------

def printed_p4a(c_in, k, c_out):
    """Line 121: 'Convolutional layer num parameters: (C_in k^2 + 1) C_out'."""
    return (c_in * k**2 + 1) * c_out


# Lines 127-149, the code of 4(b), line by line as printed (blank lines dropped; the class header and
# the 'def __init__' line are not printed, and the indentation is lost).
PRINTED_P4B_CODE = """\
Super (STM Convlayer, self).__init_()
Self. conv1 = nn. Conv2d (256, 4, 1)
Self. conv2 = nn. Conv2d (4, 4, 3, pudding = 1)
Self. conv3 = nn. Conv2d (4, 256, 1)
def forward (self, x):
out = turch. zeroes (x. slope)
for path_ in range (32):
path_out = nn. functional. relu (self.conv1(x))
path_out = nn. functional. relu (self.conv2 (path_out))
path_out = nn. functional. relu (self.conv3 (path_out))
out += path_out
return out
"""
# The misprints, as (printed, meant); tests/test_ledger.py checks that these, the two unprinted
# structural lines and the indentation are the only differences between the two versions.
P4B_MISPRINTS = (("Super", "super"), ("STM Convlayer", "STMConvLayer"), ("__init_()", "__init__()"),
                 ("Self.", "self."), ("pudding", "padding"), ("turch", "torch"), ("zeroes", "zeros"),
                 ("slope", "shape"))
P4B_UNPRINTED = ("class STMConvLayer(nn.Module):", "def __init__(self):")
# Reading: 'out += path_out' is inside the loop (one sum over the 32 paths), 'return out' after it.
P4B_CODE = """\
class STMConvLayer(nn.Module):
    def __init__(self):
        super(STMConvLayer, self).__init__()
        self.conv1 = nn.Conv2d(256, 4, 1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.conv3 = nn.Conv2d(4, 256, 1)

    def forward(self, x):
        out = torch.zeros(x.shape)
        for path_ in range(32):
            path_out = nn.functional.relu(self.conv1(x))
            path_out = nn.functional.relu(self.conv2(path_out))
            path_out = nn.functional.relu(self.conv3(path_out))
            out += path_out
        return out
"""


def p4b_tokens(code: str, *, repair: bool) -> list[str]:
    """The code's tokens, whitespace ignored: the printed code with its misprints replaced (repair),
    or the repaired code without the unprinted structural lines."""
    lines = [line.strip() for line in code.splitlines() if line.strip()]
    if repair:
        lines = [_repair(line) for line in lines]
    else:
        lines = [line for line in lines if line not in P4B_UNPRINTED]
    return re.findall(r"\w+|[^\w\s]", " ".join(lines))


def _repair(line: str) -> str:
    for printed, meant in P4B_MISPRINTS:
        line = line.replace(printed, meant)
    return line


# --- Problem 5 (lines 152-168): ridge regression on ReLU features X~_i = ReLU(W X_i) -------------------

def printed_p5_gradient(F, Y, theta, lam):
    """Lines 155-160: grad_theta (1/2||X~ theta - Y||^2 + lambda/2 ||theta||^2)
    = X~^T (X~ theta - Y) + lambda theta."""
    return F.T @ (F @ theta - Y) + lam * theta


def printed_p5_theta(F, Y, lam, inverse_times):
    """Lines 162-167: (X~^T X~ + lambda I) theta* = X~^T Y, so theta* = (X~^T X~ + lambda I)^{-1} X~^T Y.

    ``inverse_times(A, b)`` evaluates A^{-1} b (the test chooses how: a Cholesky solve)."""
    return inverse_times(F.T @ F + lam * np.eye(F.shape[1]), F.T @ Y)
