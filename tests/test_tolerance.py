"""The rounding bounds: tight enough to catch float32 accumulation, loose enough for any summation order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.tolerance import assert_close, dot_bound


@given(n=st.integers(1, 500), seed=st.integers(0, 2**32 - 1))
def test_any_summation_order_is_within_the_bound(n, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal(n), rng.standard_normal(n)
    exact = np.dot(a, b)
    shuffled = sum(float(v) for v in rng.permutation(a * b))  # another order, float64
    assert_close(shuffled, exact, dot_bound(np.dot(np.abs(a), np.abs(b)), n, np.float64), "dot")


def test_float32_accumulation_is_caught_in_float64():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(64), rng.standard_normal(64)
    sloppy = np.dot(a.astype(np.float32), b.astype(np.float32)).astype(np.float64)
    with pytest.raises(AssertionError, match="beyond the rounding bound"):
        assert_close(sloppy, np.dot(a, b), dot_bound(np.dot(np.abs(a), np.abs(b)), 64, np.float64), "dot")
