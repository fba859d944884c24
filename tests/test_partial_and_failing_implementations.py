"""Partial implementations skip cleanly; raising or buggy ones fail with a counterexample."""

from __future__ import annotations

import re

from tests.run_corpus import run_corpus


def test_partial_implementation_skips_name_the_missing_operation():
    result = run_corpus("--impl", "dnn_invariants.implementations.examples.partial", "properties/convolution")
    out = result.stdout
    assert result.returncode == 0, out[-3000:]
    skips = [line for line in out.splitlines() if line.startswith("SKIPPED")]
    assert skips, out
    for line in skips:
        assert re.search(r"does not provide '(conv_backward|conv_transpose)'", line), line
    assert re.search(r"\d+ passed", out)


def test_raising_implementation_fails_with_the_counterexample():
    result = run_corpus("--impl", "tests.adapters.raising",
                        "properties/convolution/test_output_size.py::test_output_size_formula")
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert "ValueError: this adapter cannot stride" in out
    # Hypothesis 6.1xx says "Failing test case", older releases "Falsifying example".
    assert "Failing test case" in out or "Falsifying example" in out
    assert "stride=(2,)" in out  # shrunk to the simplest strided configuration, 1-D


def test_classic_bug_is_caught_and_shrunk():
    result = run_corpus(
        "--impl", "tests.adapters.flipless",
        "properties/convolution/test_input_gradient.py"
        "::test_input_gradient_is_conv_of_spread_gradient_with_flipped_kernel")
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert "Failing test case" in out or "Falsifying example" in out
    assert "differ beyond the rounding bound" in out
