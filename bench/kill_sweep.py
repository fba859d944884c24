"""Kill robustness: every mutant against the properties that need its operation, under many ci seeds.

    python bench/kill_sweep.py [--seeds 20] [--jobs 2] [--mutants NAME ...] [--shrink]
                               [--profile ci] [--resume] [--out reports/kill_sweep.json]

The one-seed kill test (tests/test_mutants.py) says whether the corpus catches
each mutant under one exploration; the ci profile is not derandomised, so CI
explores with a new seed every run, and a kill that depends on the seed is a
weak one. This sweep runs the kill run of harness/mutation.py for every
mutant under --hypothesis-seed 0..N-1 and records, per (mutant, seed),
killed or survived and the calls to kill (calls of the fastest killing
property up to its first failure, @example cases included).

One worker process per seed runs every mutant in process (the kill runs of
one process share the compiled JAX programs); --jobs N runs N seeds at once.
Shrinking is skipped unless --shrink: it changes neither the verdict nor the
calls to kill, only the size of the recorded counterexample. Each seed's
records go to reports/kill_sweep/seed-NN.json as soon as it is done (--resume
reuses them); the whole sweep to reports/kill_sweep.json and a Markdown table
(min / median / max calls to kill across seeds) to reports/kill_sweep.md.
Exits 1 unless every mutant is killed under every seed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"


def worker(seed: int, mutants: list[str], profile: str, shrink: bool, out: Path) -> None:
    """In this process: the kill run of every mutant under one seed; the records to ``out``."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from dnn_invariants.harness import mutation

    records = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mutant in mutants:
            r = mutation.run_against(mutant, hypothesis_args=[f"--hypothesis-profile={profile}",
                                                              f"--hypothesis-seed={seed}"],
                                     reproducers=Path(tmp), shrink=shrink)
            records[r["mutant"]] = dict(
                operation=r["operation"], origin=r["origin"], killed=r["killed"], selected=r["selected"],
                calls_to_kill=r["calls_to_kill"], fastest_killer=r["fastest_killer"],
                fastest_error=r["fastest_error"],
                killers={mutation._short(k): (v["error"] or "")[:160]
                         for k, v in sorted(r["killers"].items())},
                outcomes=r["outcomes"], exit_code=r["exit_code"], seconds=r["seconds"])
            print(f"seed {seed:>2} {r['mutant']:<48} {'killed' if r['killed'] else 'SURVIVED':<8} "
                  f"calls {r['calls_to_kill']!s:>4} {r['seconds']:6.1f} s", flush=True)
    data = dict(seed=seed, profile=profile, shrink=shrink, mutants=records)
    out.write_text(json.dumps(data, indent=1) + "\n")


def _spawn(seed, mutants, profile, shrink, out: Path, log: Path) -> float:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(seed), "--profile", profile,
               "--seed-file", str(out), "--mutants", *mutants] + (["--shrink"] if shrink else [])
    start = time.perf_counter()
    with log.open("w") as handle:
        code = subprocess.run(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT).returncode
    if code != 0 or not out.exists():
        raise RuntimeError(f"worker for seed {seed} exited with {code}; see {log}")
    return time.perf_counter() - start


def aggregate(per_seed: dict[int, dict], mutants: list[str]) -> dict:
    rows = {}
    for name in (m.removeprefix("mutants.") for m in mutants):
        runs = {seed: data["mutants"][name] for seed, data in sorted(per_seed.items())
                if name in data["mutants"]}
        calls = [r["calls_to_kill"] for r in runs.values() if r["killed"] and r["calls_to_kill"] is not None]
        first = next(iter(runs.values()))
        rows[name] = dict(
            operation=first["operation"], origin=first["origin"], seeds=len(runs),
            killed=sum(r["killed"] for r in runs.values()),
            survived=[seed for seed, r in runs.items() if not r["killed"]],
            calls_min=min(calls) if calls else None, calls_median=statistics.median(calls) if calls else None,
            calls_max=max(calls) if calls else None,
            killers_every_seed=sorted(set.intersection(*(set(r["killers"]) for r in runs.values()))),
            killers_some_seed=sorted(set().union(*(r["killers"] for r in runs.values()))),
            errors=sorted({(r["fastest_error"] or "")[:160] for r in runs.values() if r["killed"]}),
            # Seeds where some killer, or every killer, failed only through Hypothesis's FlakyFailure
            # (the failure did not replay: no assertion of the property's own said what was wrong).
            flaky_seeds=[seed for seed, r in runs.items()
                         if any("FlakyFailure" in e for e in r["killers"].values())],
            only_flaky_seeds=[seed for seed, r in runs.items() if r["killers"]
                              and all("FlakyFailure" in e for e in r["killers"].values())],
            seconds_median=statistics.median(r["seconds"] for r in runs.values()),
            per_seed={seed: dict(killed=r["killed"], calls_to_kill=r["calls_to_kill"],
                                 fastest_killer=r["fastest_killer"]) for seed, r in runs.items()})
    every = [n for n, r in rows.items() if r["killed"] == r["seeds"]]
    all_calls = [r["calls_to_kill"] for data in per_seed.values() for r in data["mutants"].values()
                 if r["killed"] and r["calls_to_kill"] is not None]
    return dict(seeds=sorted(per_seed), mutants=len(rows), killed_under_every_seed=len(every),
                kills=sum(r["killed"] for r in rows.values()), runs=sum(r["seeds"] for r in rows.values()),
                calls_median=statistics.median(all_calls) if all_calls else None,
                calls_max=max(all_calls) if all_calls else None, rows=rows)


