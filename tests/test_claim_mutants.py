"""Claim mutants: every seed claim's deciding tests fail once its transcription is made true or false.

For each row of tests/claim_mutants.py, one in-process ``pytest.main`` runs the claim's deciding
tests (the ledger's ``path::function`` ids, every parametrisation) with the transcription
replaced (a plugin sets the attribute of dnn_invariants.reference.seeds.seedNNN before the run
and restores it after). The mutant is killed when the tests it names (``kills``), or else any
of the claim's tests, fail while they pass unmutated (a baseline run of each deciding test, once per
process, before the first mutant that needs it).
A refuted claim's refutation must fail once its transcription is made true; a claim that holds
must fail once it is falsified; a conditional claim needs both. A surviving mutant is a test
that would pass whatever the seed said.

Each row's record goes to reports/claim_mutants/<row>.json; at the end of the session
tests/conftest.py gathers them into reports/claim_mutants.json (per mutant: claim, side,
transcription, note, tests run, their outcomes, killed or not, seconds) and prints the claim kill
table, serial or under pytest-xdist alike.

    python -m pytest tests/test_claim_mutants.py -q                        # ci profile, every claim
    python -m pytest tests/test_claim_mutants.py -q -n 2                   # two processes (pytest-xdist)
    python -m pytest tests/test_claim_mutants.py -q -k 002_P2              # one claim's rows
    python -m pytest tests/test_claim_mutants.py -q --hypothesis-profile=dev  # fewer examples per property
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import Phase, settings

from dnn_invariants.harness import ledger, no_database
from tests.claim_mutants import MUTANTS

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "reports" / "claim_mutants"  # one JSON record per row, gathered by tests/conftest.py
SEEDS = "dnn_invariants.reference.seeds"
CLAIMS = {c.id: c for c in ledger.load()}


def _record(name: str, record: dict) -> None:
    RECORDS.mkdir(parents=True, exist_ok=True)
    (RECORDS / f"{name}.json").write_text(json.dumps(record, indent=1, default=str) + "\n")


def _resolve(target: str):
    module, name = target.split(".")
    module = importlib.import_module(f"{SEEDS}.{module}")
    assert hasattr(module, name), f"{target}: no such transcription"
    return module, name


class Outcomes:
    """Plugin for one inner run: the outcome of every test function (base node id), failures of any phase
    counting; optionally a transcription replaced for the run."""

    def __init__(self, target: str | None = None, mutate=None):
        self.target, self.mutate, self.saved = target, mutate, None
        self.outcomes: dict[str, str] = {}

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config):
        if self.target:
            module, name = _resolve(self.target)
            self.saved = getattr(module, name)
            setattr(module, name, self.mutate(self.saved))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionstart(self, session):
        # no example database (no run may hand another its failing examples), no shrinking and no
        # explain phase: only whether a test fails matters here (refute() shrinks with its own settings)
        no_database.disable(phases=[Phase.explicit, Phase.reuse, Phase.generate])

    def pytest_unconfigure(self, config):
        no_database.restore()
        if self.target and self.saved is not None:
            module, name = _resolve(self.target)
            setattr(module, name, self.saved)

    def pytest_runtest_logreport(self, report):
        base = report.nodeid.split("[")[0]
        failed = report.failed
        previous = self.outcomes.get(base)
        if failed:
            self.outcomes[base] = "failed"
        elif report.when == "call" and previous != "failed":
            self.outcomes[base] = "passed" if report.passed or previous == "passed" else report.outcome
        elif report.when == "setup" and report.skipped and previous is None:
            self.outcomes[base] = "skipped"

    def pytest_collectreport(self, report):
        if report.failed:
            self.outcomes[report.nodeid] = "failed"


def _run(tests, hypothesis_args, tmp: Path, target=None, mutate=None, log: Path | None = None,
         first_failure=False):
    plugin = Outcomes(target, mutate)
    args = [*tests, *(["-x"] if first_failure else []), "--impl", "jax", *hypothesis_args, "-q",
            "--no-header", "-p", "no:warnings", "-p", "no:cacheprovider", "--reproducers", str(tmp),
            "-o", "addopts=--import-mode=importlib"]
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = pytest.main(args, plugins=[plugin])
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(out.getvalue())
    return plugin.outcomes, int(code), round(time.perf_counter() - start, 2)


@pytest.fixture(scope="module")
def hypothesis_args(pytestconfig):
    args = [f"--hypothesis-profile={settings.get_current_profile_name()}"]
    seed = pytestconfig.getoption("hypothesis_seed", None)
    return args + ([f"--hypothesis-seed={seed}"] if seed is not None else [])


_BASELINE: dict[str, str] = {}  # deciding test -> its unmutated outcome, in this process


def _baseline(tests, hypothesis_args, tmp: Path) -> dict[str, str]:
    """The unmutated outcomes of ``tests``, each run once per process (the first claim that needs it):
    a mutant counts as killed only by a test that passes unmutated."""
    missing = [t for t in tests if t not in _BASELINE]
    if missing:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "serial")
        name = f"(baseline-{worker}-{len(_BASELINE)})"
        outcomes, code, seconds = _run(missing, hypothesis_args, tmp, log=RECORDS / f"{name}.log")
        for t in missing:
            _BASELINE[t] = outcomes.get(t, "not run")
        _record(name, dict(tests=missing, outcomes={t: _BASELINE[t] for t in missing}, exit_code=code,
                           seconds=seconds, baseline=True))
    not_passing = {t: _BASELINE[t] for t in tests if _BASELINE[t] != "passed"}
    assert not not_passing, f"deciding tests that do not pass unmutated: {not_passing}"
    return _BASELINE


def test_every_claim_has_its_mutants():
    """holds: a falsified row; refuted: a made-true row; conditional: one of each, or a 'both' row."""
    sides: dict[str, set] = {}
    for m in MUTANTS:
        assert m.claim in CLAIMS, f"{m.id}: {m.claim} is not in the ledger"
        _resolve(m.target)
        names = {t.split("::")[1] for t in CLAIMS[m.claim].tests}
        assert set(m.kills) <= names, f"{m.id}: kills {set(m.kills) - names}, not deciding tests of {m.claim}"
        sides.setdefault(m.claim, set()).add(m.side)
    need = {"holds": [{"falsified"}], "refuted": [{"made true"}],
            "conditional": [{"made true", "falsified"}, {"both"}]}
    missing = [f"{c.id} ({c.verdict}): has {sorted(sides.get(c.id, ()))}" for c in CLAIMS.values()
               if not any(n <= sides.get(c.id, set()) for n in need[c.verdict])]
    assert not missing, "claims without the mutants their verdict needs:\n" + "\n".join(missing)
    ids = [m.id for m in MUTANTS]
    assert len(ids) == len(set(ids)), "two rows with the same id"


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.id for m in MUTANTS])
def test_claim_mutant_is_killed(mutant, hypothesis_args, tmp_path):
    """The claim's deciding tests fail with the transcription replaced (and pass without)."""
    claim = CLAIMS[mutant.claim]
    baseline = _baseline(claim.tests, hypothesis_args, tmp_path / "baseline")
    # any one failing test kills a mutant that names none: stop at the first (-x)
    outcomes, code, seconds = _run(claim.tests, hypothesis_args, tmp_path, mutant.target, mutant.mutate,
                                   log=RECORDS / f"{mutant.id}.log", first_failure=not mutant.kills)
    required = [t for t in claim.tests if t.split("::")[1] in mutant.kills]
    failed = [t for t in claim.tests if outcomes.get(t) == "failed" and baseline.get(t) == "passed"]
    killed = all(t in failed for t in required) if required else bool(failed)
    _record(mutant.id, dict(claim=mutant.claim, verdict=claim.verdict, side=mutant.side,
                              transcription=f"reference/seeds/{mutant.target.replace('.', '.py:')}",
                              note=mutant.note, tests=list(claim.tests), required=required,
                              outcomes={t: outcomes.get(t, "not run") for t in claim.tests},
                              killed=killed, exit_code=code, seconds=seconds))
    assert killed, (f"{mutant.id} survived ({mutant.note}): outcomes "
                    f"{ {t.split('::')[1]: outcomes.get(t, 'not run') for t in claim.tests} }, must fail: "
                    f"{[t.split('::')[1] for t in required] or 'any'}; see "
                    f"reports/claim_mutants/{mutant.id}.log")
