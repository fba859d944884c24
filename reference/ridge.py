"""Ridge regression on random ReLU features (seed 004, last problem).

Features F = ReLU(X W^T) (N samples x p features); J(theta) = 1/2 ||F theta - Y||^2 + lambda/2 ||theta||^2.
grad J = F^T (F theta - Y) + lambda theta = A theta - F^T Y with A = F^T F + lambda I, so for lambda > 0
(A positive definite) theta* = A^{-1} F^T Y is the unique minimiser, J is lambda-strongly convex
(||theta - theta*|| <= ||grad J(theta)|| / lambda), and theta* = F^T (F F^T + lambda I)^{-1} Y
(push-through identity). With lambda = 0, A = F^T F is singular as soon as F has a null vector
(more features than samples, or a feature that is zero on every sample).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np


def relu_features(X, W):
    return np.maximum(X @ W.T, 0)


def objective(F, Y, theta, lam):
    r = F @ theta - Y
    return 0.5 * r @ r + 0.5 * lam * theta @ theta


def gradient(F, Y, theta, lam):
    return F.T @ (F @ theta - Y) + lam * theta


def _substitute(T, b, *, lower):
    """T^{-1} b for a triangular T by substitution, the algorithm Higham's Thm 8.5 analyses.

    np.linalg.solve would run LU with partial pivoting on T instead, whose row swaps give a
    backward error of gamma |L||U| with fill-in where T is zero, not the gamma |T| that the
    ridge properties' bound (Higham Thm 10.4, Cholesky then two substitutions) assumes: with
    it, the bound was violated on a case whose exact solution has zero components.
    """
    n = len(b)
    x = np.zeros(n, dtype=np.result_type(T, b))
    for i in (range(n) if lower else range(n - 1, -1, -1)):
        rest = slice(0, i) if lower else slice(i + 1, n)
        x[i] = (b[i] - T[i, rest] @ x[rest]) / T[i, i]
    return x


def cholesky_solve(A, b):
    """A^{-1} b for a symmetric positive definite A: Cholesky, then two triangular substitutions
    (R R^T x = b), the algorithm of Higham's Thm 10.4 (raises LinAlgError if A is not)."""
    R = np.linalg.cholesky(A)  # lower triangular, A = R R^T
    return _substitute(R.T, _substitute(R, b, lower=True), lower=False)


def primal(F, Y, lam):
    """(F^T F + lambda I)^{-1} F^T Y, by Cholesky (A is symmetric positive definite for lambda > 0)."""
    return cholesky_solve(F.T @ F + lam * np.eye(F.shape[1]), F.T @ Y)


def dual(F, Y, lam):
    """F^T (F F^T + lambda I)^{-1} Y."""
    return F.T @ np.linalg.solve(F @ F.T + lam * np.eye(F.shape[0]), Y)


def exact_null_vector(F):
    """A non-zero integer v with F v = 0 exactly (integer F), or None: exact elimination."""
    rows = [[Fraction(int(v)) for v in row] for row in np.asarray(F)]
    p = len(rows[0]) if rows else 0
    pivots, r = [], 0
    for c in range(p):
        k = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if k is None:
            continue
        rows[r], rows[k] = rows[k], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                rows[i] = [a - rows[i][c] * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    free = [c for c in range(p) if c not in pivots]
    if not free:
        return None
    v = [Fraction(0)] * p
    v[free[0]] = Fraction(1)
    for i, c in enumerate(pivots):
        v[c] = -rows[i][free[0]]
    scale = np.lcm.reduce([f.denominator for f in v])
    return np.array([int(f * scale) for f in v], np.float64)
