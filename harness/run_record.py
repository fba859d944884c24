"""One run of the corpus as a JSON record, and the HTML report written from it at the end of the run.

Registered by harness/plugin.py. Options:

* ``--run-json PATH``: write this run's record (below) to PATH;
* ``--html-report DIR``: write the record to ``DIR/runs/<implementation>.json``, then rebuild the
  static site in DIR from every record in ``DIR/runs/`` (harness/html_report.py). Runs against
  several implementations into the same DIR make one page with a column per implementation; a
  later run of the same implementation replaces its earlier record.

The record (``schema`` = ``SCHEMA``) holds what the page needs and nothing it would have to
recompute: the implementation (name, module, framework and versions), the Hypothesis profile,
every test's outcome (passed, failed, skipped, xfailed, xpassed) with its reason or failure
message, the seed claims with this run's outcome (the ``--claims-report`` rows plus the ledger's
optional fields), every recorded counterexample, and the observations that the plots draw
(harness/channel.py's ``observe``). Serial runs and pytest-xdist runs write the same record: the
controller sees every report.
"""

from __future__ import annotations

import json
import platform
import re
import subprocess
import time
from importlib import metadata
from pathlib import Path

import pytest

from dnn_invariants import ROOT
from dnn_invariants.harness import ledger

SCHEMA = "dnn-invariants-run/1"
VERSIONED = ("jax", "jaxlib", "numpy", "hypothesis", "pytest", "equinox", "torch")


def slug(name: str) -> str:
    """A file name for an implementation name (``tests.adapters.flipless`` stays readable)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "run"


def _version(package: str | None) -> str | None:
    if not package:
        return None
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None


def family(nodeid: str) -> str:
    """The folder of properties/ a test lives in (``tests`` etc. for the machinery's own tests)."""
    parts = nodeid.split("::")[0].split("/")
    return parts[1] if parts[0] == "properties" and len(parts) > 2 else parts[0]


def _reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # a skip: (path, line, "Skipped: reason")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return ""


def _message(report, limit: int = 4000) -> str:
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = getattr(crash, "message", None) or getattr(report, "longreprtext", "") or ""
    return text if len(text) <= limit else text[:limit] + " ..."


class RunRecord:
    """Collects every test's outcome; writes the record (and the site) at the end of the run."""

    def __init__(self, config):
        self.config = config
        self.tests: dict[str, dict] = {}
        self.started = time.time()

    def pytest_runtest_logreport(self, report):
        entry = self.tests.setdefault(report.nodeid, dict(outcome="passed", duration=0.0))
        entry["duration"] = round(entry["duration"] + (getattr(report, "duration", 0.0) or 0.0), 4)
        wasxfail = getattr(report, "wasxfail", None)
        if wasxfail is not None and report.skipped:
            entry.update(outcome="xfailed", reason=wasxfail or _message(report))
        elif wasxfail is not None and report.passed and report.when == "call":
            entry.update(outcome="xpassed", reason=wasxfail)
        elif report.failed:
            if entry["outcome"] != "failed":
                entry.update(outcome="failed", when=report.when, message=_message(report))
        elif report.skipped:
            entry.update(outcome="skipped", reason=_reason(report))

    def record(self) -> dict:
        impl = self.config.impl
        report = self.config.pluginmanager.get_plugin("dnn-invariants-report")
        rows = report.claim_rows() if report is not None else []
        try:
            claims = {c.id: c for c in ledger.load()}
        except (FileNotFoundError, ValueError):
            claims = {}
        for row in rows:
            c = claims.get(row["id"])
            row.update(problem=c.problem if c else "", reading=c.reading if c else "",
                       printed_tex=c.printed_tex if c else "", corrected_tex=c.corrected_tex if c else "")
        from hypothesis import settings

        from dnn_invariants.strategies import shapes
        versions = {p: v for p in VERSIONED if (v := _version(p))}
        versions["python"] = platform.python_version()
        return dict(
            schema=SCHEMA,
            implementation=dict(name=impl.name, label=impl.label, module=impl.module.__name__,
                                framework=impl.framework, framework_version=_version(impl.framework),
                                provided=list(impl.provided)),
            versions=versions,
            profile=settings.get_current_profile_name(),
            max_examples=settings().max_examples,
            shapes=shapes.mode(),
            args=[str(a) for a in self.config.invocation_params.args],
            commit=_commit(),
            started=time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.started)),
            seconds=round(time.time() - self.started, 1),
            tests=self.tests,
            claims=rows,
            counterexamples=dict(report.counterexamples) if report is not None else {},
            observations=list(report.observations) if report is not None else [],
        )

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter):
        if hasattr(self.config, "workerinput"):  # an xdist worker: the controller writes
            return
        json_path = self.config.getoption("--run-json")
        site = self.config.getoption("--html-report")
        if not (json_path or site):
            return
        record = self.record()
        paths = [Path(json_path)] if json_path else []
        if site:
            paths.append(Path(site) / "runs" / f"{slug(record['implementation']['name'])}.json")
        for path in paths:
            write(record, path)
            terminalreporter.write_line(f"dnn-invariants: run record written to {path}")
        if site:
            from dnn_invariants.harness import html_report
            index = html_report.build_from_dir(Path(site))
            terminalreporter.write_line(f"dnn-invariants: HTML report written to {index}")


def write(record: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, sort_keys=False, default=str) + "\n")


def pytest_addoption(parser):
    group = parser.getgroup("dnn-invariants")
    group.addoption("--run-json", metavar="PATH",
                    help="write this run's record (outcomes, claims, observations) as JSON, "
                         "for the HTML report")
    group.addoption("--html-report", metavar="DIR",
                    help="write this run's record to DIR/runs/ and rebuild the HTML report in DIR from every "
                         "record there (one column per implementation)")


def pytest_configure(config):
    if config.getoption("--html-report"):
        try:
            import latex2mathml  # noqa: F401
            import matplotlib  # noqa: F401
        except ImportError as error:
            raise pytest.UsageError(
                f"--html-report needs the report extra ({error.name} is missing): pip install '.[report]'"
            ) from None
    config.pluginmanager.register(RunRecord(config), "dnn-invariants-run-record")