def _seeds_text(seeds) -> str:
    return ", ".join(map(str, seeds)) if seeds else "none"


def markdown(result: dict) -> str:
    s = result
    lines = [
        "# Kill robustness across seeds", "",
        f"{s['killed_under_every_seed']} of {s['mutants']} mutants killed under every one of "
        f"{len(s['seeds'])} seeds ({s['kills']} kills in {s['runs']} mutant-seed runs); calls to kill over "
        f"all kills: median {s['calls_median']}, max {s['calls_max']}. Profile {s['profile']}, "
        f"shrinking {'on' if s['shrink'] else 'off'}, {s['jobs']} seeds at once, "
        f"{s['wall_seconds'] / 60:.0f} min of wall time, {s['date']}.", "",
        "calls to kill: calls of the fastest killing property's test function up to its first failure "
        "(explicit @example cases count), min / median / max over the seeds that killed the mutant.", "",
        "FlakyFailure: seeds where some killing property, and where every one, failed only through "
        "Hypothesis's FlakyFailure (the failure did not replay), not through an assertion of its own.", "",
        "| mutant | operation | origin | killed (seeds) | survived seeds | calls to kill min / median / max "
        "| killers, every seed / some seed | FlakyFailure, some / every killer (seeds) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in sorted(s["rows"].items()):
        calls = (f"{r['calls_min']} / {r['calls_median']:g} / {r['calls_max']}" if r["calls_min"] is not None
                 else "-")
        lines.append(f"| {name} | {r['operation']} | {r['origin']} | {r['killed']} of {r['seeds']} | "
                     f"{_seeds_text(r['survived'])} | {calls} | "
                     f"{len(r['killers_every_seed'])} / {len(r['killers_some_seed'])} | "
                     f"{len(r['flaky_seeds'])} / {len(r['only_flaky_seeds'])} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20, help="Hypothesis seeds 0..N-1 (default 20)")
    parser.add_argument("--jobs", type=int, default=1, help="seeds run at once (one process each)")
    parser.add_argument("--mutants", nargs="+", help="mutant names (default: every mutant)")
    parser.add_argument("--profile", default="ci")
    parser.add_argument("--shrink", action="store_true", help="shrink counterexamples (slower)")
    parser.add_argument("--resume", action="store_true", help="reuse finished seeds' files")
    parser.add_argument("--out", default=str(REPORTS / "kill_sweep.json"))
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seed-file", help=argparse.SUPPRESS)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    if args.worker is not None:
        worker(args.worker, args.mutants, args.profile, args.shrink, Path(args.seed_file))
        return 0

    import mutants as mutant_package

    names = sorted(f"mutants.{m.removeprefix('mutants.')}" for m in args.mutants) if args.mutants \
        else mutant_package.names()
    folder = Path(args.out).with_suffix("")
    folder.mkdir(parents=True, exist_ok=True)
    per_seed: dict[int, dict] = {}
    todo = []
    for seed in range(args.seeds):
        path = folder / f"seed-{seed:02d}.json"
        if args.resume and path.exists():
            data = json.loads(path.read_text())
            if all(n.removeprefix("mutants.") in data["mutants"] for n in names) and \
                    data["profile"] == args.profile and data["shrink"] == args.shrink:
                per_seed[seed] = data
                continue
        todo.append((seed, path))
    start = time.perf_counter()
    print(f"kill sweep: {len(names)} mutants x {args.seeds} seeds ({len(todo)} to run, {args.jobs} at once), "
          f"profile {args.profile}, shrinking {'on' if args.shrink else 'off'}", flush=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(_spawn, seed, names, args.profile, args.shrink, path,
                               path.with_suffix(".log")): (seed, path) for seed, path in todo}
        for future in concurrent.futures.as_completed(futures):
            seed, path = futures[future]
            seconds = future.result()
            per_seed[seed] = json.loads(path.read_text())
            survived = [n for n, r in per_seed[seed]["mutants"].items() if not r["killed"]]
            print(f"seed {seed:>2}: {len(names) - len(survived)} of {len(names)} killed in {seconds:.0f} s"
                  + (f"; survived: {', '.join(survived)}" if survived else ""), flush=True)
    wall = time.perf_counter() - start
    subset = {seed: {**d, "mutants": {k: v for k, v in d["mutants"].items()
                                      if f"mutants.{k}" in names}} for seed, d in per_seed.items()}
    result = dict(aggregate(subset, names), profile=args.profile, shrink=args.shrink, jobs=args.jobs,
                  wall_seconds=round(wall), date=str(date.today()), python=sys.version.split()[0])
    out = Path(args.out)
    out.write_text(json.dumps(result, indent=1) + "\n")
    out.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))
    print(f"written to {out} and {out.with_suffix('.md')}; {wall / 60:.1f} min")
    return 0 if result["killed_under_every_seed"] == result["mutants"] else 1


if __name__ == "__main__":
    sys.exit(main())
