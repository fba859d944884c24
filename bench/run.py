"""Benchmark the corpus: per family, time per example against the floor of Hypothesis itself.

    python bench/run.py [--repeat 3] [--families convolution dropout ...] [--all-impls]
                        [--no-corpus] [--out reports/benchmark.json]

For each property family (a folder of properties/), at the ci profile with a
fixed Hypothesis seed so every run draws the same examples:
  floor  the same strategies and examples with a trivial body (--floor);
  cold   an empty JAX persistent compilation cache;
  warm   the cache the cold run filled.
Then the whole corpus (pytest properties), cold and warm, against JAX and,
with --all-impls, against numpy and torch (whose properties' oracles, jacfwd
and friends, still compile XLA). Each measurement is a separate pytest
process; "per example" is the time inside the Hypothesis properties divided
by the examples run, "wall" the whole process. With --repeat N every
measurement is taken N times (floor, cold, warm interleaved) and the table
shows medians: the machine is shared, so single timings are noisy. Writes
every sample as JSON and prints a table with the targets of issue 8.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "12345"
WARM_RATIO, COLD_RATIO = 3.0, 10.0  # per example, against the floor
CORPUS_WARM_S, CORPUS_COLD_S = 60.0, 180.0  # whole corpus against JAX


def run(paths, impl, cache_dir, floor=False, extra=(), env_extra=None):
    """One pytest process; its per-test measurements summed."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   "-p", "dnn_invariants.harness.benchmark", "-p", "dnn_invariants.harness.no_database",
                   "--bench-json", out.name, "--hypothesis-profile=ci", f"--hypothesis-seed={SEED}",
                   "--impl", impl, *extra, *paths] + (["--floor"] if floor else [])
        # harness.no_database: a run must not replay examples another run saved.
        env = dict(os.environ, DNN_INVARIANTS_JAX_CACHE=str(cache_dir), **(env_extra or {}))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        data = json.loads(Path(out.name).read_text() or "{}") if Path(out.name).stat().st_size else {}
    tests = data.get("tests", {})
    examples = sum(t["examples"] for t in tests.values())
    seconds = sum(t["seconds"] for t in tests.values())
    cpu = sum(t.get("cpu_seconds", 0.0) for t in tests.values())
    totals = data.get("totals", {})
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-300:]
    process_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return dict(wall=wall, process_cpu=process_cpu, examples=examples, seconds=seconds,
                per_example_ms=1000 * seconds / examples if examples else None,
                cpu_per_example_ms=1000 * cpu / examples if examples else None,
                compiles=totals.get("cache_misses"),  # real XLA compilations (the cache is on)
                cache_hits=totals.get("cache_hits"),  # programs loaded from the persistent cache
                exit=result.returncode, summary=summary)


def median(samples, key):
    values = [s[key] for s in samples if s.get(key) is not None]
    return statistics.median(values) if values else None


def families():
    return sorted(p.name for p in (ROOT / "properties").iterdir()
                  if p.is_dir() and any(p.glob("test_*.py")))


def measure_family(family, scratch, repeat):
    paths = [f"properties/{family}"]
    samples = dict(floor=[], cold=[], warm=[])
    for i in range(repeat):
        cache = Path(scratch) / f"{family}-{i}"
        samples["floor"].append(run(paths, "jax", cache / "floor", floor=True))
        samples["cold"].append(run(paths, "jax", cache / "jit"))
        samples["warm"].append(run(paths, "jax", cache / "jit"))
        shutil.rmtree(cache, ignore_errors=True)
    row = dict(samples=samples)
    for name, runs in samples.items():
        row[name] = {key: median(runs, key) for key in
                     ("per_example_ms", "cpu_per_example_ms", "wall", "compiles", "cache_hits", "examples")}
        row[name]["summary"] = runs[-1]["summary"]
        row[name]["exit"] = max(r["exit"] for r in runs)
    floor = row["floor"]["per_example_ms"]
    for name in ("cold", "warm"):
        ms = row[name]["per_example_ms"]
        row[f"{name}_ratio"] = ms / floor if floor and ms else None
    # A fair floor draws what the real run draws; more real examples mean assume() rejections.
    row["same_examples"] = row["floor"]["examples"] == row["warm"]["examples"]
    return row


