"""The ledger and the corpus stay in step: every entry's tests exist, every claim marker has an entry."""

from __future__ import annotations

import importlib
from pathlib import Path

from harness import ledger

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
