"""Seed 001 (``001_6111c9097ffdde78.txt``, HW: tanh neuron, backprop, residual blocks, BN, conv), as printed.

Line numbers refer to the seed file. Nothing here is corrected; slips are
marked ``# slip:``.
"""

from __future__ import annotations

import numpy as np

SEED = "001_6111c9097ffdde78.txt"


# --- Q1 (lines 5-32): one tanh neuron, squared error ---------------------------------------------

def printed_q1_gradient(w, X, y):
    """Line 24: grad E_in(w) = (2/N) sum_n (tanh(w^T x_n) - y_n)(1 - tanh^2(w^T x_n)) x_n, x_n = [1; x_n]."""
    Xt = np.concatenate([np.ones((X.shape[0], 1), X.dtype), X], axis=1)
    t = np.tanh(Xt @ w)
    return 2 / len(y) * Xt.T @ ((t - y) * (1 - t**2))


# Lines 13-17: the three printed forms of d/dx tanh(x).
PRINTED_Q1_TANH_DERIVATIVE = (
    lambda x: ((np.exp(x) + np.exp(-x)) * (np.exp(x) + np.exp(-x))
               - (np.exp(x) - np.exp(-x)) * (np.exp(x) - np.exp(-x))) / (np.exp(x) + np.exp(-x)) ** 2,
    lambda x: 1 - ((np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))) ** 2,
    lambda x: 1 - np.tanh(x) ** 2,
)


def printed_q1_ray_limit(u, X, y):
    """Lines 28-32: 'If w -> infinity, tanh^2(w^T x_n) -> 1 ... grad E_in(w) becomes 0'."""
    return np.zeros(X.shape[1] + 1)


# --- Q2 (lines 36-82): one forward and backward pass, Learning From Data's convention ---------------
X, Y = 2.0, 1.0                                   # line 50: 'x = 2, y = 1'
PRINTED_Q2_X0 = (1.0, 2.0)                        # line 52: x(0) = [1; 2]
PRINTED_Q2_THETA_PRIME_OUT = 1.0                  # line 58: identity output, theta'(s(3)) = 1
# Lines 44-48: the weight matrices as printed.
PRINTED_Q2_MATRICES = (((0.1, 0.2), (0.7, 0.4)),
                       ((0.2, 1.0), (1.0, -2.0)),  # slip: W(2) printed 2x2
                       ((1.0,), (2.0,)))
# The weights as the printed products use them: W(1) in s(1) = W(1)^T x(0) (lines 40, 44, 52),
# W(2) as the row [0.2, 1, -2] of line 54, W(3) = [1, 2]^T (lines 48, 56); LFD layout (d+1, d_out).
PRINTED_Q2_WEIGHTS = (((0.1, 0.2), (0.7, 0.4)), ((0.2,), (1.0,), (-2.0,)), ((1.0,), (2.0,)))
# The printed values, as strings (their digits are the seed's rounding); x(l) without its bias 1.
PRINTED_Q2 = {
    "s1": ("0.7", "1"), "x1": ("0.6", "0.76"), "s2": ("-1.48",), "x2": ("-0.9",), "s3": ("-0.8",),
    "x3": ("-0.8",), "delta3": ("-3.6",), "delta2": ("-1.768",), "delta1": ("-0.876", "1.774"),
    "delta1-again": ("-0.876", "1.724"),                         # line 78: (g(1))^T, printed again
    "dW1": (("0.876", "1.724"), ("-1.752", "7.468")), "dW2": (("-1.768",), ("-0.821",), ("-1.040",)),
    "delta3-in-dW3": ("-7.6",),                                  # line 82: (g(3))^T
    "dW3": (("-7.6",), ("7.24",)),
}


def printed_q2_delta_out(x_out, y, theta_prime_out):
    """Line 64: delta(L) = 2 (x(L) - y) theta'(s(L))."""
    return 2 * (x_out - y) * theta_prime_out


def printed_q2_delta(theta_prime, W_next, delta_next):
    """Line 64: delta(l) = theta'(s(l)) (x) [W(l+1) delta(l+1)], W(l+1) without its 0th (bias) row (line
    72)."""
    return theta_prime * (W_next[1:] @ delta_next)


def printed_q2_dEdW(x_prev, delta):
    """Line 76: de/dW(l) = x(l-1) (delta(l))^T, as column times row."""
    return np.asarray(x_prev)[:, None] @ np.asarray(delta)[None, :]


# --- Q3 (lines 86-151): standard and bottleneck residual blocks, 16x16 maps ------------------------
PRINTED_Q3_TOTALS = {("standard", True): 18496, ("standard", False): 18432,
                     ("bottleneck", True): 17600, ("bottleneck", False): 17408}
# Lines 128-130, the table: row 'bias 0' (with bias, O) and 'bias X' (without).
PRINTED_Q3_TABLE = {("O", "standard"): 18496, ("O", "bottleneck"): 17600,
                    ("X", "standard"): 18432, ("X", "bottleneck"): 17408}
