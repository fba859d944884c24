"""Residual networks as math: the layer, its Jacobian, the unrolled network, paths, chain rules.

Layer (seeds 003/004 P3): z = sigma(A y + b) + y, Jacobian dz/dy = diag(sigma'(A y + b)) A + I.
Network (seed 000 11.1): h_0 = x, h_k = h_{k-1} + f_k(h_{k-1}); unrolled, y = x + sum_k f_k(h_{k-1})
with every h written out. With linear scalar blocks f_k(h) = a_k h, y = prod_k (1 + a_k) x =
sum over subsets S of {1..k} of prod_{i in S} a_i x: one term per path, a path of length l
passing through l residual branches, so C(k, l) paths of length l (11.2).
Derivative (11.3): dh_4/dh_1 = (I + J_4)(I + J_3)(I + J_2) with J_j the branch Jacobian: the sum
over all descending words of {4, 3, 2}.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from dnn_invariants.properties.tolerance import gamma
from dnn_invariants.reference import activations as act


def pre_activation(y, A, b):
    return np.asarray(y, np.float64) @ np.asarray(A, np.float64).T + np.asarray(b, np.float64)


def layer(y, A, b, activation):
    name, params = act.split(activation)
    return act.value(pre_activation(y, A, b), name, **params) + np.asarray(y, np.float64)


def lipschitz(activation) -> float:
    """sup |sigma'| of a piecewise-linear activation: 1, or its negative slope if larger."""
    _, params = act.split(activation)
    return max(1.0, abs(params.get("negative_slope", params.get("weight", 1.0))))


def pre_activation_bound(y, A, b, dtype):
    """|computed - exact| of A y + b: m products and a bias, in both the implementation and float64."""
    m = np.shape(A)[1]
    mag = np.abs(np.asarray(y, np.float64)) @ np.abs(np.asarray(A, np.float64)).T + np.abs(b)
    return (gamma(m + 1, dtype) + gamma(m + 1, np.float64)) * mag + (m + 2) * float(np.finfo(dtype).tiny)


def layer_bound(y, A, b, name, dtype):
    """|computed - exact| of one layer's output."""
    z = pre_activation(y, A, b)
    out = np.abs(layer(y, A, b, name))
    n, params = act.split(name)
    return (lipschitz(name) * pre_activation_bound(y, A, b, dtype) + act.value_bound(z, n, dtype, **params)
            + (gamma(1, dtype) + gamma(1, np.float64)) * out)


def derivative_interval(y, A, b, name, dtype):
    """sigma'(A y + b) as an interval: both one-sided slopes where rounding may put A y + b on a kink."""
    z, e = pre_activation(y, A, b), pre_activation_bound(y, A, b, dtype)
    n, params = act.split(name)
    lows, highs = zip(*(act.derivative_bounds(z + s * e, n, **params) for s in (-1.0, 0.0, 1.0)))
    return np.minimum.reduce(lows), np.maximum.reduce(highs)


def vjp(y, A, b, dz, name, dtype):
    """(dL/dy, dL/dA, dL/db) for dL/dz = dz: dz + (D dz) A, (D dz)^T y, sum (D dz); and bounds.

    D is known as an interval [lo, hi]; the bounds cover every D in it plus the rounding of
    the implementation (sums of m or N products) and of this float64 evaluation.
    """
    y, A, dz = (np.asarray(a, np.float64) for a in (y, A, dz))
    lo, hi = derivative_interval(y, A, b, name, dtype)
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    g, gh = mid * dz, half * np.abs(dz)
    n, m = y.shape
    ga = np.abs(g) + gh
    dy = dz + g @ A
    rounding_m = gamma(m + 2, dtype) + gamma(m + 2, np.float64)
    dy_bound = gh @ np.abs(A) + rounding_m * (np.abs(dz) + ga @ np.abs(A))
    dA = g.T @ y
    dA_bound = gh.T @ np.abs(y) + (gamma(n + 2, dtype) + gamma(n + 2, np.float64)) * (ga.T @ np.abs(y))
    db = g.sum(axis=0)
    db_bound = gh.sum(axis=0) + (gamma(n + 2, dtype) + gamma(n + 2, np.float64)) * ga.sum(axis=0)
    tiny = (n + m + 4) * float(np.finfo(dtype).tiny)
    return (dy, dA, db), (dy_bound + tiny, dA_bound + tiny, db_bound + tiny)


def jacobian(y_row, A, b, name):
    """dz/dy = diag(sigma'(A y + b)) A + I at one input row (kinks: the mean of the one-sided slopes)."""
    lo, hi = derivative_interval(y_row[None], A, b, name, np.float64)
    return ((lo + hi) / 2).ravel()[:, None] * np.asarray(A, np.float64) + np.eye(np.shape(A)[0])


