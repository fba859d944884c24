"""Tolerances derived from the dtype and the size of the computation, never tuned.

For a sum of n products computed in floating point, in *any* order,
|fl(sum a_i b_i) - sum a_i b_i| <= gamma_n * sum |a_i b_i|, with
gamma_n = n u / (1 - n u) and u the unit roundoff (Higham, Accuracy and
Stability of Numerical Algorithms, 2nd ed., eq. 3.5). Every linear identity in
the corpus compares two such sums, so its bound is that formula applied to
both sides, with the magnitude sum |a_i b_i| computed by the reference on
absolute values. For float64 inputs with a few hundred terms this is a few
ulps of the result's scale; a float32 accumulation where float64 was asked
for exceeds it by about 1e9.

Underflow adds an absolute term: with flush-to-zero (XLA on CPU) each of the
n + 1 operations may lose up to the smallest normal number, ``finfo.tiny``,
and a loss inside a product is then multiplied by the factors after it
(``underflow``).
"""

from __future__ import annotations

import numpy as np


def unit_roundoff(dtype) -> float:
    return float(np.finfo(dtype).eps) / 2


def gamma(n: int, dtype) -> float:
    """Higham's gamma_n: the relative error bound of an n-term floating-point sum of products."""
    nu = n * unit_roundoff(dtype)
    assert nu < 1, f"{n} terms is too many for a meaningful {np.dtype(dtype).name} bound"
    return nu / (1 - nu)


def underflow(n_ops: int, dtype, *factors):
    """n_ops operations each losing up to finfo.tiny to flush-to-zero, each loss then multiplied by
    whatever factors the formula applies after it: at most the product of (1 + |factor|) over all
    of the formula's factors (arrays broadcast)."""
    lost = n_ops * float(np.finfo(dtype).tiny)
    for factor in factors:
        lost = lost * (1 + np.abs(np.asarray(factor, np.float64)))
    return lost


def dot_bound(magnitude, n_terms: int, dtype, *, reference_dtype=np.float64):
    """Elementwise bound on |implementation - reference| for sums of n_terms products.

    ``magnitude`` is sum |a_i b_i| per output entry. The implementation rounds
    in ``dtype`` (one extra term for storing its result), the reference in
    ``reference_dtype``.
    """
    relative = (gamma(n_terms + 1, dtype) + gamma(n_terms + 1, reference_dtype)) * np.asarray(magnitude)
    return relative + underflow(n_terms + 1, dtype) + underflow(n_terms + 1, reference_dtype)


def assert_close(actual, expected, bound, what: str) -> None:
    """Assert |actual - expected| <= bound entrywise, with a message that shows where and by how much."""
    __tracebackhide__ = True  # the message says it all; the failure points at the property
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, (
        f"{what}: shape {actual.shape}, but the invariant gives {expected.shape}")
    error = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
    bound = np.broadcast_to(np.asarray(bound, np.float64), error.shape)
    bad = ~(error <= bound)  # NaN counts as bad
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        largest = np.nanmax(error) if not np.isnan(error).all() else np.nan  # all NaN: say so, no warning
        raise AssertionError(
            f"{what}: {int(bad.sum())} of {error.size} entries differ beyond the rounding bound; "
            f"first at index {where}: got {actual[where].item()!r}, expected {expected[where].item()!r}, "
            f"|difference| {error[where]:.3g} > bound {bound[where]:.3g}; "
            f"largest |difference| {largest:.3g}")


def assert_within(actual, low, high, bound, what: str) -> None:
    """Assert low - bound <= actual <= high + bound entrywise (an interval: a subgradient at a kink)."""
    __tracebackhide__ = True
    actual = np.asarray(actual)
    low, high = np.broadcast_to(low, actual.shape), np.broadcast_to(high, actual.shape)
    bound = np.broadcast_to(np.asarray(bound, np.float64), actual.shape)
    a = actual.astype(np.float64)
    bad = ~((a >= low - bound) & (a <= high + bound))  # NaN counts as bad
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        lo, hi, b = float(low[where]), float(high[where]), float(bound[where])
        allowed = (f"the interval [{lo!r}, {hi!r}] between the one-sided values" if lo != hi
                   else f"{lo!r}")
        raise AssertionError(
            f"{what}: {int(bad.sum())} of {actual.size} entries outside what is allowed; first at index "
            f"{where}: got {actual[where].item()!r}, allowed {allowed}, "
            f"widened by the rounding bound {b:.3g} "
            f"to [{lo - b!r}, {hi + b!r}]")
