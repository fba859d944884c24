"""Benchmark the corpus: per family, time per example against the floor of Hypothesis itself.

    python bench/run.py [--impl jax] [--families convolution dropout ...] [--out reports/benchmark.json]

For each property family (a folder of properties/), at the ci profile with a
fixed Hypothesis seed so every run draws the same examples:
  floor  the same strategies and examples with a trivial body (--floor);
  cold   an empty JAX persistent compilation cache;
  warm   the cache the cold run filled.
Then the whole corpus, cold and warm, against the default implementation and,
with --all-impls, against numpy and torch. Writes JSON and prints a table.
Each measurement is a separate pytest process; "per example" is the time
inside the properties divided by the examples run, "wall" the whole process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "12345"


def run(paths, impl, cache_dir, floor=False):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "harness.benchmark",
                   "--bench-json", out.name, "--hypothesis-profile=ci", f"--hypothesis-seed={SEED}",
                   "--impl", impl, *paths] + (["--floor"] if floor else [])
        env = dict(os.environ, DNN_INVARIANTS_JAX_CACHE=str(cache_dir),
                   HYPOTHESIS_DATABASE_DISABLED="1")
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        data = json.loads(Path(out.name).read_text() or "{}") if Path(out.name).stat().st_size else {}
    tests = data.get("tests", {})
    examples = sum(t["examples"] for t in tests.values())
    seconds = sum(t["seconds"] for t in tests.values())
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-300:]
    return dict(wall=wall, examples=examples, seconds=seconds,
                per_example_ms=1000 * seconds / examples if examples else None,
                compiles=data.get("totals", {}).get("cache_misses"),  # real XLA compilations
                cache_hits=data.get("totals", {}).get("cache_hits"),
                exit=result.returncode, summary=summary)


def families():
    return sorted(p.name for p in (ROOT / "properties").iterdir()
                  if p.is_dir() and any(p.glob("test_*.py")))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--impl", default="jax")
    parser.add_argument("--families", nargs="*", default=None)
    parser.add_argument("--all-impls", action="store_true",
                        help="also time the whole corpus on numpy and torch")
    parser.add_argument("--no-corpus", dest="corpus", action="store_false",
                        help="time the families only, not the whole corpus")
    parser.add_argument("--out", default=str(ROOT / "reports" / "benchmark.json"))
    args = parser.parse_args()

    results = dict(date=str(date.today()), machine=f"{platform.machine()}, {os.cpu_count()} cores",
                   python=platform.python_version(), impl=args.impl, families={}, corpus={})
    with tempfile.TemporaryDirectory() as scratch:
        for family in args.families or families():
            paths = [f"properties/{family}"]
            cache = Path(scratch) / family
            floor = run(paths, args.impl, cache / "floor", floor=True)
            cold = run(paths, args.impl, cache / "jit")
            warm = run(paths, args.impl, cache / "jit")
            row = dict(floor=floor, cold=cold, warm=warm)
            for name in ("cold", "warm"):
                if floor["per_example_ms"] and row[name]["per_example_ms"]:
                    row[f"{name}_ratio"] = row[name]["per_example_ms"] / floor["per_example_ms"]
            results["families"][family] = row
            print(_family_line(family, row), flush=True)
        impls = ([args.impl] + (["numpy", "torch"] if args.all_impls else [])) if args.corpus else []
        for impl in impls:
            cache = Path(scratch) / f"corpus-{impl}"
            cold = run(["properties"], impl, cache)
            warm = run(["properties"], impl, cache)
            results["corpus"][impl] = dict(cold=cold, warm=warm)
            print(f"whole corpus, {impl}: cold {cold['wall']:.1f} s, warm {warm['wall']:.1f} s "
                  f"({warm['summary']})", flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    print(f"written to {args.out}")


def _family_line(family, row):
    f, c, w = row["floor"], row["cold"], row["warm"]

    def ms(r):
        return f"{r['per_example_ms']:.2f}" if r["per_example_ms"] else "n/a"
    return (f"{family:<18} examples {c['examples']:5d}  floor {ms(f)} ms/ex  "
            f"cold {ms(c)} ms/ex (x{row.get('cold_ratio', float('nan')):.1f}, {c['compiles']} compiles, "
            f"{c['wall']:.1f} s)  warm {ms(w)} ms/ex (x{row.get('warm_ratio', float('nan')):.1f}, "
            f"{w['compiles']} compiles, {w['cache_hits']} cache hits, {w['wall']:.1f} s)  [{w['summary']}]")


if __name__ == "__main__":
    main()
