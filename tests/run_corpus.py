"""Run the corpus in a child pytest process, as a user would from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_corpus(*args: str, env: dict | None = None, quiet: bool = True) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DNN_INVARIANTS_IMPL"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *(["-q"] if quiet else []),
         "-rs", "--hypothesis-profile=dev", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900,
    )
