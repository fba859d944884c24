"""Seed 001, problem 5, as printed: the 2-channel, length-4, kernel-3 example.

Symbols follow the seed: x_ip is input channel i at position p; y_jp is output
channel j at position p; w_k^ij is tap k of the kernel from input channel i to
output channel j, so in the contract's layout w_k^ij = w[j-1, i-1, k-1].
The matrices are transcribed exactly as printed, slips included; the tests in
properties/convolution/test_seed001_example.py decide which entries are right.
"""

from __future__ import annotations

import numpy as np

X = ["x11", "x12", "x13", "x14", "x21", "x22", "x23", "x24"]
Y = ["y11", "y12", "y21", "y22"]

# Q5a: Y~ = A X~, A in R^{4x8}.
PRINTED_A = [
    ["w1^11", "w2^11", "w3^11", "0", "w1^21", "w2^21", "w3^21", "0"],
    ["0", "w1^11", "w2^11", "w3^11", "0", "w1^21", "w2^21", "w3^21"],
    ["w1^12", "w2^12", "w3^12", "0", "w1^22", "w2^22", "w3^22", "0"],
    ["0", "w1^12", "w2^12", "w3^12", "0", "w1^22", "w2^22", "w3^22"],
]

# Q5b, first printing of B (8x4); the seed's w_k'' is w_k^11.
PRINTED_B_FIRST = [
    ["w1^11", "0", "w1^12", "0"],
    ["w2^11", "w1^11", "w2^12", "w1^12"],
    ["w3^11", "w2^11", "w3^12", "w3^12"],
    ["0", "w3^11", "0", "w3^12"],
    ["w1^21", "0", "w1^22", "0"],
    ["w2^21", "w1^21", "w2^22", "w1^22"],
    ["w3^21", "w2^21", "w3^22", "w3^22"],
    ["0", "w3^21", "0", "w3^22"],
]

# Q5b, second printing, "B in R^{8x4}": seven rows, with the x14 row printed below the matrix.
PRINTED_B_SECOND = [
    ["w1^11", "0", "w1^12", "0"],
    ["w2^11", "w1^11", "w2^12", "w1^12"],
    ["w3^11", "w2^11", "w3^12", "w2^12"],
    ["w1^21", "0", "w1^22", "0"],
    ["w2^21", "w1^21", "w2^22", "w1^22"],
    ["w3^21", "w2^21", "w3^22", "w2^22"],
    ["0", "w3^21", "0", "w3^22"],
]
PRINTED_B_SECOND_STRAY_ROW = ["0", "w3^11", "0", "w3^12"]

# Q5b equations (1)-(8): which terms dy_jp/dx_iq dL/dy_jp the seed keeps (the others it strikes out).
KEPT_TERMS = {
    "x11": {"y11"}, "x12": {"y11", "y12"}, "x13": {"y11", "y12"}, "x14": {"y12"},
    "x21": {"y11"}, "x22": {"y11", "y12", "y21", "y22"},
    "x23": {"y11", "y12", "y21", "y22"}, "x24": {"y22"},
}

# Q5b: "By simplifying eq (n), we get ..." as (coefficient symbol, output) pairs.
SIMPLIFIED = {
    "x11": [("w1^11", "y11"), ("w1^12", "y21")],
    "x12": [("w2^11", "y11"), ("w1^11", "y12"), ("w2^12", "y21"), ("w1^12", "y22")],
    "x13": [("w3^11", "y11"), ("w2^11", "y12"), ("w3^12", "y21"), ("w2^12", "y22")],
    "x14": [("w4^11", "y12"), ("w3^12", "y22")],  # printed "w_4''": there is no tap 4
    "x21": [("w1^21", "y11"), ("w1^22", "y21")],
    "x22": [("w2^21", "y11"), ("w1^21", "y12"), ("w2^22", "y21"), ("w1^22", "y22")],
    "x23": [("w3^21", "y11"), ("w2^21", "y12"), ("w3^22", "y21"), ("w2^22", "y22")],
    "x24": [("w3^21", "y12"), ("w3^22", "y22")],
}

# Q5c: the kernel of the input gradient, W^{ij} = [w3^{ji}, w2^{ji}, w1^{ji}] (flipped, swapped),
# applied with stride 1 to dL/dY padded by 2 zeros on each side; and "equation (3) of HW2",
# the same without the flip.
Q5C_PADDING = 2


def symbol(name: str, w: np.ndarray) -> float:
    """The value of a printed symbol for a kernel w of shape (2, 2, 3); a tap that does not exist is 0."""
    if name == "0":
        return 0.0
    tap, channels = name[1:].split("^")
    k, i, j = int(tap), int(channels[0]), int(channels[1])
    return float(w[j - 1, i - 1, k - 1]) if 1 <= k <= 3 else 0.0


def evaluate(printed, w) -> np.ndarray:
    return np.array([[symbol(s, w) for s in row] for row in printed])


def gradient_kernel(w: np.ndarray, flip: bool = True) -> np.ndarray:
    """Q5c's W^{ij} = [w3^{ji}, w2^{ji}, w1^{ji}] in the contract's layout (out=i, in=j)."""
    swapped = np.transpose(w, (1, 0, 2))
    return swapped[..., ::-1] if flip else swapped