def forward_chain_bound(x, layers, name, dtype):
    """|computed - exact| after a stack of layers: e_k = e_{k-1} + L |A_k| e_{k-1} + layer_bound_k."""
    h, e = np.asarray(x, np.float64), np.zeros(np.shape(x))
    for A, b in layers:
        e = e + lipschitz(name) * e @ np.abs(A).T * (1 + gamma(np.shape(A)[1] + 1, np.float64)) \
            + layer_bound(h, A, b, name, dtype)
        h = layer(h, A, b, name)
    return e


# --- Seed 000, problem 11.1: the sequential network (the printed lines: reference/seeds/seed000.py) ---

def h(fs, x, k):
    """h_k = h_{k-1} + f_k(h_{k-1}), h_0 = x (the sequential definition)."""
    for f in fs[:k]:
        x = x + f(x)
    return x


def unrolled(fs, x):
    """y = x + sum_k f_k(x + f_1(...) + ...): every h_{k-1} spelled out recursively, for any k."""
    def spelled(k):  # h_k, written out without naming any earlier h
        return x if k == 0 else spelled(k - 1) + fs[k - 1](spelled(k - 1))
    return x + sum(fs[k](spelled(k)) for k in range(len(fs)))


# --- Seed 000, problem 11.2: paths through the computational graph ---

def residual_graph(k):
    """Edges of k residual blocks: node j-1 -> node j by the skip (length 0) or the branch f_j (length 1)."""
    return [(j - 1, j, 0) for j in range(1, k + 1)] + [(j - 1, j, 1) for j in range(1, k + 1)]


def count_paths_by_length(edges, source, target):
    """{length: number of paths from source to target}, by walking every path of the DAG."""
    out = {}
    counts = {}

    def walk(node, length):
        if node == target:
            counts[length] = counts.get(length, 0) + 1
            return
        for _, b, w in out.setdefault(node, [e for e in edges if e[0] == node]):
            walk(b, length + w)
    walk(source, 0)
    return counts


def subset_sum(a, x):
    """sum over subsets S of prod_{i in S} a_i x: one term per path (exact for integers)."""
    return sum(math.prod(s) * x for n in range(len(a) + 1) for s in itertools.combinations(a, n))


# --- Seed 000, problem 11.3: the derivative dy/df_1 as words of branch Jacobians ---
# A word (4, 3, 2) is J_4 J_3 J_2; () is the identity. (The printed lines: reference/seeds/seed000.py.)
TRUE_11_3 = [w for n in range(4) for w in itertools.combinations((4, 3, 2), n)]


def evaluate_words(words, J):
    m = next(iter(J.values())).shape[0]
    total = np.zeros((m, m))
    for word in words:
        term = np.eye(m)
        for j in word:
            term = term @ J[j]
        total += term
    return total


# --- Seed 000, problem 11.4: residual variance with He-initialised ReLU branches ---
# Block: h -> h + A2 relu(A1 h), A1 entries N(0, 2/m) (He), A2 entries N(0, 1/m). For ANY fixed h:
#   E|relu(A1 h)|^2 = |h|^2 (each (A1 h)_i ~ N(0, 2|h|^2/m), half its square mass is positive),
#   E|A2 r|^2 = |r|^2 and E<h, A2 r> = 0 (the paths are uncorrelated): E|h'|^2 = 2 |h|^2.
# R = |h'|^2/|h|^2 has a law that does not depend on h (rotation invariance), so the k blocks'
# ratios are independent: E prod R_j = 2^k, E (prod R_j)^2 = (E R^2)^k with, from
# E relu(g)^2 = 1/2, E relu(g)^4 = 3/2 and E|w|^4 = (m+2)/m (E|w|^2)^2 for w ~ N(0, s/m Id):
#   E R^2 = 3 + 4/m + (m + 5)(m + 2)/m^2.

def second_moment_of_ratio(m: int) -> float:
    return 3 + 4 / m + (m + 5) * (m + 2) / m**2


def median_of_means_radius(variance: float, group_size: int) -> float:
    """Chebyshev per group: P(|group mean - E| >= 2 sd/sqrt(n)) <= 1/4."""
    return 2 * math.sqrt(variance / group_size)


def groups_for(alpha: float) -> int:
    """Median of B groups fails only if B/2 groups do: P(Bin(B, 1/4) >= B/2) <= exp(-B/8) (Hoeffding)."""
    return math.ceil(8 * math.log(1 / alpha))


def expected_relu_of_gaussian(m: float, s: float) -> float:
    """E relu(Z), Z ~ N(m, s^2): m Phi(m/s) + s phi(m/s)."""
    if s == 0:
        return max(m, 0.0)
    t = m / s
    return m * 0.5 * (1 + math.erf(t / math.sqrt(2))) + s * math.exp(-t * t / 2) / math.sqrt(2 * math.pi)
