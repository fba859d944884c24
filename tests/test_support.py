"""Declared support: cases drawn inside it, never passed outside it; a skip only when nothing is supported."""

from __future__ import annotations

import re

import pytest

from dnn_invariants.implementations.support import InvalidDeclaration, Support
from tests.run_corpus import run_corpus


def test_a_narrow_framework_runs_every_convolution_property_on_what_it_supports():
    """float32 only, 1-D and 2-D, groups = 1, symmetric padding: every randomised property runs."""
    result = run_corpus("--impl", "tests.adapters.limited_conv", "--hypothesis-profile=ci",
                        "properties/convolution", "-rs")
    out = result.stdout
    assert result.returncode == 0, out[-3000:]
    summary = re.search(r"convolution\s+(\d+) passed\s+0 failed\s+(\d+) skipped", out)
    assert summary, out[-3000:]
    # the only skips are the tests of seed 001's literal float64 example, which it cannot run at all
    skips = [line for line in out.splitlines() if line.startswith("SKIPPED")]
    assert skips and all("supports none of this property's cases" in s and "float64" in s for s in skips)
    none_ran = re.findall(r"^\s+(properties/\S+): 0 ran, \d+ rejected", out, flags=re.M)
    assert len(none_ran) == int(summary[2]) >= 3, out[-3000:]
    assert all(n.startswith("properties/convolution/test_seed001_example.py::") for n in none_ran), none_ran
    assert int(summary[1]) >= 17  # every randomised property ran


def test_declarations_are_checked():
    with pytest.raises(InvalidDeclaration, match="unknown feature 'group'"):
        Support({"conv": {"group": False}})
    with pytest.raises(InvalidDeclaration, match="dtypes must be a list"):
        Support({"*": {"dtypes": "float32"}})
    with pytest.raises(InvalidDeclaration, match="unknown operation 'convolve'"):
        Support({"convolve": {}})


def test_refusal_names_the_feature():
    s = Support({"*": {"dtypes": ["float32"]}, "conv": {"groups": False}})
    assert s.refusal("conv", {"dtypes": "float64"}) == \
        "conv: dtype 'float64' not declared (SUPPORTS allows ['float32'])"
    assert s.refusal("conv", {"dtypes": "float32", "groups": True}) == "conv: groups declared unsupported"
    assert s.refusal("dropout", {"dtypes": "float32"}) is None
    assert s.refusal("conv", {"dtypes": "float32", "groups": False}) is None
