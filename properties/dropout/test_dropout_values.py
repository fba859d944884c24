"""What inverted dropout does to each entry: zero, or exactly x / (1 - p); identity when off."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dnn_invariants.properties.dropout.cases import dropout_twice, with_examples
from dnn_invariants.properties.tolerance import assert_close
from dnn_invariants.reference import dropout as ref
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
from dnn_invariants.strategies.arrays import ArraySpec
from dnn_invariants.strategies.dropout import LARGE, SEEDS, DropoutCase, dropout_cases, p_close_to_one

DTYPES = pytest.mark.parametrize("dtype", ["float64", "float32"])


def kept_mask(impl, shape, p, seed, dtype):
    """The mask, read off dropout of an all-ones input with the same seed (kept: 1/(1-p) != 0)."""
    return impl.dropout(np.ones(shape, dtype), p, seed=seed) != 0


@DTYPES
@pytest.mark.requires("dropout")
@pytest.mark.claim("004:P1-def", "003:P1-def")
@given(case=dropout_cases())
@with_examples
def test_kept_entries_are_x_over_one_minus_p(impl, dtype, case):
    """Every entry of dropout(x) is 0 or x/(1-p), as the mask of the same seed says: seed 004's printed
    definition, and seed 003's kept value y/(1-p) (seeds 003/004 P1)."""
    case = case.astype(dtype)  # drawn in float64, the same values in the parametrised dtype
    x = case.x.build()
    out = dropout_twice(impl, x, case.p, case.seed)  # first: the same call twice agrees
    assert out.dtype == x.dtype and out.shape == x.shape
    kept = kept_mask(impl, x.shape, case.p, case.seed, dtype)
    bound = np.where(kept, ref.kept_value_bound(x, case.p, dtype), 0.0)
    x64 = x.astype(np.float64)
    assert_close(out, s4.printed_p1_dropout(x64, case.p, kept), bound, f"dropout(x, p={case.p!r}) vs seed "
                                                                       "004's")
    assert_close(out, np.where(kept, s3.printed_p1_kept_value(x64, case.p), 0.0), bound,
                 f"dropout(x, p={case.p!r}) vs seed 003's kept y/(1-p)")


@pytest.mark.requires("dropout")
@given(case=dropout_cases(), other=st.integers(0, 2**32 - 1))
@with_examples(other=7)
def test_the_mask_depends_on_seed_and_shape_only(impl, case, other):
    """The same seed and shape give the same zero pattern for two different inputs (one mask, two inputs)."""
    x = case.x.build()
    y = np.random.default_rng(other).standard_normal(x.shape) + 5.0  # no zeros
    a = dropout_twice(impl, x, case.p, case.seed)  # first: the same call twice agrees
    b = impl.dropout(y, case.p, seed=case.seed)
    kept = b != 0
    assert np.all(a[~kept] == 0), "an entry dropped for one input was kept for the other"
    # the mask of this dtype: the contract lets a framework's mask depend on the dtype
    assert np.array_equal(kept, kept_mask(impl, x.shape, case.p, case.seed, x.dtype))


@DTYPES
@pytest.mark.requires("dropout")
@given(case=dropout_cases())
@with_examples
def test_p_zero_and_eval_mode_are_the_identity(impl, dtype, case):
    """dropout(x, p=0) = x and dropout(x, p, training=False) = x, bit for bit."""
    case = case.astype(dtype)  # drawn in float64, the same values in the parametrised dtype
    x = case.x.build()
    np.testing.assert_array_equal(impl.dropout(x, 0.0, seed=case.seed), x)
    off = impl.dropout(x, case.p, seed=case.seed, training=False)
    assert off.dtype == x.dtype
    np.testing.assert_array_equal(off, x)


@DTYPES
@pytest.mark.requires("dropout")
@given(data=st.data())
def test_p_close_to_one_gives_finite_values(impl, dtype, data):
    """For p in [0.99, 1) up to the largest float below 1, dropout(x) is finite wherever x/(1-p) is,
    and its kept entries are x/(1-p) to within the dtype's rounding (2^16 entries, so some are kept)."""
    p, seed = data.draw(p_close_to_one(), label="p"), data.draw(SEEDS, label="seed")
    case = DropoutCase(ArraySpec(LARGE, data.draw(SEEDS, label="x_seed"), dtype=dtype), p, seed)
    x = case.x.build()
    out = dropout_twice(impl, x, case.p, case.seed)  # first: the same call twice agrees
    representable = np.abs(ref.kept_value(x, case.p)) < np.finfo(dtype).max / 2
    bad = ~np.isfinite(out) & representable
    assert not bad.any(), (f"dropout(p={case.p!r}) gave {out[bad][:3]} where x/(1-p) = "
                           f"{ref.kept_value(x, case.p)[bad][:3]} is finite")
    kept = kept_mask(impl, x.shape, case.p, case.seed, x.dtype)
    assert_close(out, np.where(kept, ref.kept_value(x, case.p), 0.0),
                 np.where(kept, ref.kept_value_bound(x, case.p, dtype), 0.0), "dropout near p = 1")


@pytest.mark.requires("dropout")
@given(seed=SEEDS)
def test_different_seeds_give_different_masks(impl, seed):
    """A seed chooses the mask: two seeds give one 4096-entry mask at p = 1/2 with chance 2^-4096 only."""
    a = kept_mask(impl, (4096,), 0.5, seed, "float64")
    b = kept_mask(impl, (4096,), 0.5, seed + 1, "float64")
    assert not np.array_equal(a, b)


@pytest.mark.claim("003:P1-all-dropped")
@given(p=st.fractions(0, 1), n=st.integers(1, 64))
@example(p=Fraction(1), n=3)
@example(p=Fraction(1, 2), n=1)
def test_all_cells_are_dropped_only_at_p_one(p, n):
    """Seed 003: 'we assume p < 1, otherwise all cells are dropped': n independent cells, each dropped with
    probability p, are all dropped with probability p^n (exact rationals), which is 1 exactly at p = 1."""
    all_dropped = p**n == 1
    assert all_dropped == (p == s3.PRINTED_P1_ALL_DROPPED_AT), f"p = {p}, n = {n}: P(all dropped) = {p**n}"
