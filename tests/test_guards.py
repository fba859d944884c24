"""The implementation under test is untrusted input: each misbehaviour gets a clear answer.

Each test runs the corpus in a child process against one misbehaving adapter in
tests/adapters/ (each wraps a correct implementation and does one thing wrong).
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.run_corpus import ROOT, run_corpus

CONV = "properties/convolution"


def _out(result) -> str:
    return result.stdout + result.stderr


def test_a_write_to_an_argument_fails_naming_the_operation_and_the_argument():
    result = run_corpus("--impl", "tests.adapters.writes_dy", f"{CONV}/test_input_gradient.py")
    assert result.returncode == 1, _out(result)[-3000:]
    assert "conv_backward wrote to its argument dy" in result.stdout


def test_a_wrong_conv_that_zeroes_its_input_cannot_pass():
    """References come from the corpus's own copies: zeroing x cannot make an all-zero conv look right."""
    result = run_corpus("--impl", "tests.adapters.zeros_and_zeroes_x", f"{CONV}/test_conv_matrix.py",
                        f"{CONV}/test_output_size.py")
    assert result.returncode == 1
    assert "conv wrote to its argument x" in result.stdout
    assert re.search(r"convolution\s+\d+ passed\s+[1-9]\d* failed", result.stdout), result.stdout[-2000:]


def test_state_changed_at_import_is_undone_and_reported():
    result = run_corpus("--impl", "tests.adapters.x64_off_at_import", "properties/contract",
                        f"{CONV}/test_output_size.py", quiet=False)
    out = result.stdout
    assert ("importing the implementation changed the process state (undone): "
            "jax_enable_x64: True -> False") in out
    assert "properties/contract/test_loading.py F" in out
    assert re.search(r"convolution\s+3 passed\s+0 failed", out), out[-2000:]  # later properties unaffected


def test_state_changed_inside_an_operation_fails_that_property_and_is_undone():
    result = run_corpus("--impl", "tests.adapters.x64_off_in_op", "properties/dropout/test_activations.py",
                        "properties/batch_norm/test_bn_backward.py", "-k", "relu6 or jacfwd")
    out = result.stdout
    assert ("activation changed the process state the corpus's oracles rely on: "
            "jax_enable_x64: True -> False (restored)") in out
    # the JAX oracle of the batch-norm property ran after the change, in float64 again
    assert re.search(r"batch_norm\s+1 passed", out), out[-2000:]


def test_numpy_error_state_set_to_raise_is_a_contract_failure_not_a_counterexample():
    result = run_corpus("--impl", "tests.adapters.seterr_raise", "properties/dropout/test_dropout_values.py")
    out = result.stdout
    assert "dropout changed the process state the corpus's oracles rely on: numpy error state" in out
    assert "FloatingPointError" not in out


def test_a_changed_rounding_mode_is_detected_and_undone():
    result = run_corpus("--impl", "tests.adapters.rounding_upward", f"{CONV}/test_conv_matrix.py")
    assert "floating-point rounding mode: to nearest -> mode" in result.stdout


def test_a_hang_fails_the_example_with_its_input():
    result = run_corpus("--impl", "tests.adapters.hangs", "--example-timeout", "3",
                        "--hypothesis-profile=ci", f"{CONV}/test_output_size.py::test_output_size_formula")
    out = result.stdout
    assert result.returncode == 1, _out(result)[-3000:]
    assert "ExampleTimeout: the example ran for more than 3 s (--example-timeout) and was stopped" \
        in out
    assert re.search(r"input: case=ConvCase\(config=ConvConfig\(.*stride=\([^)]*3", out)
    assert "replay it with: python reports/reproducers/tests.adapters.hangs/" in out


def test_a_crash_loses_one_property_with_its_input_and_the_run_completes():
    result = run_corpus("--impl", "tests.adapters.aborts", "--isolate", "--hypothesis-profile=ci",
                        f"{CONV}/test_output_size.py::test_output_size_formula",
                        f"{CONV}/test_conv_matrix.py")
    out = result.stdout
    assert result.returncode == 1, _out(result)[-3000:]
    assert "crashed while running 'properties/convolution/test_output_size.py::test_output_size_formula'" \
        in out
    assert "the implementation crashed the process" in out and "Input: case=ConvCase(" in out
    assert "seed claims decided in this run" in out  # the summary and the ledger completed
    assert re.search(r"convolution\s+1 passed\s+2 failed", out), out[-2000:]  # A^T passed: conv_backward


def test_a_list_instead_of_an_array_names_the_contract():
    result = run_corpus("--impl", "tests.adapters.returns_list", f"{CONV}/test_conv_matrix.py")
    assert "conv returned list as its result; the contract asks for a NumPy array" in result.stdout
    assert "AttributeError" not in result.stdout


def test_nondeterminism_is_reported_with_both_results():
    result = run_corpus("--impl", "tests.adapters.noisy",
                        f"{CONV}/test_conv_matrix.py::test_forward_is_the_conv_matrix")
    out = result.stdout
    assert "conv is not deterministic: called twice with the same arguments" in out
    assert "First: array of shape" in out and "now: array of shape" in out