def measure_corpus(impl, scratch, repeat):
    samples = dict(cold=[], warm=[])
    for i in range(repeat):
        cache = Path(scratch) / f"corpus-{impl}-{i}"
        samples["cold"].append(run(["properties"], impl, cache))
        samples["warm"].append(run(["properties"], impl, cache))
        shutil.rmtree(cache, ignore_errors=True)
    return dict(samples=samples, **{name: dict(wall=median(runs, "wall"), compiles=median(runs, "compiles"),
                                               cache_hits=median(runs, "cache_hits"),
                                               summary=runs[-1]["summary"], exit=max(r["exit"] for r in runs))
                                    for name, runs in samples.items()})


def measure_variants(scratch, repeat):
    """The warm corpus against jax three ways, interleaved: serial, with pytest-xdist -n 2, and with
    the guards off (implementations/guard.py's UNGUARDED): the parallel speed-up and the guards' cost."""
    cache = Path(scratch) / "variants"
    run(["properties"], "jax", cache)  # fill the cache
    variants = dict(serial=dict(), parallel=dict(extra=("-n", "2")),
                    unguarded=dict(env_extra={"DNN_INVARIANTS_UNGUARDED": "1"}))
    samples = {name: [] for name in variants}
    for _ in range(repeat):
        for name, how in variants.items():
            samples[name].append(run(["properties"], "jax", cache, **how))
    row = dict(samples=samples, **{name: dict(wall=median(runs, "wall"), summary=runs[-1]["summary"],
                                              exit=max(r["exit"] for r in runs))
                                   for name, runs in samples.items()})
    serial = row["serial"]["wall"]
    row["parallel_ratio"] = row["parallel"]["wall"] / serial if serial else None
    row["guard_cost"] = (serial - row["unguarded"]["wall"]) / serial if serial else None
    return row


def _version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", nargs="*", default=None, help="default: every folder of properties/")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; medians are reported")
    parser.add_argument("--all-impls", action="store_true",
                        help="also time the whole corpus on numpy and torch")
    parser.add_argument("--no-corpus", dest="corpus", action="store_false",
                        help="time the families only, not the whole corpus")
    parser.add_argument("--no-families", dest="per_family", action="store_false",
                        help="time the whole corpus only")
    parser.add_argument("--variants", action="store_true",
                        help="also time the warm corpus with -n 2 and with the guards off, against serial")
    parser.add_argument("--out", default=str(ROOT / "reports" / "benchmark.json"))
    args = parser.parse_args()

    results = dict(
        date=str(date.today()), command=" ".join(["python", "bench/run.py", *sys.argv[1:]]),
        machine=f"{_cpu_model()}, {os.cpu_count()} cores, {platform.system()}",
        load_average_at_start=os.getloadavg(), python=platform.python_version(),
        versions={p: _version(p) for p in ("jax", "jaxlib", "numpy", "hypothesis", "pytest", "torch")},
        profile="ci", seed=SEED, repeat=args.repeat, families={}, corpus={}, variants=None)
    with tempfile.TemporaryDirectory() as scratch:
        for family in (args.families or families()) if args.per_family else []:
            results["families"][family] = measure_family(family, scratch, args.repeat)
            print(_family_line(family, results["families"][family]), flush=True)
        impls = (["jax"] + (["numpy", "torch"] if args.all_impls else [])) if args.corpus else []
        for impl in impls:
            results["corpus"][impl] = row = measure_corpus(impl, scratch, args.repeat)
            print(f"whole corpus, {impl}: cold {row['cold']['wall']:.1f} s, warm {row['warm']['wall']:.1f} s "
                  f"({row['warm']['summary']})", flush=True)
        if args.variants:
            results["variants"] = v = measure_variants(scratch, args.repeat)
            print(f"warm corpus, jax: serial {v['serial']['wall']:.1f} s, -n 2 {v['parallel']['wall']:.1f} s "
                  f"(ratio {v['parallel_ratio']:.2f}), guards off {v['unguarded']['wall']:.1f} s "
                  f"(the guards cost {100 * v['guard_cost']:.1f} %)", flush=True)
    results["load_average_at_end"] = os.getloadavg()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    print()
    print(table(results))
    print(f"\nwritten to {args.out}")


