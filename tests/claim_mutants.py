# ruff: noqa: E501  (a table: one row per mutant, kept on its lines)
"""Claim mutants: for every ledger claim, transcriptions that make the printed claim true or false.

One row per mutant: the claim id, the transcription it replaces (``seedNNN.NAME`` in
reference/seeds/), a function from the transcription as printed to its replacement, and the
side: ``"made true"`` (the printed claim corrected, so a refutation must now fail),
``"falsified"`` (the printed claim broken, so a test that it holds must now fail), or ``"both"``
(a conditional claim's printed conclusion flipped: true where it failed, false where it held,
so the tests on both sides must fail). ``kills``
names the deciding tests that must fail (default: any of the claim's tests). Every claim that
holds has a falsified row, every refuted claim a made-true row, every conditional claim both
(tests/test_claim_mutants.py checks the table against the ledger and runs every row).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np


@dataclass(frozen=True)
class Mutant:
    claim: str
    target: str          # "seed001.PRINTED_Q5_A": an attribute of dnn_invariants.reference.seeds.seed001
    mutate: object       # the printed value -> the mutated value
    side: str            # "made true" | "falsified" | "both" (a conditional claim's conclusion flipped)
    note: str
    kills: tuple = ()    # function names of the deciding tests that must fail; () = any one of them
    variant: str = ""    # tells two rows of one claim, side and transcription apart

    @property
    def id(self) -> str:
        base = f"{self.claim.replace(':', '_')}-{self.side.replace(' ', '_')}-{self.target.split('.')[-1]}"
        return base + (f"-{self.variant}" if self.variant else "")


def _row(old, r, value):
    return old[:r] + (value,) + old[r + 1:]


# --- helpers for the made-true values ------------------------------------------------------------

def _true_kept_terms(old):
    return {"x11": {"y11", "y21"}, "x12": {"y11", "y12", "y21", "y22"}, "x13": {"y11", "y12", "y21", "y22"},
            "x14": {"y12", "y22"}, "x21": {"y11", "y21"}, "x22": {"y11", "y12", "y21", "y22"},
            "x23": {"y11", "y12", "y21", "y22"}, "x24": {"y12", "y22"}}


def _relu_mean(x, sigma, sigma_b):
    from dnn_invariants.reference import residual as ref

    return ref.expected_relu_of_gaussian(0.0, math.hypot(sigma * x, sigma_b))


def _two_point_cov(law):
    if law[0] == "normal":
        return 0.0
    _, u, v, sigma, sigma_b = law
    return (u - v) * (_relu_mean(u, sigma, sigma_b) - _relu_mean(v, sigma, sigma_b)) / 4


def _moments(xs, ys):
    n = len(xs)
    mean = lambda v: Fraction(sum(v), n)  # noqa: E731
    var = lambda v: mean([t * t for t in v]) - mean(v) ** 2  # noqa: E731
    cov = mean([a * b for a, b in zip(xs, ys)]) - mean(xs) * mean(ys)
    return var(xs), var(ys), cov, var([a * b for a, b in zip(xs, ys)])


def _true_bn_diagonal(x, gamma, eps):
    from dnn_invariants.reference import batch_norm as ref

    return ref.diagonal(x, gamma, eps)


def _rounded_exact_q2(old):
    """The worked example's exact values (deduced weights) printed with the seed's own digits."""
    from dnn_invariants.properties.backprop.test_seed001_q2_example import DEDUCED, LD, _weights
    from dnn_invariants.reference.backprop import worked_example_values

    exact = worked_example_values(_weights(DEDUCED, LD), 2.0, 1.0)

    def redo(printed, value):
        if isinstance(printed, tuple):
            return tuple(redo(p, v) for p, v in zip(printed, value))
        places = -Decimal(printed).as_tuple().exponent
        return f"{float(value):.{max(places, 0)}f}"

    return {name: redo(p, np.asarray(exact[name], np.float64).reshape(np.shape(np.array(p, dtype=object))))
            for name, p in old.items()}


def _recursion(widths):
    v = Fraction(1)
    for n in widths[:-1]:
        v = v / 3 + Fraction(1, 3 * n)
    return v


_SEPARATE_PATHS = '''\
class STMConvLayer(nn.Module):
    def __init__(self):
        super(STMConvLayer, self).__init__()
        self.conv1 = nn.ModuleList([nn.Conv2d(256, 4, 1) for _ in range(32)])
        self.conv2 = nn.ModuleList([nn.Conv2d(4, 4, 3, padding=1) for _ in range(32)])
        self.conv3 = nn.ModuleList([nn.Conv2d(4, 256, 1) for _ in range(32)])

    def forward(self, x):
        out = torch.zeros(x.shape)
        for path_ in range(32):
            path_out = nn.functional.relu(self.conv1[path_](x))
            path_out = nn.functional.relu(self.conv2[path_](path_out))
            path_out = self.conv3[path_](path_out)
            out += path_out
        return nn.functional.relu(out)
'''

_RELU_AFTER_THE_SUM = '''\
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
            path_out = self.conv3(path_out)
            out += path_out
        return nn.functional.relu(out)
'''


def _least_squares(F, Y, lam, inverse_times):
    """A ridge minimiser for every F and lambda >= 0: least squares on [F; sqrt(lambda) I] (backward
    stable)."""
    p = F.shape[1]
    A = np.concatenate([F, np.sqrt(lam) * np.eye(p)])
    return np.linalg.lstsq(A, np.concatenate([Y, np.zeros(p)]), rcond=None)[0]


T, F, B = "made true", "falsified", "both"  # both: the printed conclusion flipped, true where it was false

MUTANTS = (
    # --- seed 001, problem 5 -------------------------------------------------------------------
    Mutant("001:Q5a", "seed001.PRINTED_Q5_A", lambda A: _row(A, 0, ("w2^11", "w1^11") + A[0][2:]), F,
           "A's first row with taps 1 and 2 swapped"),
    Mutant("001:Q5b", "seed001.PRINTED_Q5_B_SHAPE", lambda s: (4, 8), F, "B in R^{4x8}"),
    Mutant("001:Q5b-AB", "seed001.printed_q5_b_of_a", lambda f: lambda A: np.asarray(A), F, "B = A"),
    Mutant("001:Q5b-B1", "seed001.PRINTED_Q5_B_FIRST",
           lambda B: _row(_row(B, 2, B[2][:3] + ("w2^12",)), 6, B[6][:3] + ("w2^22",)), T,
           "rows x13, x23 with w2 in column y22"),
    Mutant("001:Q5b-B2", "seed001.PRINTED_Q5_B_SECOND", lambda B: B[:3] + (("0", "w3^11", "0", "w3^12"),) + B[3:],
           T, "the stray x14 row put in as row 4"),
    Mutant("001:Q5b-struck", "seed001.PRINTED_Q5_KEPT_TERMS", _true_kept_terms, T,
           "every equation keeps exactly its non-zero terms"),
    Mutant("001:Q5b-simplified", "seed001.PRINTED_Q5_SIMPLIFIED",
           lambda s: {**s, "x14": (("w3^11", "y12"), ("w3^12", "y22"))}, T, "eq (4) with w3^11"),
    Mutant("001:Q5c", "seed001.PRINTED_Q5_PADDING", lambda p: 1, F, "padding 1 each side"),
    Mutant("001:Q5c-kernel", "seed001.PRINTED_Q5_KERNEL", lambda k: ("w1^ji", "w2^ji", "w3^ji"), F,
           "the kernel not flipped"),
    Mutant("001:Q5c-hw2", "seed001.PRINTED_Q5_HW2_KERNEL", lambda k: ("w3^ji", "w2^ji", "w1^ji"), T,
           "HW2's kernel flipped: right for cross-correlation",
           ("test_hw2_kernel_with_cross_correlation_is_not_the_gradient",)),
    Mutant("001:Q5c-hw2", "seed001.PRINTED_Q5_HW2_KERNEL", lambda k: ("w1^ij", "w2^ij", "w3^ij"), F,
           "HW2's kernel with channels not swapped",
           ("test_hw2_kernel_with_a_flipping_convolution_is_the_gradient",)),
    Mutant("001:Q5c-size", "seed001.printed_q5_output_size", lambda f: lambda n, k, s: (n - k) // s + 1, T,
           "the formula floored", ("test_seed_formula_fails_with_a_stride_remainder",)),
    Mutant("001:Q5c-size", "seed001.printed_q5_output_size", lambda f: lambda n, k, s: (n - k) / s + 2, F,
           "(n - K)/S + 2", ("test_seed_formula_holds_when_the_stride_tiles_the_input",)),
    Mutant("001:Q5c-noconv", "seed001.PRINTED_Q5_NOCONV", lambda d: {**d, "solvable": True}, F,
           "'some unpadded conv maps 2 to 4'"),
    # --- seeds 003/004, problem 4 split ------------------------------------------------------------
    Mutant("003:P4-split", "seed003.PRINTED_P4_SPLIT_PATH", lambda p: ((256, 5, 1, 1), (5, 5, 3, 3), (5, 256, 1, 1)),
           F, "paths of width 5 (32 x 5 != 128)"),
    Mutant("004:P4-split", "seed004.P4B_CODE", lambda c: _SEPARATE_PATHS, T,
           "32 sets of convs, ReLU after the sum",
           ("test_seed004_module_shares_one_path", "test_relu_after_each_path_breaks_the_equivalence")),
    # --- seed 000 -----------------------------------------------------------------------------------
    Mutant("000:11.1", "seed000.printed_11_1_lines",
           lambda f: lambda fs, x: f(fs, x)[:3] + [f(fs, x)[3] + fs[0](x)], F, "line 4 with an extra f1(x)"),
    Mutant("000:11.2-i", "seed000.PRINTED_11_2", lambda d: {**d, 3: ((3, 1), (3, 1), (3, 2), (3, 3))}, F,
           "C(3,1) paths of length 0"),
    Mutant("000:11.2-ii", "seed000.PRINTED_11_2",
           lambda d: {**d, 5: ((5, 1), (5, 1), (5, 2), (5, 3), (5, 4), (5, 5))}, F, "C(5,1) paths of "
                                                                                    "length 0"),
    Mutant("000:11.2-iii", "seed000.printed_11_2_rule", lambda f: lambda k, n: math.comb(k, n) + (n == 1), F,
           "C(k, l) + 1 for l = 1"),
    Mutant("000:11.3-line1", "seed000.PRINTED_11_3_LINE_1",
           lambda w: ((), (2,), (3,), (3, 2), (4,), (4, 2), (4, 3), (4, 3, 2)), T, "line 1 with df2/df1 in "
                                                                                   "the f4 term"),
    Mutant("000:11.3-line2", "seed000.PRINTED_11_3_LINE_2",
           lambda w: ((), (2,), (3,), (3, 2), (4,), (4, 3), (4, 3), (4, 3, 2)), F, "line 2 with line 1's "
                                                                                   "words",
           ("test_printed_lines_term_by_term", "test_second_printed_line_is_the_derivative")),
    Mutant("000:11.3-line2", "seed000.PRINTED_11_3_LINE_2", lambda w: ((), (2,), (3,), (4,)), T,
           "1 + D2 + D3 + D4: right for total derivatives",
           ("test_second_printed_line_double_counts_with_total_derivatives",)),
    Mutant("000:11.4", "seed000.printed_11_4_block_variance", lambda f: lambda a, b: a + b + a, F,
           "the block's variance 3 |h|^2"),
    Mutant("000:11.4-Ep1", "seed000.printed_11_4_e_p1", lambda f: _relu_mean, T, "E[p1] = s/sqrt(2 pi)"),
    Mutant("000:11.4-Ep1p2", "seed000.printed_11_4_e_p1p2", lambda f: lambda x, s, b: x * _relu_mean(x, s, b), T,
           "E[p1 p2] = x s/sqrt(2 pi)"),
    Mutant("000:11.4-cov", "seed000.printed_11_4_cov", lambda f: lambda law: 0.5, F, "Cov = 0.5",
           ("test_paths_are_uncorrelated_for_a_symmetric_input",)),
    Mutant("000:11.4-cov", "seed000.printed_11_4_cov", lambda f: _two_point_cov, T,
           "Cov = its true value for every input law", ("test_paths_are_correlated_for_an_asymmetric_input",)),
    Mutant("000:11.4-induction", "seed000.printed_11_4_other_paths_cov",
           lambda f: lambda x, s: s / math.sqrt(2 * math.pi) * (s * x) ** 2 * (math.pi - 1) / (2 * math.pi), T,
           "Cov = sigma/sqrt(2 pi) Var[f1]"),
    Mutant("000:11.4-var-sum", "seed000.printed_11_4_uncorrelated_sum", lambda f: lambda a, b: a + b + 1, F,
           "Var x + Var y + 1"),
    Mutant("000:11.4-var-xy", "seed000.printed_11_4_variance_line", lambda f: lambda xs, ys: _moments(xs, ys)[3], T,
           "the line is Var[xy]", ("test_seed_variance_of_product_is_wrong",), "product"),
    Mutant("000:11.4-var-xy", "seed000.printed_11_4_variance_line",
           lambda f: lambda xs, ys: (lambda m: m[0] + m[1] + 2 * m[2])(_moments(xs, ys)), T,
           "the line with 2 Cov", ("test_seed_covariance_factor_is_wrong",), "sum"),
    Mutant("000:11.5", "seed000.printed_11_5_diagonal", lambda f: _true_bn_diagonal, T, "the true diagonal",
           ("test_seed000_printed_diagonal_is_wrong",)),
    Mutant("000:11.5-f1", "seed000.printed_11_5_df1", lambda f: lambda i: 1 / (i - 1), F, "1/(I - 1)"),
    Mutant("000:11.5-f2", "seed000.printed_11_5_df2_first", lambda f: lambda i: 1 - 1 / i, T, "1 - 1/I"),
    Mutant("000:11.5-f4", "seed000.printed_11_5_df4", lambda f: lambda f2, d2, i: 2 / i * f2, T, "(2/I) "
           "f2_i"),
    Mutant("000:11.5-chain", "seed000.printed_11_5_df6", lambda f: lambda d5, f5: d5 / f5**2, F, "df6 = "
           "+df5/f5^2"),
    Mutant("000:11.6", "seed000.PRINTED_11_6_TOTAL", lambda n: 3840, F, "3840"),
    Mutant("000:11.6-diagram", "seed000.PRINTED_11_6_DIAGRAM", lambda d: ("input",) + ("hidden",) * 10 + ("output",),
           T, "ten hidden layers drawn"),
    Mutant("000:11.6-bn", "seed000.printed_11_6_bn_rule", lambda f: lambda h, w: 2 * w * h, T, "2 W H"),
    Mutant("000:11.7", "seed000.PRINTED_11_7_W_REACHES_EPS_SCALE", lambda b: False, B,
           "'W never reaches the eps scale' (the unconditional opposite)",
           ("test_weight_decay_without_gradient_reaches_the_eps_scale",
            "test_weight_decay_with_persistent_gradients_settles_above_the_eps_scale")),
    Mutant("000:11.7-invariance", "seed000.printed_11_7_activation_input",
           lambda f: lambda bn, x, a, shift: a * bn(x), F, "BN(a x + b) = a BN(x)"),
    Mutant("000:11.7-penalty", "seed000.printed_11_7_penalty",
           lambda f: lambda W: float(np.trace(np.asarray(W).T @ np.asarray(W))), T, "tr(W^T W)"),
    Mutant("000:11.7-normal", "seed000.printed_11_7_mass_outside", lambda f: lambda b: 0.0, T,
           "a law with no mass beyond sqrt(I - 1)"),
    Mutant("000:11.8-1", "seed000.PRINTED_11_8_1", lambda d: {**d, "total": 2360833}, F, "2,360,833"),
    Mutant("000:11.8-2", "seed000.PRINTED_11_8_2", lambda b: _row(b, 1, {**b[1], "total": 147841}), F,
           "block 2: 147,841"),
    Mutant("000:11.9", "seed000.PRINTED_11_9_PARAMETERS_GROW_WITH_IMAGE_SIZE", lambda b: False, B,
           "'the count never grows with the image'",
           ("test_a_dense_head_grows_with_the_image", "test_a_convolutional_network_does_not_grow_with_the_image")),
    # --- seed 001, problems 1-4 ----------------------------------------------------------------------
    Mutant("001:Q1-gradient", "seed001.printed_q1_gradient", lambda f: lambda w, X, y: 0.5 * f(w, X, y), F, "1/N, not 2/N"),
    Mutant("001:Q1-tanh", "seed001.PRINTED_Q1_TANH_DERIVATIVE", lambda forms: forms[:2] + (lambda x: 1 + np.tanh(x) ** 2,),
           F, "1 + tanh^2"),
    Mutant("001:Q1-vanishing", "seed001.printed_q1_ray_limit", lambda f: lambda u, X, y: np.ones(X.shape[1] + 1), F,
           "the limit is 1", ("test_gradient_along_a_ray",)),
    Mutant("001:Q1-vanishing", "seed001.printed_q1_ray_limit",
           lambda f: __import__("dnn_invariants.reference.backprop", fromlist=["ray_limit"]).ray_limit, T,
           "the true limit along every ray", ("test_gradient_need_not_vanish",)),
    Mutant("001:Q2-delta", "seed001.printed_q2_delta_out", lambda f: lambda x, y, t: (x - y) * t, F, "no "
           "factor 2"),
    Mutant("001:Q2-dEdW", "seed001.printed_q2_dEdW",
           lambda f: lambda x, d: np.asarray(d)[:, None] @ np.asarray(x)[None, :], F, "delta(l) x(l-1)^T"),
    Mutant("001:Q2-example", "seed001.PRINTED_Q2_THETA_PRIME_OUT", lambda t: 0.5, F, "theta'(s(3)) = 0.5"),
    Mutant("001:Q2-W2-shape", "seed001.PRINTED_Q2_MATRICES", lambda m: _row(m, 1, ((0.2,), (1.0,), (-2.0,))), T,
           "W(2) printed as a 3x1 column"),
    Mutant("001:Q2-weights", "seed001.PRINTED_Q2_WEIGHTS",
           lambda w: (((0.1, 0.2), (0.3, 0.4)), ((0.2,), (1.0,), (-3.0,)), ((1.0,), (2.0,))), T, "the deduced weights"),
    Mutant("001:Q2-values", "seed001.PRINTED_Q2", _rounded_exact_q2, T,
           "every value the exact one, to the printed digits"),
    Mutant("001:Q3-totals", "seed001.PRINTED_Q3_TOTALS", lambda d: {**d, ("standard", True): 18497}, F, "18,497"),
    Mutant("001:Q3-table", "seed001.PRINTED_Q3_TABLE",
           lambda d: {**d, ("O", "standard"): d["X", "standard"], ("X", "standard"): d["O", "standard"]}, F,
           "rows O and X swapped for the standard block"),
    Mutant("001:Q3-bn", "seed001.PRINTED_Q3_BN", lambda d: {**d, "standard": 32 * 2}, F, "one batch norm"),
    Mutant("001:Q3-layers", "seed001.PRINTED_Q3_LAYERS", lambda d: {k: (v[1], v[1]) for k, v in d.items()}, T,
           "every expression its value"),
    Mutant("001:Q3-identity", "seed001.printed_q3_one_by_one",
           lambda f: lambda x, w: np.einsum("oc,nchw->nohw", np.asarray(w)[:, :, 0, 0], x), T,
           "the 1x1 conv as the channel mix it is"),
    Mutant("001:Q3-cost", "seed001.printed_q3_cost_rule", lambda f: lambda a, b: a["params"] > b["params"], F,
           "more parameters, cheaper", ("test_fewer_parameters_cost_less_on_the_same_map",)),
    Mutant("001:Q3-cost", "seed001.printed_q3_cost_rule",
           lambda f: lambda a, b: a["params"] * a["positions"] < b["params"] * b["positions"], T,
           "cost = weights x positions", ("test_fewer_parameters_need_not_cost_less",)),
    Mutant("001:Q4a", "seed001.printed_q4_shape",
           lambda f: lambda layer, n, c, h=None, w=None: (n, c) if layer == "fc" else (1, 1, c), F, "N x C"),
    Mutant("001:Q4b", "seed001.printed_q4_shape",
           lambda f: lambda layer, n, c, h=None, w=None: (1, c) if layer == "fc" else (1, h, c), F, "1 x H "
                                                                            "x C"),
    # --- seed 002 -------------------------------------------------------------------------------------
    Mutant("002:P1-derivative", "seed002.printed_p1_derivative", lambda f: lambda x, g, e: 2 * f(x, g, e), F,
           "twice the value", ("test_seed002_diagonal_holds_with_frozen_statistics",)),
    Mutant("002:P1-derivative", "seed002.printed_p1_derivative", lambda f: _true_bn_diagonal, T,
           "the training-mode diagonal", ("test_seed002_diagonal_ignores_the_statistics",)),
    Mutant("002:P1-differentiable", "seed002.PRINTED_P1_DIFFERENTIABLE", lambda b: False, B,
           "'BN is not differentiable' (the unconditional opposite)",
           ("test_gradient_at_a_constant_batch_with_positive_eps",
            "test_bn_with_zero_eps_is_discontinuous_at_a_constant_batch")),
    Mutant("002:P1-differentiable", "seed002.printed_p1_forward",
           lambda f: lambda x, g, b, e: g * (x - x.mean()) / np.sqrt(x.var() + e + 1) + b, F,
           "the printed BN with eps + 1", ("test_gradient_at_a_constant_batch_with_positive_eps",)),
    Mutant("002:P2-interval", "seed002.PRINTED_P2_INTERVALS", lambda d: {**d, False: (50.57, 57.30)}, F, "57.30"),
    Mutant("002:P2-interval-bias", "seed002.PRINTED_P2_INTERVALS", lambda d: {**d, True: (50.46, 57.18)}, T,
           "[50.46, 57.18]"),
    Mutant("002:P2-set", "seed002.PRINTED_P2_SET", lambda s: tuple(range(51, 58)), T, "{51, ..., 57}"),
    # --- seed 003 -------------------------------------------------------------------------------------
    Mutant("003:P1-def", "seed003.printed_p1_kept_value", lambda f: lambda y, p: np.asarray(y) * (1 - p), F, "y (1 - p)"),
    Mutant("003:P1-all-dropped", "seed003.PRINTED_P1_ALL_DROPPED_AT", lambda p: Fraction(1, 2), F, "p = 1/2"),
    Mutant("003:P1-condition", "seed003.printed_p1_condition", lambda f: lambda s, y, p, eq0, eq: True, F,
           "the condition always holds"),
    Mutant("003:P1-relu", "seed003.PRINTED_P1_COMMUTES", lambda d: {**d, "relu": False}, F, "ReLU does not "
           "commute"),
    Mutant("003:P1-leaky", "seed003.PRINTED_P1_COMMUTES", lambda d: {**d, "leaky_relu": False}, F,
           "LeakyReLU does not commute"),
    Mutant("003:P1-sigmoid", "seed003.PRINTED_P1_COMMUTES", lambda d: {**d, "sigmoid": True}, F, "sigmoid "
           "commutes"),
    Mutant("003:P1-sigmoid-inequality", "seed003.printed_p1_sigmoid_inequality", lambda f: lambda a, b: a > b, F, ">"),
    Mutant("003:P2-init", "seed003.printed_p2_limit", lambda f: lambda n: 1 / n, F, "U(-1/n, 1/n)"),
    Mutant("003:P2-density", "seed003.printed_p2_density", lambda f: lambda x, n: 2 * f(x, n), F, "sqrt(n) "
           "chi"),
    Mutant("003:P2-mean", "seed003.printed_p2_expectation", lambda f: lambda n, a, x, b: f(n, a, x, b) + 1, F,
           "+1", ("test_printed_mean_with_zero_mean_bias",)),
    Mutant("003:P2-mean", "seed003.printed_p2_expectation", lambda f: lambda n, a, x, b: n * a * x + b, T,
           "b outside the sum", ("test_printed_mean_counts_the_bias_n_times",)),
    Mutant("003:P2-offdiag", "seed003.printed_p2_offdiagonal", lambda f: lambda n: Fraction(0), T, "0"),
    Mutant("003:P2-cov-diag", "seed003.printed_p2_diagonal", lambda f: lambda s, n: (sum(s) + 1) / (2 * n), F, "/(2n)"),
    Mutant("003:P2-layer1", "seed003.printed_p2_layer1", lambda f: lambda n: Fraction(n + 1, 2 * n), F, "(n+1)/(2n)"),
    Mutant("003:P2-product", "seed003.printed_p2_product", lambda f: _recursion, T, "the recursion"),
    Mutant("003:P3-i", "seed003.printed_p3_layer_jacobian", lambda f: lambda A, s: np.diag(s) @ A, F, "no "
           "+ I"),
    Mutant("003:P3-i", "seed003.printed_p3_last_jacobian", lambda f: lambda A: 2 * A, F, "2 A_L",
           ("test_last_layer_jacobian_is_A_L",)),
    Mutant("003:P3-ii", "seed003.printed_p3_db", lambda f: lambda A, m, s, r: 2 * f(A, m, s, r), F, "twice",
           ("test_chain_rule_for_b_and_A",)),
    Mutant("003:P3-ii", "seed003.printed_p3_db", lambda f: lambda A, m, s, r: f(A, m, s, "decreasing"), T,
           "ordered whatever the reading", ("test_increasing_order_product_is_wrong",)),
    Mutant("003:P3-ii-A", "seed003.printed_p3_dA",
           lambda f: lambda s, g, y: np.diag(s) @ np.asarray(g) @ np.asarray(y).T, F, "(dy_L/dy_l) "
                                                                                      "untransposed"),
    Mutant("003:P3-iii-zero", "seed003.printed_p3_dead_factor", lambda f: lambda A, s: np.diag(s) @ A, F, "factor 0"),
    Mutant("003:P3-iii", "seed003.PRINTED_P3_IDENTITY_PREVENTS_VANISHING", lambda b: False, T,
           "'the identity need not prevent vanishing'"),
    Mutant("003:P4a-dense", "seed003.PRINTED_P4_DENSE", lambda n: 212993, F, "212,993"),
    Mutant("003:P4a-split", "seed003.PRINTED_P4_SPLIT", lambda n: 70145, F, "70,145"),
    Mutant("003:P4a-rule", "seed003.printed_p4_rule", lambda f: lambda n, m, a, b: (n * a * b + 1) * m, B,
           "(n a b + 1) m: true with bias, false without",
           ("test_rule_counts_a_conv_without_bias", "test_rule_misses_the_bias")),
    Mutant("003:P4-grouped", "seed003.PRINTED_P4_PATHS", lambda n: 16, F, "16 paths of width 4"),
    # --- seed 004 -------------------------------------------------------------------------------------
    Mutant("004:P1-def", "seed004.printed_p1_dropout", lambda f: lambda x, p, k: np.where(k, np.asarray(x) * (1 - p), 0.0),
           F, "x (1 - p)"),
    Mutant("004:P1-homogeneous", "seed004.printed_p1_reason", lambda f: lambda fn, c, y, eq: True, F,
           "every activation homogeneous"),
    Mutant("004:P1-a", "seed004.PRINTED_P1_COMMUTES", lambda d: {**d, "relu": False}, F, "(a) not equal"),
    Mutant("004:P1-b", "seed004.PRINTED_P1_COMMUTES", lambda d: {**d, "sigmoid": True}, F, "(b) equal"),
    Mutant("004:P1-c", "seed004.PRINTED_P1_COMMUTES", lambda d: {**d, "leaky_relu": False}, F, "(c) not "
           "equal"),
    Mutant("004:P2-init", "seed004.printed_p2_limit", lambda f: lambda n: 1 / n, F, "U(-1/n, 1/n)"),
    Mutant("004:P2-recursion", "seed004.printed_p2_recursion_value",
           lambda f: lambda v, n: Fraction(1, 2 * n) * n * v + Fraction(1, 3 * n), F, "weights 1/(2n)"),
    Mutant("004:P2-unrolled", "seed004.PRINTED_P2_INNER_INDICES", lambda d: {1: 1, 0: 0}, T, "n_1 and n_0 "
           "innermost"),
    Mutant("004:P2-general", "seed004.printed_p2_step", lambda f: lambda v, n, a, b: a * n * v + 2 * b, F, "2 sigma_b^2"),
    Mutant("004:P3-i", "seed004.printed_p3_layer_jacobian", lambda f: lambda A, s: np.diag(s) @ A, F, "no "
           "+ I"),
    Mutant("004:P3-ii", "seed004.printed_p3_db", lambda f: lambda js, d: f(js[::-1], d), F, "the order "
           "reversed"),
    Mutant("004:P3-iii-zero", "seed004.printed_p3_dead_factor", lambda f: lambda A, s: np.diag(s) @ A, F, "factor 0"),
    Mutant("004:P3-iii", "seed004.PRINTED_P3_IDENTITY_PREVENTS_VANISHING", lambda b: False, T,
           "'the identity need not prevent vanishing'"),
    Mutant("004:P3-iii-plain", "seed004.printed_p3_plain_factor",
           lambda f: lambda A, s: np.diag(s) @ A + np.eye(np.shape(A)[0]), F, "the plain factor + I"),
    Mutant("004:P4a", "seed004.printed_p4a", lambda f: lambda c, k, co: c * k**2 * co, F, "no bias"),
    Mutant("004:P4b-relu", "seed004.P4B_CODE", lambda c: _RELU_AFTER_THE_SUM, T, "the ReLU after the sum",
           ("test_relu_after_each_path_breaks_the_equivalence",)),
    Mutant("004:P4b-shared", "seed004.P4B_CODE", lambda c: _SEPARATE_PATHS, T, "32 sets of convs",
           ("test_seed004_module_shares_one_path",)),
    Mutant("004:P5-gradient", "seed004.printed_p5_gradient", lambda f: lambda X, Y, t, lam: X.T @ (X @ t - Y), F,
           "no lambda theta"),
    Mutant("004:P5-optimum", "seed004.printed_p5_theta",
           lambda f: lambda X, Y, lam, inv: inv(X.T @ X + 2 * lam * np.eye(X.shape[1]), X.T @ Y), F, "2 lambda"),
    Mutant("004:P5-dual", "seed004.printed_p5_theta",
           lambda f: lambda X, Y, lam, inv: inv(X.T @ X + 2 * lam * np.eye(X.shape[1]), X.T @ Y), F, "2 lambda"),
    Mutant("004:P5-lambda0", "seed004.printed_p5_theta",
           lambda f: lambda X, Y, lam, inv: inv(X.T @ X + (lam + 1) * np.eye(X.shape[1]), X.T @ Y), F,
           "lambda + 1", ("test_lambda_zero_with_full_column_rank",)),
    Mutant("004:P5-lambda0", "seed004.printed_p5_theta", lambda f: _least_squares, T,
           "a pseudo-inverse: a minimiser at lambda = 0 for any F", ("test_lambda_zero_fails_without_full_rank",)),
)
