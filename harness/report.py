"""The end-of-run report: topics, seed claims with verdicts, counterexamples, reproducers.

Registered as a pytest plugin by conftest.py. Options:
``--claims-report=PATH`` (JSON), ``--report-md=PATH`` (Markdown),
``--reproducers=DIR`` (where failing properties' reproducer scripts go).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from dnn_invariants.harness import channel, isolation, ledger, reproducers
from dnn_invariants.implementations import guard


def pytest_addoption(parser):
    group = parser.getgroup("dnn-invariants")
    group.addoption("--claims-report", metavar="PATH",
                    help="write the seed claims with this run's results as JSON")
    group.addoption("--report-md", metavar="PATH", help="write the same report as Markdown")
    group.addoption("--reproducers", metavar="DIR", default="reports/reproducers",
                    help="directory for failing properties' reproducer scripts (default: %(default)s)")


def _xpassed(report) -> bool:
    return report.failed and str(report.longrepr).startswith("[XPASS(strict)]")


def _base(nodeid: str) -> str:
    return nodeid.split("[")[0]


def _topic(nodeid: str) -> str:
    parts = nodeid.split("::")[0].split("/")
    return parts[1] if parts[0] == "properties" and len(parts) > 2 else parts[0]


class Report:
    def __init__(self, config):
        self.config = config
        self.outcomes: dict[str, str] = {}  # nodeid -> passed / failed / skipped
        self.claims_of: dict[str, tuple] = {}  # base nodeid -> claim ids from markers
        self.written: dict[str, str] = {}  # nodeid -> reproducer path
        self.counterexamples: dict[str, str] = {}  # claim id (or id-suffix) -> one line
        self.expected: dict[str, dict] = {}  # nodeid -> outcome (xfailed / xpassed) and reason
        self.examples: dict[str, dict] = {}  # nodeid -> examples run and rejected (Hypothesis properties)
        self.observations: list[dict] = []  # data for the HTML report's plots

    def pytest_collection_modifyitems(self, items):
        for item in items:
            ids = tuple(i for mark in item.iter_markers("claim") for i in mark.args)
            if ids:
                self.claims_of[_base(item.nodeid)] = ids

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        function = getattr(item, "obj", None)
        if report.when == "call" and item.nodeid.startswith("properties/"):
            impl, directory = self.config.impl, Path(self.config.getoption("--reproducers"))
            if report.failed and not _xpassed(report):
                source = function is not None and reproducers.reproducer(
                    function, impl.name, item.nodeid, impl.module.__name__)
                if source:
                    path = reproducers.write(directory, item.nodeid, source, impl.name)
                    channel.add("reproducer", str(path))
                    report.sections.append(("reproducer", f"replay it with: python {path}"))
            else:
                reproducers.remove_stale(directory, item.nodeid, impl.name)
            if function is not None and hasattr(function, "hypothesis"):
                channel.add("examples", guard.TALLY.as_record())
        records = channel.drain()
        if records:
            report.user_properties.append((channel.KEY, records))

    def pytest_runtest_logreport(self, report):
        # Serial or under pytest-xdist (in the controller), every report arrives here with its records.
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            outcome = report.outcome
            if hasattr(report, "wasxfail"):  # an expectations entry (harness/expectations.py)
                outcome = "xfailed" if report.skipped else "xpassed"
                self.expected[report.nodeid] = dict(outcome=outcome, reason=report.wasxfail)
            elif _xpassed(report):  # strict: an expected failure that passed fails the run
                reason = str(report.longrepr).removeprefix("[XPASS(strict)]").strip()
                self.expected[report.nodeid] = dict(outcome="XPASSED", reason=reason)
            self.outcomes[report.nodeid] = outcome
        elif report.failed:
            self.outcomes[report.nodeid] = "failed"
        for kind, value in channel.records_of(report):
            if kind == "counterexample":
                self.counterexamples[value["claim"]] = value["text"]
            elif kind == "observation":
                self.observations.append(dict(value, test=report.nodeid))
            elif kind == "reproducer":
                self.written[report.nodeid] = value
            elif kind == "examples":
                self.examples[report.nodeid] = value

    @pytest.hookimpl(optionalhook=True)
    def pytest_handlecrashitem(self, crashitem, report, sched):
        """pytest-xdist: a worker died running ``crashitem`` (--isolate); say with which input."""
        worker = getattr(getattr(getattr(report, "node", None), "gateway", None), "id", "")
        example, path = isolation.crashed(crashitem, worker)
        report.longrepr = (f"{report.longrepr}: the implementation crashed the process "
                           f"(a segfault or abort in native code, or os._exit).\nInput: {example}"
                           + (f"\nreplay it with: python {path}" if path else ""))
        if path:
            report.user_properties.append((channel.KEY, [("reproducer", path)]))

    # --- summary -------------------------------------------------------------

    def claim_rows(self):
        try:
            claims = ledger.load()
        except FileNotFoundError:
            return []
        by_base = defaultdict(list)
        for nodeid, outcome in self.outcomes.items():
            by_base[_base(nodeid)].append(outcome)
        # A record belongs to the most specific claim whose id it is or extends ("001:Q5b-struck-x11"
        # is 001:Q5b-struck's; "001:Q5b-B1" is a claim of its own, not 001:Q5b's).
        ids = sorted((c.id for c in claims), key=len, reverse=True)
        owned: dict[str, str] = {}
        for key, text in sorted(self.counterexamples.items()):
            owner = next((i for i in ids if key == i or key.startswith(i + "-")), None)
            if owner is not None:
                owned.setdefault(owner, text)
        rows = []
        for c in claims:
            results = [o for t in c.tests for o in by_base.get(t, [])]
            if not results:
                outcome = "not run"
            elif "failed" in results:
                outcome = "failed"
            elif "xfailed" in results:
                outcome = "expected failure"
            elif all(o == "skipped" for o in results):
                outcome = "skipped"
            else:
                outcome = "passed"
            counterexample = owned.get(c.id)
            rows.append(dict(id=c.id, seed=c.seed, claim=c.claim, verdict=c.verdict,
                             corrected=c.corrected, tests=list(c.tests), outcome=outcome,
                             counterexample=counterexample))
        return rows

    def pytest_terminal_summary(self, terminalreporter):
        tr = terminalreporter
        topics = defaultdict(lambda: defaultdict(int))
        for nodeid, outcome in self.outcomes.items():
            topics[_topic(nodeid)][outcome] += 1
        if not topics:
            return
        tr.section(f"dnn-invariants: implementation {self.config.impl.name!r}")
        for topic in sorted(topics):
            t = topics[topic]
            tr.write_line(f"  {topic:<22} {t['passed']:4d} passed {t['failed']:4d} failed "
                          f"{t['skipped']:4d} skipped" + (f" {t['xfailed']:4d} expected failures"
                                                           if t["xfailed"] else ""))
        rows = [r for r in self.claim_rows() if r["outcome"] != "not run"]
        if rows:
            tr.write_line("")
            tr.write_line(f"seed claims decided in this run: {len(rows)}")
            for r in rows:
                mark = {"passed": "ok", "failed": "FAILED", "skipped": "skipped",
                        "expected failure": "expected failure"}[r["outcome"]]
                tr.write_line(f"  {r['id']:<28} {r['verdict']:<12} {mark}")
                if r["verdict"] == "refuted" and r["counterexample"]:
                    tr.write_line(f"      counterexample: {r['counterexample'][:200]}")
        thin = {n: e for n, e in sorted(self.examples.items()) if e["rejected"]}
        if thin:
            tr.write_line("")
            tr.write_line(f"properties with rejected examples (outside the implementation's support): "
                          f"{len(thin)}")
            for nodeid, e in thin.items():
                reasons = sorted(e["rejected"].items(), key=lambda kv: -kv[1])
                tr.write_line(f"  {nodeid}: {e['examples']} ran, {sum(e['rejected'].values())} rejected "
                              f"({'; '.join(f'{n} x {r}' for r, n in reasons[:2])})")
        if self.expected:
            tr.write_line("")
            tr.write_line(f"expected failures: {len(self.expected)}")
            for nodeid, e in sorted(self.expected.items()):
                tr.write_line(f"  {e['outcome']:<8} {nodeid}: {e['reason']}")
        for nodeid, path in self.written.items():
            tr.write_line(f"reproducer for {nodeid}: {path}")
        if self._no_property_ran():
            n = sum(1 for k in self.outcomes if k.startswith("properties/"))
            status = int(pytest.ExitCode.NO_TESTS_COLLECTED)
            tr.write_line(f"no property ran against implementation {self.config.impl.name!r}: "
                          f"all {n} skipped (exit status {status})", red=True)
        self.write_files()

    def pytest_sessionfinish(self, session, exitstatus):
        # A run in which every property skipped tested nothing: say so with a non-zero status.
        if exitstatus == 0 and self._no_property_ran():
            session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED

    def _no_property_ran(self) -> bool:
        props = [o for n, o in self.outcomes.items() if n.startswith("properties/")]
        return bool(props) and not any(o in ("passed", "failed", "xfailed", "xpassed") for o in props)

    def write_files(self):
        rows = self.claim_rows()
        if path := self.config.getoption("--claims-report"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(json.dumps(rows, indent=2) + "\n")
        if path := self.config.getoption("--report-md"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(markdown(rows, self.config.impl.name))


def markdown(rows, impl_name: str) -> str:
    lines = [f"# Seed claims — run against `{impl_name}`", "",
             "| id | verdict | outcome | claim as printed | corrected | counterexample |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        cells = [r["id"], r["verdict"], r["outcome"], r["claim"], r["corrected"], r["counterexample"] or ""]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def pytest_configure(config):
    config.pluginmanager.register(Report(config), "dnn-invariants-report")
