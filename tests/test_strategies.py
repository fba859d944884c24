"""The strategies themselves: valid configurations, and an alphabet that covers every feature."""

from __future__ import annotations

from hypothesis import given

from dnn_invariants.strategies.conv import CONV_ALPHABET, free_conv_configs


def _valid(c):
    assert c.c_in % c.groups == 0 and c.c_out % c.groups == 0
    assert all(m >= 1 for m in c.m)
    assert 1 <= c.batch <= 4 and all(1 <= k <= 5 for k in c.kernel)
    assert all(1 <= s <= 3 for s in c.stride) and all(1 <= d <= 3 for d in c.dilation)
    assert all(0 <= lo <= 3 and 0 <= hi <= 3 for lo, hi in c.padding)


@given(free_conv_configs())
def test_free_configs_are_valid(c):
    _valid(c)


def test_alphabet_is_valid_and_covers_every_feature():
    for c in CONV_ALPHABET:
        _valid(c)
    for ndim in (1, 2, 3):
        cs = [c for c in CONV_ALPHABET if c.ndim == ndim]
        assert cs[0].complexity == min(c.complexity for c in cs)
        assert any(c.groups > 1 for c in cs), f"{ndim}-D: no grouped conv"
        assert any(any(c.remainder) for c in cs), f"{ndim}-D: no stride remainder"
        assert any(max(c.dilation) > 1 for c in cs), f"{ndim}-D: no dilation"
        assert any(any(lo != hi for lo, hi in c.padding) for c in cs), f"{ndim}-D: no asymmetric pad"
        assert any(max(c.stride) > 1 for c in cs) and any(c.batch > 1 for c in cs)
    assert {k for c in CONV_ALPHABET for k in c.kernel} == {1, 2, 3, 4, 5}
    assert {s for c in CONV_ALPHABET for s in c.stride} == {1, 2, 3}
    assert CONV_ALPHABET[0].complexity == min(c.complexity for c in CONV_ALPHABET)
