"""The kill run: the corpus against one mutant, in process, recording who killed it and how fast.

Two sides. ``KillRun`` is a plugin for one inner ``pytest.main`` run against a
mutant: it keeps only the properties whose ``requires`` marker names the
mutated operation, turns the Hypothesis example database off (so no earlier
run can hand Hypothesis the failing example), counts the calls of each
property's test function up to its first failure, and measures the shrunk
counterexample (Hypothesis's explain phase is skipped: it only annotates the
report). The module-level hooks serve the outer run: the ``--mutants``
option (without it, tests marked ``mutants`` are deselected) and the kill
table at the end, on the terminal and in ``reports/mutants.json`` and
``reports/mutants.md``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import io
import json
import re
import statistics
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import Phase, settings
from hypothesis.errors import UnsatisfiedAssumption

from dnn_invariants.harness import no_database
from dnn_invariants.strategies.arrays import ArraySpec

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
RESULTS: dict[str, dict] = {}  # mutant -> its kill record, filled by tests/test_mutants.py

_active: KillRun | None = None  # the inner run that the counting wrappers report to


# --- measuring a counterexample ------------------------------------------------------

def entries(value) -> int:
    """Scalars in an example: arrays count their entries, containers their contents, anything else 1."""
    if isinstance(value, ArraySpec):
        return int(np.prod(value.shape))
    if isinstance(value, np.ndarray):
        return int(value.size)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(entries(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return sum(entries(v) for v in value)
    if isinstance(value, dict):
        return sum(entries(v) for v in value.values())
    return 1


def shrunk_example(function) -> dict | None:
    """The arguments of the property's latest call (the replay of the shrunk example), impl left out.

    harness/reproducers.py records them on the function; ``st.data()`` draws replace the data object.
    """
    call = getattr(function, "_last_call", None)
    if call is None:
        return None
    _, kwargs, draws = call
    return {name: (draws if type(value).__name__ == "RecordingData" else value)
            for name, value in kwargs.items() if name != "impl"}


# --- the inner run ----------------------------------------------------------------------

def _count_calls(function) -> None:
    """Wrap a Hypothesis test's inner function once: count calls and the first failing call per item.

    Test functions outlive an inner run (their modules stay imported), so the
    flag is kept on the function; and a wrapper around harness/reproducers.py's
    recording wrapper says so, or the next run's report plugin would record again
    inside (an inner recording sees no st.data() object, and keeps no draws).
    """
    if getattr(function, "_counts_for_kill_run", False):
        return
    inner = function.hypothesis.inner_test

    def counted(*args, **kwargs):
        __tracebackhide__ = True
        record = _active.current if _active else None
        if record is None:
            return inner(*args, **kwargs)
        record["calls"] += 1
        try:
            result = inner(*args, **kwargs)
        except UnsatisfiedAssumption:
            raise
        except Exception:
            if record["calls_to_failure"] is None:
                record["calls_to_failure"] = record["calls"]
            raise
        if getattr(function, "_failed_explicitly", False) and record["calls_to_failure"] is None:
            record["calls_to_failure"] = record["calls"]  # an explicit example's failure, held back
        return result

    counted._records_calls = getattr(inner, "_records_calls", False)
    function._counts_for_kill_run = True
    function.hypothesis.inner_test = counted


class KillRun:
    """Plugin for one inner run against a mutant breaking ``operation``."""

    def __init__(self, operation: str, shrink: bool = True):
        self.operation = operation
        self.shrink = shrink
        self.tests: dict[str, dict] = {}
        self.current: dict | None = None
        self.selected = 0

    @pytest.hookimpl(trylast=True)  # after Hypothesis's plugin has loaded --hypothesis-profile
    def pytest_configure(self, config):
        # The explain phase (run after shrinking, to annotate the report) cost as many calls as
        # generating and shrinking together, and changes neither the kill nor the counterexample.
        # Without shrinking (the 20-seed sweep) the kill and the calls to kill are the same; only the
        # counterexample is not minimal, and a killed property stops at its first failure.
        dropped = {Phase.explain} | (set() if self.shrink else {Phase.shrink})
        no_database.disable(phases=[p for p in settings().phases if p not in dropped])

    def pytest_unconfigure(self, config):
        no_database.restore()

    def pytest_collection_modifyitems(self, config, items):
        keep, drop = [], []
        for item in items:
            needs = {op for mark in item.iter_markers("requires") for op in mark.args}
            (keep if self.operation in needs else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
        items[:] = keep
        self.selected = len(keep)
        for item in keep:
            function = getattr(item, "obj", None)
            if function is not None and hasattr(function, "hypothesis"):
                _count_calls(function)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        global _active
        given = hasattr(getattr(item, "obj", None), "hypothesis")
        self.current = self.tests.setdefault(item.nodeid, dict(
            kind="hypothesis" if given else "fixed or search", calls=0, calls_to_failure=None,
            outcome="not run", error=None, entries=None, repr_chars=None, seconds=0.0))
        _active = self
        start = time.perf_counter()
        try:
            yield
        finally:
            self.current["seconds"] = round(time.perf_counter() - start, 2)
            _active = None
            self.current = None

    def pytest_runtest_logreport(self, report):
        record = self.tests.get(report.nodeid)
        if record is None or report.when != "call":
            return
        record["outcome"] = report.outcome
        if report.failed:
            record["error"] = error_line(report)

    def pytest_runtest_teardown(self, item):
        record = self.tests.get(item.nodeid)
        if record is None or record["outcome"] != "failed" or record["kind"] != "hypothesis":
            return
        example = shrunk_example(item.obj)
        if example is not None:
            record["entries"] = entries(example)
            record["repr_chars"] = len(repr(example))


_EXCEPTION_LINE = re.compile(r"^[\w.]*(Error|Failure|Violation|Exception|Group): ")


def error_line(report) -> str:
    """What a failing test said: its first exception line, ``Type: message`` (an exception group's,
    a FlakyFailure's, or the assertion's), from the report's text."""
    for line in report.longreprtext.splitlines():
        text = line.lstrip("E").lstrip(" |+")
        if _EXCEPTION_LINE.match(text):
            return text.strip()[:300]
    return report.longreprtext.strip().splitlines()[-1][:300] if report.longreprtext.strip() else ""


