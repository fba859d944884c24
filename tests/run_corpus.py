"""Run the corpus in a child pytest process, as a user would from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_corpus(*args: str, env: dict | None = None, quiet: bool = True) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DNN_INVARIANTS_IMPL"}
    environment.update(env or {})
    # A fresh example database per child run: the database is keyed by node id, not implementation,
    # so a failure one test's adapter saved would be replayed first for the next test's adapter.
    with tempfile.TemporaryDirectory(prefix="dnn-invariants-db-") as database:
        own_database = () if any(a.startswith("--example-database") for a in args) else (
            f"--example-database={database}",)
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *(["-q"] if quiet else []),
             "-rs", "--hypothesis-profile=dev", *own_database, *args],
            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900,
        )
