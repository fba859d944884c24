"""The corpus's Hypothesis profiles are the same on a CI machine as on a laptop.

Where a CI variable is set (``CI``, ``GITHUB_ACTIONS``, ...) Hypothesis loads its own ``ci`` profile at
import (derandomize=True, database=None). A profile of ours that inherited from it would explore one
fixed sequence in every CI run, keep no example database, and be refused by HypoFuzz.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.run_corpus import ROOT

_SHOW = """
import json
from hypothesis import settings
import dnn_invariants.harness.profiles as profiles
print(json.dumps({name: [settings.get_profile(name).derandomize, settings.get_profile(name).database is None]
                  for name in [*profiles.EXAMPLES, "replay"]}))
"""


@pytest.mark.parametrize("variable", ["CI", "GITHUB_ACTIONS", "GITLAB_CI"])
def test_a_ci_variable_does_not_derandomize_or_drop_the_database(variable):
    env = {key: value for key, value in os.environ.items() if key != "HYPOTHESIS_PROFILE"}
    env[variable] = "true"
    out = subprocess.run([sys.executable, "-c", _SHOW], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    profiles = json.loads(out.strip().splitlines()[-1])
    wrong = {name: flags for name, flags in profiles.items() if flags != [False, False]}
    assert not wrong, f"with {variable}=true, [derandomize, database is None] per profile: {wrong}"
