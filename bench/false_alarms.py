"""False alarms: the correct implementations against the whole corpus, under many Hypothesis seeds.

    python bench/false_alarms.py [--impls jax numpy torch tensorflow mlx] [--seeds 20] [--no-thorough]
                                 [--python tensorflow=/path/to/python ...]
                                 [--thorough-shapes alphabet|free] [--jobs 2] [paths ...]

For each implementation: one run per seed 0..N-1 at the ci profile, then one
run at the thorough profile (1000 examples per property). Shapes come from
each family's alphabet unless --thorough-shapes free: free shapes at 1000
examples mean an XLA compilation for most examples, hours per implementation.
Every run is a separate pytest process with the Hypothesis example database
off (harness/no_database.py), so no run replays another's examples; --jobs N
runs N of them at once (each is mostly one busy thread). A correct
implementation must pass everything: the script prints each run's counts and
the total number of failing tests, writes reports/false_alarms.json, and exits
1 if that total is not 0. Expected failures (an implementation's documented
deviations, harness/expectations.py) are counted apart: they are not false
alarms, and one that passes (strict) is a failing test. ``--python IMPL=PATH``
runs an implementation's runs with another interpreter (a venv with its
framework installed).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(impl: str, profile: str, seed: int, paths: list[str], shapes: str,
        python: str = sys.executable) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "junit.xml"
        command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   "-p", "dnn_invariants.harness.no_database", "--impl", impl,
                   f"--hypothesis-profile={profile}", f"--hypothesis-seed={seed}",
                   "--shapes", shapes, "--junitxml", str(xml), "--reproducers", str(Path(tmp) / "repro"),
                   *paths]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        cases = ET.parse(xml).getroot().iter("testcase") if xml.exists() else []
        outcomes = {"passed": 0, "failed": 0, "skipped": 0, "xfailed": 0}
        failing = []
        for case in cases:
            skipped = case.find("skipped")
            if case.find("failure") is not None or case.find("error") is not None:
                outcomes["failed"] += 1
                failing.append(f"{case.get('classname')}::{case.get('name')}")
            elif skipped is not None and skipped.get("type") == "pytest.xfail":
                outcomes["xfailed"] += 1
            elif skipped is not None:
                outcomes["skipped"] += 1
            else:
                outcomes["passed"] += 1
    if result.returncode not in (0, 1) or not outcomes["passed"] + outcomes["failed"] + outcomes["xfailed"]:
        # A usage error or a crash is not a count of zero failures.
        outcomes["failed"] += 1
        failing.append(f"pytest exit code {result.returncode}: {result.stderr.strip()[-300:]}")
    return dict(impl=impl, profile=profile, seed=seed, shapes=shapes, seconds=round(seconds, 1),
                exit_code=result.returncode, failing=failing, **outcomes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["properties"], help="what to run (default: properties)")
    parser.add_argument("--impls", nargs="+", default=["jax", "numpy", "torch"])
    parser.add_argument("--seeds", type=int, default=20, help="ci runs per implementation, seeds 0..N-1")
    parser.add_argument("--no-thorough", action="store_true",
                        help="skip the one thorough run per implementation")
    parser.add_argument("--thorough-shapes", choices=["free", "alphabet"], default="alphabet")
    parser.add_argument("--jobs", type=int, default=1, help="pytest processes at once")
    parser.add_argument("--python", action="append", default=[], metavar="IMPL=PATH",
                        help="the interpreter for one implementation's runs (default: this one)")
    parser.add_argument("--out", default=str(ROOT / "reports" / "false_alarms.json"))
    args = parser.parse_args()

    pythons = dict(item.split("=", 1) for item in args.python)
    plan = [(impl, "ci", seed, "alphabet") for impl in args.impls for seed in range(args.seeds)]
    if not args.no_thorough:
        plan += [(impl, "thorough", 0, args.thorough_shapes) for impl in args.impls]
    runs = []
    start = time.perf_counter()
    print(f"{'impl':<10} {'profile':<9} {'seed':>4} {'passed':>7} {'failed':>7} {'skipped':>8} "
          f"{'xfailed':>8} {'seconds':>8}")
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run, impl, profile, seed, args.paths, shapes,
                               pythons.get(impl, sys.executable))
                   for impl, profile, seed, shapes in plan]
        for future in concurrent.futures.as_completed(futures):  # printed as they finish
            r = future.result()
            runs.append(r)
            print(f"{r['impl']:<10} {r['profile']:<9} {r['seed']:>4} {r['passed']:>7} {r['failed']:>7} "
                  f"{r['skipped']:>8} {r['xfailed']:>8} {r['seconds']:>8.1f}", flush=True)
            for name in r["failing"]:
                print(f"    FAILED {name}", flush=True)
    runs.sort(key=lambda r: (args.impls.index(r["impl"]), r["profile"] != "ci", r["seed"]))
    failures = sum(r["failed"] for r in runs)
    for impl in args.impls:
        mine = [r for r in runs if r["impl"] == impl]
        print(f"{impl}: {len(mine)} runs, {sum(r['passed'] for r in mine)} passed, "
              f"{sum(r['failed'] for r in mine)} failed, {sum(r['skipped'] for r in mine)} skipped, "
              f"{sum(r['xfailed'] for r in mine)} expected failures")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wall = time.perf_counter() - start
    out.write_text(json.dumps(dict(paths=args.paths, failures=failures, wall_seconds=round(wall),
                                   jobs=args.jobs, runs=runs), indent=1) + "\n")
    print(f"false alarms: {failures} failing tests in {len(runs)} runs "
          f"({', '.join(args.impls)}; {args.seeds} ci seeds each"
          f"{'' if args.no_thorough else f' + 1 thorough ({args.thorough_shapes} shapes)'}); "
          f"{wall / 60:.0f} min; written to {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
