"""The ``dnn-invariants`` command: run the corpus from any directory, against a module of that directory.

    dnn-invariants --impl mylib.adapter [pytest options] [properties/<family> ...]
    dnn-invariants fuzz [-n N] [--no-dashboard] -- --impl mylib.adapter [corpus options]

The current directory is put on ``sys.path`` first (as ``python -m pytest``
does), so ``--impl`` names a module of the project you run it from. Reports,
reproducers and Hypothesis's example database are written there too
(``reports/``, ``.hypothesis/``). Arguments that start with ``properties``
name parts of the corpus (``properties/convolution``,
``properties/batch_norm/test_bn_backward.py::test_...``); without one, the
whole corpus runs. Everything else goes to pytest unchanged.

Installed (``pip install``), the corpus is the package's own folder and the
command uses the pytest settings shipped with it (``dnn_invariants/pytest.ini``),
whatever the current project's pytest configuration says. In a checkout it
runs the checkout's corpus, as ``python -m pytest`` there does.

``fuzz`` runs a HypoFuzz campaign (``hypothesis fuzz``) over the corpus's
properties: pass the corpus options after ``--``, and share the example
database between workers and machines with ``--example-database``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dnn_invariants

PLUGIN = "dnn_invariants.harness.plugin"


def _corpus() -> tuple[Path, bool]:
    """(the folder holding properties/, whether it is an installed package rather than a checkout)."""
    package = Path(dnn_invariants.__file__).resolve().parent
    if (package / "properties").is_dir():
        return package, True
    return package.parent, False


def pytest_arguments(argv: list[str]) -> list[str]:
    root, installed = _corpus()
    paths = [str(root / a) for a in argv if a.startswith("properties")]
    rest = [a for a in argv if not a.startswith("properties")]
    settings = ["-p", PLUGIN, "-c", str(root / "pytest.ini")] if installed else []
    return [*settings, "--rootdir", str(root), *rest, *(paths or [str(root / "properties")])]


def _fuzz(argv: list[str]) -> int:
    try:
        import hypofuzz.entrypoint  # noqa: F401  (registers `fuzz` with Hypothesis's command line)
        from hypothesis.extra.cli import main as hypothesis_main
    except ImportError:
        print("dnn-invariants fuzz needs HypoFuzz: pip install 'dnn-invariants[fuzz]'", file=sys.stderr)
        return 4
    split = argv.index("--") if "--" in argv else len(argv)
    own, corpus = argv[:split], argv[split + 1:]
    return hypothesis_main(["fuzz", *own, "--", *pytest_arguments(corpus)], standalone_mode=False) or 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    sys.path.insert(0, os.getcwd())  # --impl names a module of the project this runs in
    if argv[:1] == ["fuzz"]:
        return _fuzz(argv[1:])
    import pytest

    return int(pytest.main(pytest_arguments(argv)))


if __name__ == "__main__":
    sys.exit(main())
