"""The installed form: one package, dnn_invariants, and the `dnn-invariants` command run from any project.

The end-to-end test needs the project installed in the running environment (tox installs it into
every environment); from a plain checkout venv it is skipped.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from tests.run_corpus import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_package_list_names_every_package_folder():
    """pyproject.toml lists the installed subpackages by hand; a new folder must be added there."""
    mapping = PYPROJECT["tool"]["setuptools"]["package-dir"]
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = set()
    for package, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join([package, *relative.parts]))
    assert found == listed, f"not listed: {sorted(found - listed)}; not found: {sorted(listed - found)}"


def test_no_generic_top_level_package():
    names = {p.split(".")[0] for p in PYPROJECT["tool"]["setuptools"]["packages"]}
    assert names == {"dnn_invariants"}


def test_the_installed_pytest_settings_are_the_checkouts():
    ini = configparser.ConfigParser()
    ini.read(ROOT / "dnn_invariants" / "pytest.ini")
    ours = PYPROJECT["tool"]["pytest"]["ini_options"]
    assert ini["pytest"]["addopts"].split() == ours["addopts"]
    assert ini["pytest"]["xfail_strict"] == str(ours["xfail_strict"]).lower()


def _installed_corpus() -> Path | None:
    """The installed package's folder, looked up from outside the checkout (None: not installed)."""
    probe = subprocess.run([sys.executable, "-c", "import dnn_invariants; print(dnn_invariants.__file__)"],
                           cwd="/", capture_output=True, text=True, env={"PATH": os.environ.get("PATH", "")})
    if probe.returncode != 0:
        return None
    folder = Path(probe.stdout.strip()).parent
    return folder if (folder / "properties").is_dir() else None


ADAPTER = '''
"""My framework's convolution: its input gradient forgets to flip the kernel."""
import numpy as np
from dnn_invariants.implementations import numpy_ops

NAME = "my framework"
conv = numpy_ops.conv


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    flipped = np.flip(w, axis=tuple(range(2, w.ndim)))
    dx, _ = numpy_ops.conv_backward(x, flipped, dy, stride=stride, padding=padding, dilation=dilation,
                                    groups=groups)
    _, dw = numpy_ops.conv_backward(x, w, dy, stride=stride, padding=padding, dilation=dilation,
                                    groups=groups)
    return dx, dw
'''


def test_one_command_from_another_project_and_its_reproducer_replays_there(tmp_path):
    corpus = _installed_corpus()
    if corpus is None:
        pytest.skip("dnn-invariants is not installed in this environment (tox installs it)")
    command = shutil.which("dnn-invariants", path=str(Path(sys.executable).parent))
    assert command, "the dnn-invariants command is not installed beside this Python"
    project = tmp_path / "myproject"
    (project / "mylib").mkdir(parents=True)
    (project / "mylib" / "__init__.py").write_text("")
    (project / "mylib" / "adapter.py").write_text(textwrap.dedent(ADAPTER))
    (project / "pyproject.toml").write_text("[tool.pytest.ini_options]\naddopts = '-x --strict-config'\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DNN_INVARIANTS_IMPL")}
    run = subprocess.run([command, "--impl", "mylib.adapter", "--hypothesis-profile=dev",
                          "properties/convolution/test_input_gradient.py",
                          "properties/convolution/test_output_size.py"],
                         cwd=project, capture_output=True, text=True, env=env, timeout=900)
    out = run.stdout
    assert run.returncode == 1, out[-3000:] + run.stderr[-2000:]
    assert f"rootdir: {corpus}" in out  # the installed corpus, not the project's pytest settings
    assert "implementation 'mylib.adapter'" in out and "differ beyond the rounding bound" in out
    assert (project / ".hypothesis").is_dir(), "the example database belongs in the project"
    scripts = list((project / "reports" / "reproducers" / "mylib.adapter").glob("*.py"))
    assert scripts, out[-2000:]
    replay = subprocess.run([sys.executable, str(scripts[0].relative_to(project))], cwd=project,
                            capture_output=True, text=True, env=env, timeout=300)
    assert replay.returncode == 1, replay.stderr[-2000:]
    assert "differ beyond the rounding bound" in replay.stderr


def test_the_distribution_installs_one_top_level_package():
    corpus = _installed_corpus()
    if corpus is None:
        pytest.skip("dnn-invariants is not installed in this environment (tox installs it)")
    # Asked from outside the checkout, which holds a build's egg-info of its own.
    probe = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        from importlib import metadata
        files = metadata.files("dnn-invariants") or []
        tops = {f.parts[0] for f in files if not f.parts[0].endswith(".dist-info")}
        print(sorted(tops - {".."}))
        """)], cwd="/", capture_output=True, text=True, env={"PATH": os.environ.get("PATH", "")})
    assert probe.stdout.strip() == "['dnn_invariants']", probe.stdout + probe.stderr
