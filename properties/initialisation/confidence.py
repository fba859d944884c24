"""Distribution-free confidence bounds with an explicit false-alarm probability.

A property runs up to 1000 examples (the thorough profile) and must raise a
false alarm with probability at most 1e-6 per test, so each example may spend
``ALPHA_PER_EXAMPLE = 1e-9``, split evenly over the checks it makes (union bound).
"""

from __future__ import annotations

import math

import numpy as np

ALPHA_PER_EXAMPLE = 1e-9


def dkw_epsilon(n: int, alpha: float) -> float:
    """DKW (Massart's constant): P(sup_x |F_n(x) - F(x)| > eps) <= 2 exp(-2 n eps^2) = alpha."""
    return math.sqrt(math.log(2 / alpha) / (2 * n))


def ks_distance(samples: np.ndarray, cdf) -> float:
    """sup_x |F_n(x) - F(x)|, attained at the sample points (just before or at each jump)."""
    x = np.sort(np.ravel(samples))
    n = x.size
    f = cdf(x)
    return float(max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n)))


def hoeffding_halfwidth(n: int, width: float, alpha: float) -> float:
    """|mean - E| <= width sqrt(ln(2/alpha) / 2n) for n independent variables in an interval of ``width``."""
    return width * math.sqrt(math.log(2 / alpha) / (2 * n))


def bernstein_halfwidth(samples: np.ndarray, width: float, alpha: float) -> float:
    """Empirical Bernstein (Maurer and Pontil 2009, Thm 4), two-sided: |mean - E| <= this w.p. >= 1 - alpha.

    For n independent copies of a variable in an interval of length ``width``:
    sqrt(2 V ln(4/alpha) / n) + 7 width ln(4/alpha) / (3 (n - 1)), V the unbiased
    sample variance (each side at alpha/2). Much tighter than Hoeffding when the
    variance is far below the worst case the range allows.
    """
    n = samples.size
    log_term = math.log(4 / alpha)
    return (math.sqrt(2 * float(np.var(samples, ddof=1)) * log_term / n)
            + 7 * width * log_term / (3 * (n - 1)))


def standard_error(samples: np.ndarray) -> float:
    return float(np.std(samples, ddof=1) / math.sqrt(samples.size))