def run_against(mutant: str, *, hypothesis_args=(), reproducers: Path, log: Path | None = None,
                shrink: bool = True) -> dict:
    """Run the properties that need the mutated operation against ``mutant``; return its kill record.

    ``shrink=False`` skips Hypothesis's shrink phase: the verdict and the calls to kill are
    unchanged, the recorded counterexample is the first failing one, and the run is faster.
    """
    module = importlib.import_module(mutant)
    plugin = KillRun(module.BREAKS, shrink=shrink)
    args = ["properties", "--impl", mutant, *hypothesis_args, "-q", "--no-header", "-p", "no:warnings",
            "--reproducers", str(reproducers)]
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = pytest.main(args, plugins=[plugin])
    seconds = time.perf_counter() - start
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(out.getvalue())
    killers = {nodeid: r for nodeid, r in plugin.tests.items() if r["outcome"] == "failed"}
    counted = [r["calls_to_failure"] for r in killers.values() if r["calls_to_failure"] is not None]
    fastest_id = min(killers, key=lambda k: killers[k]["calls_to_failure"] or float("inf"), default=None)
    fastest = killers.get(fastest_id)
    return dict(
        mutant=mutant.removeprefix("mutants."), operation=module.BREAKS, origin=module.ORIGIN,
        exit_code=int(code), selected=plugin.selected, seconds=round(seconds, 2),
        killed=bool(killers) and int(code) == int(pytest.ExitCode.TESTS_FAILED),
        killers=killers, tests=plugin.tests, calls_to_kill=min(counted) if counted else None,
        fastest_killer=fastest_id and _short(fastest_id), fastest_error=fastest and fastest["error"],
        entries=fastest and fastest["entries"], repr_chars=fastest and fastest["repr_chars"],
        outcomes={o: sum(r["outcome"] == o for r in plugin.tests.values())
                  for o in ("passed", "failed", "skipped")},
    )


