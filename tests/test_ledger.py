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


# --- A counterexample is recorded only by refute(), from a failing comparison ----------------------

def _corpus_modules():
    for folder in ("properties", "harness", "reference", "strategies", "implementations", "mutants"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def _direct_records(path: Path) -> list[str]:
    """Places in ``path`` that record a counterexample other than by calling refute()."""
    import ast

    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name == "add" and "counterexample" in args:
                found.append(f"{where}: add('counterexample', ...)")
            if name in ("append", "extend") and isinstance(func, ast.Attribute) and isinstance(
                    func.value, ast.Attribute) and func.value.attr == "_pending":
                found.append(f"{where}: writes channel._pending")
        if isinstance(node, ast.Name) and node.id == "FOUND":
            found.append(f"{where}: FOUND")
        if isinstance(node, ast.Attribute) and node.attr == "FOUND":
            found.append(f"{where}: .FOUND")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("refutation"):
            private = [a.name for a in node.names if a.name != "refute"]
            if private:
                found.append(f"{where}: imports {private} from refutation (only refute is public)")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("channel"):
            found.append(f"{where}: imports from channel directly")
        if isinstance(node, ast.Constant) and node.value == "counterexample" and path.name != "report.py":
            found.append(f"{where}: the string 'counterexample'")
    return found


def test_only_refute_records_a_counterexample():
    """No module but properties/refutation.py writes a counterexample record (AST scan of the corpus): no
    channel.add("counterexample", ...), no FOUND, no writes to the channel's pending list, nothing but
    refute imported from refutation. harness/report.py only reads the records."""
    allowed = {ROOT / "properties" / "refutation.py", ROOT / "harness" / "channel.py"}
    problems = [p for path in _corpus_modules() if path not in allowed for p in _direct_records(path)]
    report = ROOT / "harness" / "report.py"
    problems = [p for p in problems if not (p.startswith("harness/report.py") and "'counterexample'" in p
                                             and "add(" not in p)]
    assert not problems, "counterexamples recorded outside refute():\n" + "\n".join(problems)
    assert "FOUND" not in report.read_text()


def test_refute_records_only_after_a_failing_comparison():
    """refute() records nothing when the claim holds (find raises), and records what it returns otherwise."""
    from hypothesis import strategies as st
    from hypothesis.errors import NoSuchExample

    from dnn_invariants.harness import channel
    from dnn_invariants.properties.refutation import refute

    channel.drain()
    try:
        refute("test:never", st.integers(0, 10), lambda n: n > 10)
    except NoSuchExample:
        pass
    assert channel.drain() == []
    n = refute("test:found", st.integers(0, 10), lambda n: n >= 3)
    assert n == 3 and channel.drain() == [("counterexample", {"claim": "test:found", "text": "3"})]


def test_refute_is_derandomized():
    """The same search gives the same shrunk counterexample every time (serial and xdist alike)."""
    from hypothesis import strategies as st

    from dnn_invariants.harness import channel
    from dnn_invariants.properties.refutation import refute

    found = [refute("test:d", st.lists(st.integers()), lambda v: sum(v) > 100 and len(v) > 2)
             for _ in range(3)]
    channel.drain()
    assert found[0] == found[1] == found[2]


# --- The ledger's formulas and the transcriptions ---------------------------------------------------

def test_tex_fields_are_latex2mathml_math():
    """Every printed_tex / corrected_tex converts to MathML with latex2mathml (the HTML report's renderer)."""
    import pytest

    converter = pytest.importorskip("latex2mathml.converter")
    bad = []
    for c in ledger.load():
        for field in ("printed_tex", "corrected_tex"):
            tex = getattr(c, field)
            try:
                if tex:
                    converter.convert(tex)
            except Exception as error:  # noqa: BLE001 (any failure of the converter is the finding)
                bad.append(f"{c.id}.{field}: {error!r}")
    assert not bad, "\n".join(bad)


def test_every_claim_names_its_problem():
    assert all(c.problem for c in ledger.load())


def test_repaired_seed004_code_is_the_printed_code():
    """Seed 004 4(b)'s code as executed differs from the code as printed only by the listed misprints, the
    two unprinted structural lines and the indentation (token by token)."""
    from dnn_invariants.reference.seeds import seed004 as s4

    assert s4.p4b_tokens(s4.PRINTED_P4B_CODE, repair=True) == s4.p4b_tokens(s4.P4B_CODE, repair=False)
    for printed, _ in s4.P4B_MISPRINTS:
        assert printed in s4.PRINTED_P4B_CODE, f"listed misprint {printed!r} is not in the printed code"


def test_transcriptions_name_their_seed():
    """Each reference/seeds module transcribes the seed file it names, and every ledger seed has one."""
    import importlib

    seeds = {c.seed for c in ledger.load()}
    for n in range(5):
        module = importlib.import_module(f"dnn_invariants.reference.seeds.seed00{n}")
        assert module.SEED in seeds and module.SEED.startswith(f"00{n}_")
