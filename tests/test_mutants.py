"""The kill test: the corpus catches every mutant in mutants/ (at least one property fails for each).

Deselected unless pytest runs with ``--mutants`` (``tox -e mutants``). Each
mutant gets one in-process run of the properties that need the operation it
breaks, at the Hypothesis profile of this run (``ci`` by default), with the
example database off and without the explain phase. The kill table (who killed each mutant, after how
many calls, how small the shrunk counterexample is) is printed at the end of
the run and written to reports/mutants.json and reports/mutants.md.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

import mutants
from dnn_invariants.harness import mutation

pytestmark = pytest.mark.mutants


@pytest.fixture(scope="module")
def hypothesis_args(pytestconfig):
    args = [f"--hypothesis-profile={settings.get_current_profile_name()}"]
    seed = pytestconfig.getoption("hypothesis_seed", None)
    return args + ([f"--hypothesis-seed={seed}"] if seed is not None else [])


@pytest.mark.parametrize("mutant", mutants.names())
def test_mutant_is_killed(mutant, hypothesis_args, tmp_path):
    """Some property that needs the mutated operation fails against the mutant."""
    record = mutation.run_against(mutant, hypothesis_args=hypothesis_args, reproducers=tmp_path,
                                  log=mutation.REPORTS / "mutants" / f"{mutant}.log")
    mutation.RESULTS[mutant] = record
    assert record["selected"] > 0, f"{mutant}: no property requires {record['operation']!r}"
    assert record["killed"], (
        f"{mutant} survived: {record['selected']} properties needing {record['operation']!r} ran "
        f"(outcomes {record['outcomes']}, exit code {record['exit_code']}); see reports/mutants/{mutant}.log")