def _n(value, spec=".2f"):
    return "n/a" if value is None else format(value, spec)


def _family_line(family, row):
    f, c, w = row["floor"], row["cold"], row["warm"]
    return (f"{family:<18} examples {_n(w['examples'], '5.0f')}  floor {_n(f['per_example_ms'])} ms/ex  "
            f"cold {_n(c['per_example_ms'])} (x{_n(row['cold_ratio'], '.1f')}, {_n(c['compiles'], '.0f')} "
            f"compiles)  warm {_n(w['per_example_ms'])} (x{_n(row['warm_ratio'], '.1f')}, "
            f"{_n(w['cache_hits'], '.0f')} loads)  [{w['summary']}]")


def _mark(ok):
    return "yes" if ok else "NO"


def table(results):
    """Markdown: per family floor/warm/cold ms per example, ratios, compilations; corpus wall times."""
    lines = []
    if results["families"]:
        lines += ["| family | examples | floor ms/ex | warm ms/ex | warm/floor | cold ms/ex | cold/floor "
                  "| XLA compiles (cold) | cache loads (warm) | targets met |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for family, row in results["families"].items():
            f, c, w = row["floor"], row["cold"], row["warm"]
            met = (row["warm_ratio"] or 99) <= WARM_RATIO and (row["cold_ratio"] or 99) <= COLD_RATIO
            lines.append(f"| {family} | {_n(w['examples'], '.0f')} | {_n(f['per_example_ms'])} | "
                         f"{_n(w['per_example_ms'])} | {_n(row['warm_ratio'], '.1f')}x | "
                         f"{_n(c['per_example_ms'])} | {_n(row['cold_ratio'], '.1f')}x | "
                         f"{_n(c['compiles'], '.0f')} | {_n(w['cache_hits'], '.0f')} | {_mark(met)} |")
    if results["corpus"]:
        lines += ["", "| whole corpus (pytest properties) | cold wall | warm wall | XLA compiles (cold) "
                      "| result |", "| --- | ---: | ---: | ---: | --- |"]
        for impl, row in results["corpus"].items():
            cold, warm = row["cold"], row["warm"]
            lines.append(f"| {impl} | {_n(cold['wall'], '.1f')} s | {_n(warm['wall'], '.1f')} s | "
                         f"{_n(cold['compiles'], '.0f')} | {warm['summary']} |")
        if "jax" in results["corpus"]:
            cold, warm = results["corpus"]["jax"]["cold"], results["corpus"]["jax"]["warm"]
            lines.append(f"\ntargets against jax: warm under {CORPUS_WARM_S:.0f} s: "
                         f"{_mark(warm['wall'] < CORPUS_WARM_S)}, cold under {CORPUS_COLD_S:.0f} s: "
                         f"{_mark(cold['wall'] < CORPUS_COLD_S)}")
    if results.get("variants"):
        v = results["variants"]
        lines += ["", "| warm corpus, jax | wall | against serial |", "| --- | ---: | ---: |",
                  f"| serial | {_n(v['serial']['wall'], '.1f')} s | 1 |",
                  f"| pytest-xdist -n 2 | {_n(v['parallel']['wall'], '.1f')} s | {_n(v['parallel_ratio'])} "
                  f"(target <= 0.65: {_mark((v['parallel_ratio'] or 9) <= 0.65)}) |",
                  f"| guards off | {_n(v['unguarded']['wall'], '.1f')} s | guards cost "
                  f"{_n(100 * (v['guard_cost'] or 0), '.1f')} % (target < 10 %: "
                  f"{_mark((v['guard_cost'] or 1) < 0.10)}) |"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
