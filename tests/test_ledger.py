"""The ledger and the corpus stay in step: every entry's tests exist, every claim marker has an entry."""

from __future__ import annotations

import importlib
from pathlib import Path

from dnn_invariants.harness import ledger

ROOT = Path(__file__).resolve().parent.parent


def _function(test_id: str):
    path, name = test_id.split("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return getattr(module, name, None)


def _marked_claims(function) -> set[str]:
    return {i for mark in getattr(function, "pytestmark", []) if mark.name == "claim" for i in mark.args}


def _property_functions():
    for path in sorted((ROOT / "properties").rglob("test_*.py")):
        module = importlib.import_module(str(path.relative_to(ROOT).with_suffix("")).replace("/", "."))
        for name, value in vars(module).items():
            if name.startswith("test_") and callable(value):
                yield f"{path.relative_to(ROOT)}::{name}", value


def test_every_entry_names_tests_that_exist():
    missing = [(c.id, t) for c in ledger.load() for t in c.tests if _function(t) is None]
    assert not missing, f"ledger entries name tests that do not exist: {missing}"


def test_every_claim_marker_is_in_the_ledger_and_lists_the_test():
    entries = {c.id: c for c in ledger.load()}
    problems = []
    for test_id, function in _property_functions():
        for claim in _marked_claims(function):
            if claim not in entries:
                problems.append(f"{test_id} is marked {claim!r}, which is not in ledger.toml")
            elif test_id not in entries[claim].tests:
                problems.append(f"{claim} does not list {test_id}, which is marked with it")
    assert not problems, "\n".join(problems)


def test_every_listed_test_carries_the_claim_marker():
    problems = [f"{t} decides {c.id} but is not marked with it"
                for c in ledger.load() for t in c.tests
                if (f := _function(t)) is not None and c.id not in _marked_claims(f)]
    assert not problems, "\n".join(problems)


def test_every_conditional_claim_has_a_test_on_each_side():
    """A conditional claim is decided by at least two tests: where its condition holds and where it fails."""
    thin = [c.id for c in ledger.load() if c.verdict == "conditional" and len(c.tests) < 2]
    assert not thin, f"conditional claims decided by a single test: {thin}"


def test_refuted_claims_are_decided_with_a_recorded_counterexample(tmp_path):
    """Running the deciding tests of every refuted claim passes them and records a counterexample for each."""
    import json

    from tests.run_corpus import run_corpus

    refuted = [c for c in ledger.load() if c.verdict == "refuted"]
    tests = sorted({t for c in refuted for t in c.tests})
    report = tmp_path / "claims.json"
    result = run_corpus("--impl", "jax", f"--claims-report={report}", *tests)
    assert result.returncode == 0, result.stdout[-3000:]
    rows = {r["id"]: r for r in json.loads(report.read_text())}
    problems = [f"{c.id}: outcome {rows[c.id]['outcome']}, counterexample {rows[c.id]['counterexample']!r}"
                for c in refuted if rows[c.id]["outcome"] != "passed" or not rows[c.id]["counterexample"]]
    assert not problems, "\n".join(problems)