# --- the outer run: option, gate, table ---------------------------------------------------

def pytest_addoption(parser):
    parser.getgroup("dnn-invariants").addoption(
        "--mutants", action="store_true",
        help="run the mutation kill test (tests/test_mutants.py); it is deselected otherwise")


def pytest_configure(config):
    config.addinivalue_line("markers", "mutants: the mutation kill test, run only with --mutants")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--mutants"):
        return
    gated = [item for item in items if item.get_closest_marker("mutants")]
    if gated:
        config.hook.pytest_deselected(items=gated)
        items[:] = [item for item in items if not item.get_closest_marker("mutants")]


def summary(results: dict[str, dict]) -> dict:
    killed = [r for r in results.values() if r["killed"]]
    calls = [r["calls_to_kill"] for r in killed if r["calls_to_kill"] is not None]
    return dict(mutants=len(results), killed=len(killed),
                kill_rate=len(killed) / len(results) if results else None,
                median_calls_to_kill=statistics.median(calls) if calls else None,
                seconds=round(sum(r["seconds"] for r in results.values()), 1))


def _short(nodeid: str) -> str:
    return nodeid.split("::", 1)[1] if "::" in nodeid else nodeid


def table_rows(results: dict[str, dict]):
    for name in sorted(results):
        r = results[name]
        killers = ", ".join(sorted(_short(k) for k in r["killers"])) or "SURVIVED"
        yield [r["mutant"], r["operation"], r["origin"], "killed" if r["killed"] else "SURVIVED",
               len(r["killers"]), r["calls_to_kill"] if r["calls_to_kill"] is not None else "-",
               r["entries"] if r["entries"] is not None else "-",
               r["repr_chars"] if r["repr_chars"] is not None else "-", f"{r['seconds']:.1f}", killers]


HEADER = ["mutant", "operation", "origin", "result", "killers", "calls to kill", "entries", "repr chars",
          "seconds", "killed by"]
LEGEND = ("calls to kill: calls of the fastest killing property's test function up to its first failure "
          "(Hypothesis properties, explicit @example cases included, which run first; '-' when only fixed "
          "tests or refutation searches killed it). "
          "entries: scalars in that property's shrunk counterexample (arrays count their entries); "
          "repr chars: length of its repr.")


def markdown(results, totals) -> str:
    lines = ["# Mutation kill table", "", _summary_line(totals), "", LEGEND, "",
             "| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    for row in table_rows(results):
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines) + "\n"


def _summary_line(t) -> str:
    rate = f"{100 * t['kill_rate']:.0f} %" if t["kill_rate"] is not None else "n/a"
    return (f"kill rate {rate} ({t['killed']} of {t['mutants']} mutants), median calls to kill "
            f"{t['median_calls_to_kill']}, {t['seconds']} s of kill runs")


def pytest_terminal_summary(terminalreporter, config):
    if not config.getoption("--mutants") or not RESULTS:
        return
    totals = summary(RESULTS)
    tr = terminalreporter
    tr.section("dnn-invariants: mutation kill table")
    widths = [28, 24, 30, 8, 7, 13, 7, 10, 7]
    tr.write_line("  ".join(h[:w].ljust(w) for h, w in zip(HEADER, widths)))
    for row in table_rows(RESULTS):
        cells = [str(c)[:w].ljust(w) for c, w in zip(row, widths)]
        tr.write_line("  ".join(cells))
        tr.write_line(f"    killed by: {row[-1]}")
    tr.write_line(LEGEND)
    tr.write_line(_summary_line(totals))
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "mutants.json").write_text(json.dumps(dict(summary=totals, mutants=RESULTS), indent=1) + "\n")
    (REPORTS / "mutants.md").write_text(markdown(RESULTS, totals))
    tr.write_line(f"written to {REPORTS / 'mutants.json'} and {REPORTS / 'mutants.md'}")
