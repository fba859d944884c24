"""Session hooks for tests/test_claim_mutants.py: gather the rows' records into the claim kill table.

Each row of the claim-mutant run writes reports/claim_mutants/<row>.json; here, at the end of the
session (in the pytest-xdist controller, or the only process of a serial run), they are gathered
into reports/claim_mutants.json and printed as the claim kill table. Records of earlier sessions
are removed when a session that runs the claim mutants starts.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "reports" / "claim_mutants"
REPORT = ROOT / "reports" / "claim_mutants.json"


def _runs_claim_mutants(config) -> bool:
    return any("test_claim_mutants" in str(a) for a in config.args)


def _controller(config) -> bool:
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session):
    if _runs_claim_mutants(session.config) and _controller(session.config) and RECORDS.is_dir():
        for old in RECORDS.glob("*.json"):
            old.unlink()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not (_runs_claim_mutants(config) and _controller(config) and RECORDS.is_dir()):
        return
    records = {p.stem: json.loads(p.read_text()) for p in sorted(RECORDS.glob("*.json"))}
    baselines = [r for r in records.values() if r.get("baseline")]
    rows = {k: r for k, r in records.items() if not r.get("baseline")}
    if not rows:
        return
    killed = sum(r["killed"] for r in rows.values())
    claims = sorted({r["claim"] for r in rows.values()})
    claims_killed = [c for c in claims if all(r["killed"] for r in rows.values() if r["claim"] == c)]
    mutant_seconds = round(sum(r["seconds"] for r in rows.values()), 1)
    summary = dict(mutants=len(rows), killed=killed, kill_rate=killed / len(rows), claims=len(claims),
                   claims_killed=len(claims_killed), claim_kill_rate=len(claims_killed) / len(claims),
                   seconds_of_mutant_runs=mutant_seconds,
                   seconds_of_baseline_runs=round(sum(b["seconds"] for b in baselines), 1),
                   survivors=sorted(k for k, r in rows.items() if not r["killed"]))
    REPORT.write_text(json.dumps(dict(summary=summary, mutants=rows), indent=1) + "\n")
    tr = terminalreporter
    tr.section("dnn-invariants: claim kill table")
    tr.write_line(f"{'claim':<24} {'verdict':<12} {'side':<10} {'transcription':<44} {'result':<8} seconds")
    for r in sorted(rows.values(), key=lambda r: (r["claim"], r["side"])):
        where = r["transcription"].removeprefix("reference/seeds/")
        tr.write_line(f"{r['claim']:<24} {r['verdict']:<12} {r['side']:<10} {where[:44]:<44} "
                      f"{'killed' if r['killed'] else 'SURVIVED':<8} {r['seconds']}")
    tr.write_line(f"claim kill rate {100 * summary['claim_kill_rate']:.0f} % ({len(claims_killed)} of "
                  f"{len(claims)} claims; {killed} of {len(rows)} mutants killed); {mutant_seconds} s of "
                  "mutant "
                  f"runs, {summary['seconds_of_baseline_runs']} s of baseline runs; written to "
                  f"{REPORT.relative_to(ROOT)}")
