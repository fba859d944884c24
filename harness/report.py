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
from dnn_invariants.harness import channel, ledger, reproducers


def pytest_addoption(parser):
    group = parser.getgroup("dnn-invariants")
    group.addoption("--claims-report", metavar="PATH",
                    help="write the seed claims with this run's results as JSON")
    group.addoption("--report-md", metavar="PATH", help="write the same report as Markdown")
    group.addoption("--reproducers", metavar="DIR", default="reports/reproducers",
                    help="directory for failing properties' reproducer scripts (default: %(default)s)")


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
        self.observations: list[dict] = []  # data for the HTML report's plots

    def pytest_collection_modifyitems(self, items):
        for item in items:
            function = getattr(item, "obj", None)
            if function is not None and hasattr(function, "hypothesis"):
                reproducers.record_calls(function)
            ids = tuple(i for mark in item.iter_markers("claim") for i in mark.args)
            if ids:
                self.claims_of[_base(item.nodeid)] = ids

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" and report.failed and item.nodeid.startswith("properties/"):
            function = getattr(item, "obj", None)
            source = function is not None and reproducers.reproducer(
                function, self.config.impl.name, item.nodeid)
            if source:
                path = reproducers.write(Path(self.config.getoption("--reproducers")), item.nodeid, source)
                channel.add("reproducer", str(path))
                report.sections.append(("reproducer", f"replay it with: python {path}"))
        records = channel.drain()
        if records:
            report.user_properties.append((channel.KEY, records))

    def pytest_runtest_logreport(self, report):
        # Serial or under pytest-xdist (in the controller), every report arrives here with its records.
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.outcomes[report.nodeid] = report.outcome
        elif report.failed:
            self.outcomes[report.nodeid] = "failed"
        for kind, value in channel.records_of(report):
            if kind == "counterexample":
                self.counterexamples[value["claim"]] = value["text"]
            elif kind == "observation":
                self.observations.append(dict(value, test=report.nodeid))
            elif kind == "reproducer":
                self.written[report.nodeid] = value

    # --- summary -------------------------------------------------------------

    def claim_rows(self):
        try:
            claims = ledger.load()
        except FileNotFoundError:
            return []
        by_base = defaultdict(list)
        for nodeid, outcome in self.outcomes.items():
            by_base[_base(nodeid)].append(outcome)
        rows = []
        for c in claims:
            results = [o for t in c.tests for o in by_base.get(t, [])]
            if not results:
                outcome = "not run"
            elif "failed" in results:
                outcome = "failed"
            elif all(o == "skipped" for o in results):
                outcome = "skipped"
            else:
                outcome = "passed"
            found = self.counterexamples
            counterexample = found.get(c.id) or next(
                (text for key, text in sorted(found.items()) if key.startswith(c.id + "-")), None)
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
                          f"{t['skipped']:4d} skipped")
        rows = [r for r in self.claim_rows() if r["outcome"] != "not run"]
        if rows:
            tr.write_line("")
            tr.write_line(f"seed claims decided in this run: {len(rows)}")
            for r in rows:
                mark = {"passed": "ok", "failed": "FAILED", "skipped": "skipped"}[r["outcome"]]
                tr.write_line(f"  {r['id']:<28} {r['verdict']:<12} {mark}")
                if r["verdict"] == "refuted" and r["counterexample"]:
                    tr.write_line(f"      counterexample: {r['counterexample'][:200]}")
        for nodeid, path in self.written.items():
            tr.write_line(f"reproducer for {nodeid}: {path}")
        self.write_files()

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