PRINTED_Q3_BN = {"standard": 32 * 2 + 32 * 2, "bottleneck": 32 * 2 + 32 * 2 + 128 * 2}   # lines 136, 138
# Each printed layer line: (the expression as printed, evaluated; the value printed after '=').
PRINTED_Q3_LAYERS = {
    ("standard", True, 1): ((128 * 16 * 16 + 1) * 32, 9248),
    ("standard", True, 2): ((128 * 16 * 16 + 1) * 32, 9248),
    ("standard", False, 1): ((128 * 16 * 16) * 32, 9216),
    ("standard", False, 2): ((128 * 16 * 16) * 32, 9216),
    ("bottleneck", True, 1): ((128 * 1 * 1 + 1) * 32, 4128),
    ("bottleneck", True, 2): ((128 * 16 * 16 + 1) * 32, 9248),
    ("bottleneck", True, 3): ((128 * 1 * 1 + 1) * 128, 4224),
    ("bottleneck", False, 1): ((128 * 1 * 1) * 72, 4096),                     # slip: 72 for 32
    ("bottleneck", False, 2): ((72 * 7 * 7) * 72, 9216),                      # slip: 72, 7x7 for 32, 3x3
    ("bottleneck", False, 3): ((72 * 1 * 1) * 128, 4096),
}


def printed_q3_one_by_one(x, w):
    """Line 148: the bottleneck 'uses identity convolution': its 1x1 convolution passes x through."""
    return x


def printed_q3_cost_rule(a, b):
    """Line 142: 'As we use less parameters, its computational cost is lower': block a (a dict with its
    'params' and the 'positions' its layers run at) costs less than block b when it has fewer parameters."""
    return a["params"] < b["params"]


# --- Q4 (lines 155-157): batch-norm statistics' shapes --------------------------------------------

def printed_q4_shape(layer, n, c, h=None, w=None):
    """(a) fully connected (N, C): '1 x C'; (b) convolutional (N, H, W, C): '1 x 1 x C'."""
    return (1, c) if layer == "fc" else (1, 1, c)


# --- Q5 (lines 159-288): a 2-channel, length-4, kernel-3 convolution -------------------------------
# x_ip: input channel i at position p; y_jp: output channel j; w_k^ij: tap k from input i to output j.
Q5_X = ("x11", "x12", "x13", "x14", "x21", "x22", "x23", "x24")
Q5_Y = ("y11", "y12", "y21", "y22")

# Q5a (line 175): Y~ = A X~.
PRINTED_Q5_A = (
    ("w1^11", "w2^11", "w3^11", "0", "w1^21", "w2^21", "w3^21", "0"),
    ("0", "w1^11", "w2^11", "w3^11", "0", "w1^21", "w2^21", "w3^21"),
    ("w1^12", "w2^12", "w3^12", "0", "w1^22", "w2^22", "w3^22", "0"),
    ("0", "w1^12", "w2^12", "w3^12", "0", "w1^22", "w2^22", "w3^22"),
)
PRINTED_Q5_A_SHAPE = (4, 8)                                  # line 173: A in R^{4x8}

# Q5b (lines 179-203): dL/dX~ = B dL/dY~ with B = dY~/dX~ in R^{8x4}.
PRINTED_Q5_B_SHAPE = (8, 4)


def printed_q5_b_of_a(A):
    """Line 247: 'Relationship between A and B: A = B^T', i.e. B = A^T."""
    return np.asarray(A).T


