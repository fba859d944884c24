"""Choosing the implementation: a typo is one clear usage error, the header says what ran."""

from __future__ import annotations

from tests.run_corpus import run_corpus

ONE_FILE = "properties/convolution/test_output_size.py"


def test_unknown_implementation_is_one_usage_error():
    result = run_corpus("--impl", "jaxx", ONE_FILE)
    assert result.returncode == 4, result.stdout + result.stderr  # pytest's usage-error exit code
    err = result.stderr
    assert "unknown implementation 'jaxx'" in err and "jax, mlx, numpy, tensorflow, torch" in err
    assert "Traceback" not in err + result.stdout


def test_environment_variable_chooses_too():
    result = run_corpus(ONE_FILE, env={"DNN_INVARIANTS_IMPL": "no.such.module"})
    assert result.returncode == 4 and "unknown implementation 'no.such.module'" in result.stderr


def test_header_names_the_implementation_and_versions():
    result = run_corpus("--impl", "dnn_invariants.implementations.examples.partial", "--collect-only",
                        ONE_FILE, quiet=False)
    out = result.stdout
    assert "implementation 'dnn_invariants.implementations.examples.partial'" in out, out
    for package in ("python", "jax", "jaxlib", "numpy", "hypothesis"):
        assert f"{package} " in out
    assert "provides 1 operations: conv" in out


def test_a_broken_dependency_inside_an_adapter_is_not_hidden(tmp_path):
    (tmp_path / "needs_missing.py").write_text("import definitely_not_installed_pkg\n")
    result = run_corpus("--impl", "needs_missing", ONE_FILE, env={"PYTHONPATH": str(tmp_path)})
    assert "definitely_not_installed_pkg" in result.stdout + result.stderr
    assert "unknown implementation" not in result.stderr