def test_the_determinism_digest_tells_apart_any_two_results():
    """The digest the determinism check compares (a sketch for large arrays, SHA-1 for the rest)
    changes with one word, one last byte, a swap of two chunks, the dtype or the shape."""
    import numpy as np

    from dnn_invariants.implementations.guard import digest

    rng = np.random.default_rng(0)
    for a in (rng.random(300_001), rng.random(7), rng.random(100_003).astype(np.float32),
              np.arange(300_007, dtype=np.uint8)):
        assert digest(a) == digest(a.copy())
        one = a.copy()
        one[a.size // 3] += 1
        assert digest(one) != digest(a)
        last = a.copy()
        last[-1] += 1
        assert digest(last) != digest(a)
        assert digest(a.astype(np.float64) if a.dtype != np.float64 else a.astype(np.float32)) != digest(a)
    big = rng.random(1 << 17)
    swapped = np.concatenate([big[1 << 15: 1 << 16], big[: 1 << 15], big[1 << 16:]])
    assert digest(swapped) != digest(big)
    assert digest(big.reshape(2, -1)) != digest(big)
    assert digest((1, (2, 3))) != digest((1, (3, 2)))


def test_a_missing_dependency_is_one_usage_error(tmp_path):
    (tmp_path / "needs_missing.py").write_text("import definitely_not_installed_pkg\n")
    result = run_corpus("--impl", "needs_missing", f"{CONV}/test_output_size.py",
                        env={"PYTHONPATH": str(tmp_path)})
    err = result.stderr
    assert result.returncode == 4, _out(result)
    assert ("implementation module 'needs_missing' could not be imported: it imports "
            "'definitely_not_installed_pkg', which is not installed") in err
    assert "INTERNALERROR" not in _out(result) and "Traceback" not in _out(result)


def test_an_exception_while_importing_is_one_usage_error(tmp_path):
    (tmp_path / "broken_adapter.py").write_text("raise RuntimeError('no GPU found')\n")
    result = run_corpus("--impl", "broken_adapter", f"{CONV}/test_output_size.py",
                        env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 4
    assert "could not be imported: RuntimeError: no GPU found (at " in result.stderr


def test_a_run_in_which_no_property_ran_exits_non_zero():
    result = run_corpus("--impl", "tests.adapters.nothing_useful", f"{CONV}/test_conv_matrix.py")
    assert result.returncode == 5, _out(result)[-2000:]
    assert "no property ran against implementation 'tests.adapters.nothing_useful'" in result.stdout


def test_a_refused_case_rejects_that_example_only():
    result = run_corpus("--impl", "tests.adapters.refuses_groups", "--hypothesis-profile=ci",
                        f"{CONV}/test_conv_matrix.py::test_forward_is_the_conv_matrix")
    out = result.stdout
    assert result.returncode == 0, out[-2000:]
    assert re.search(r"test_forward_is_the_conv_matrix: \d+ ran, \d+ rejected \(\d+ x conv raised "
                     r"NotImplementedError: no grouped convolutions\)", out), out[-2000:]


def test_a_declared_case_that_raises_is_a_failure():
    result = run_corpus("--impl", "tests.adapters.declares_but_raises",
                        f"{CONV}/test_conv_matrix.py::test_forward_is_the_conv_matrix")
    assert result.returncode == 1
    assert "conv raised NotImplementedError: float32, for a case its SUPPORTS declaration covers" \
        in result.stdout


def test_reproducers_are_per_implementation_and_stale_ones_are_removed(tmp_path):
    one = (f"{CONV}/test_input_gradient.py"
           "::test_input_gradient_is_conv_of_spread_gradient_with_flipped_kernel")
    directory = tmp_path / "repro"
    failed = run_corpus("--impl", "tests.adapters.flipless", f"--reproducers={directory}", one)
    assert failed.returncode == 1
    written = directory / "tests.adapters.flipless" / (
        "test_input_gradient__test_input_gradient_is_conv_of_spread_gradient_with_flipped_kernel.py")
    assert written.exists(), failed.stdout[-2000:]
    # it replays from any directory, with no PYTHONPATH
    replay = subprocess.run([sys.executable, str(written)], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"}, timeout=300)
    assert replay.returncode == 1, replay.stderr[-2000:]
    assert "differ beyond the rounding bound" in replay.stderr
    # another implementation's run leaves it alone; a passing run of the same implementation removes it
    run_corpus("--impl", "jax", f"--reproducers={directory}", one)
    assert written.exists()
    (directory / "jax").mkdir(exist_ok=True)
    stale = directory / "jax" / written.name
    stale.write_text("# stale\n")
    run_corpus("--impl", "jax", f"--reproducers={directory}", one)
    assert not stale.exists() and written.exists()


def test_the_adapters_here_are_all_exercised():
    adapters = {p.stem for p in (ROOT / "tests" / "adapters").glob("*.py") if p.stem != "__init__"}
    text = "".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py"))
    unused = sorted(a for a in adapters if f"tests.adapters.{a}" not in text)
    assert not unused, f"adapters no machinery test runs: {unused}"