# First printing of B (line 179; the seed's w_k'' is w_k^11).
PRINTED_Q5_B_FIRST = (
    ("w1^11", "0", "w1^12", "0"),
    ("w2^11", "w1^11", "w2^12", "w1^12"),
    ("w3^11", "w2^11", "w3^12", "w3^12"),                    # slip: last entry w2^12
    ("0", "w3^11", "0", "w3^12"),
    ("w1^21", "0", "w1^22", "0"),
    ("w2^21", "w1^21", "w2^22", "w1^22"),
    ("w3^21", "w2^21", "w3^22", "w3^22"),                    # slip: last entry w2^22
    ("0", "w3^21", "0", "w3^22"),
)
# Second printing (line 241), 'B in R^{8x4}': seven rows; the x14 row stands below it (line 243).
PRINTED_Q5_B_SECOND = (
    ("w1^11", "0", "w1^12", "0"),
    ("w2^11", "w1^11", "w2^12", "w1^12"),
    ("w3^11", "w2^11", "w3^12", "w2^12"),
    ("w1^21", "0", "w1^22", "0"),
    ("w2^21", "w1^21", "w2^22", "w1^22"),
    ("w3^21", "w2^21", "w3^22", "w2^22"),
    ("0", "w3^21", "0", "w3^22"),
)
PRINTED_Q5_B_SECOND_STRAY_ROW = ("0", "w3^11", "0", "w3^12")
# Eqs (1)-(8) (lines 205-229): the terms dy/dx dL/dy each equation keeps (the others are struck out).
PRINTED_Q5_KEPT_TERMS = {
    "x11": {"y11"}, "x12": {"y11", "y12"}, "x13": {"y11", "y12"}, "x14": {"y12"},
    "x21": {"y11"}, "x22": {"y11", "y12", "y21", "y22"},
    "x23": {"y11", "y12", "y21", "y22"}, "x24": {"y22"},
}
# 'By simplifying eq (n), we get ...' (lines 213-237) as (coefficient, output) pairs.
PRINTED_Q5_SIMPLIFIED = {
    "x11": (("w1^11", "y11"), ("w1^12", "y21")),
    "x12": (("w2^11", "y11"), ("w1^11", "y12"), ("w2^12", "y21"), ("w1^12", "y22")),
    "x13": (("w3^11", "y11"), ("w2^11", "y12"), ("w3^12", "y21"), ("w2^12", "y22")),
    "x14": (("w4^11", "y12"), ("w3^12", "y22")),             # slip: printed w_4'', there is no tap 4
    "x21": (("w1^21", "y11"), ("w1^22", "y21")),
    "x22": (("w2^21", "y11"), ("w1^21", "y12"), ("w2^22", "y21"), ("w1^22", "y22")),
    "x23": (("w3^21", "y11"), ("w2^21", "y12"), ("w3^22", "y21"), ("w2^22", "y22")),
    "x24": (("w3^21", "y12"), ("w3^22", "y22")),
}


# Q5c (lines 251-288).
def printed_q5_output_size(conv_in, kernel, stride):
    """Line 251, (A): Conv_out = (conv_in - K)/S + 1, conv_in the padded input size (no floor)."""
    return (conv_in - kernel) / stride + 1


# Lines 265-270: 'We don't have kernels for convolution if there is no padding': 4 = (2-K)/S + 1,
# i.e. 3S = 2 - K, has no solution; the size dL/dy has (2) and the size dL/dx needs (4).
PRINTED_Q5_NOCONV = dict(size_in=2, size_out=4, solvable=False)
PRINTED_Q5_PADDING = 2            # line 274: (2+2+2), 'padding left & right'
PRINTED_Q5_KERNEL_SIZE = 3        # line 274: K = 3
PRINTED_Q5_STRIDE = 1             # line 274: S = 1
# Line 286: kernel W^{ij} = [w3^{ji}, w2^{ji}, w1^{ji}], i, j = 1, 2 (i the output channel of the
# gradient convolution, j its input channel).
PRINTED_Q5_KERNEL = ("w3^ji", "w2^ji", "w1^ji")
# Line 288: 'equation (3) on q5 in HW2 is W^{ij} = [w1^{ji}, w2^{ji}, w3^{ji}]'.
PRINTED_Q5_HW2_KERNEL = ("w1^ji", "w2^ji", "w3^ji")


def symbol(name: str, w: np.ndarray) -> float:
    """The value of a printed symbol w_k^ij for a kernel w of shape (2, 2, 3) in the contract's layout
    (w_k^ij = w[j-1, i-1, k-1]); '0' and a tap that does not exist (k > 3) are 0."""
    if name == "0":
        return 0.0
    tap, channels = name[1:].split("^")
    k, i, j = int(tap), int(channels[0]), int(channels[1])
    return float(w[j - 1, i - 1, k - 1]) if 1 <= k <= 3 else 0.0


def evaluate(printed, w) -> np.ndarray:
    """A printed matrix of symbols, evaluated for the kernel w (rows may differ in length: object array)."""
    rows = [[symbol(s, w) for s in row] for row in printed]
    return np.array(rows) if len({len(r) for r in rows}) <= 1 else np.array(rows, dtype=object)


def kernel_from_symbols(taps, w: np.ndarray) -> np.ndarray:
    """A printed gradient kernel W^{ij} = [w_a^{ji}, ...] as an array in the contract's layout.

    The gradient convolution maps dL/dy (channels i, the forward outputs) to dL/dx (channels j,
    the forward inputs), so its kernel has shape (out = forward inputs, in = forward outputs, taps):
    entry [o, c] is W^{c o}, whose taps the seed writes as w_a^{ji} = w_a^{o c} (forward input o to
    forward output c); a tap written w_a^{ij} would be w_a^{c o} instead.
    """
    out = np.zeros((w.shape[1], w.shape[0], len(taps)))
    for o in range(w.shape[1]):
        for c in range(w.shape[0]):
            for t, name in enumerate(taps):
                k, order = name[1:].split("^")
                a, b = (o, c) if order == "ji" else (c, o)
                out[o, c, t] = symbol(f"w{k}^{a + 1}{b + 1}", w)
    return out
