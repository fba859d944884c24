"""Which convolutions XLA's compiler aborts on, against the refusal's prediction (xla_conv_abort.py).

    python bench/xla_conv_abort_probe.py [--random N] [--seed S] [--ops bt]
                                         [--out reports/xla_conv_abort.json]

Compiles JAX's own input gradient (``b``: jax.vjp of lax.conv_general_dilated, not the
refusing wrapper) and the transposed convolution of jax_ops (``t``) for every configuration
of the conv alphabet, each grouped one also as one group's slice, and N random 2- and 3-D
configurations that lean towards the aborting dimension (kernel 2, stride 2, padding low 1),
with float64 ones. An abort kills the process, so the configurations run in a child process
that prints each one before compiling it; when the child dies, the configuration it was on
is recorded and a new child goes on from the next. Prints the aborts the refusal misses and
the refusals that compiled; exits 1 if there is either.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dnn_invariants.implementations.jax_ops.xla_conv_abort import transpose_aborts  # noqa: E402
from dnn_invariants.strategies.conv import CONV_ALPHABET, ConvConfig, _valid  # noqa: E402

_CHILD = r"""
import json, sys
import numpy as np, jax
jax.config.update("jax_enable_x64", True)
from dnn_invariants.implementations.jax_ops.convolution import _conv_transpose_jit, _conv_vjp_jit
from dnn_invariants.strategies.conv import ConvConfig
configs, start, ops = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
for i in range(start, len(configs)):
    b, ci, co, g, n, k, s, p, d = configs[i]
    c = ConvConfig(b, ci, co, g, tuple(n), tuple(k), tuple(s), tuple(map(tuple, p)), tuple(d))
    print("BEGIN", i, flush=True)
    x, w, dy = (np.ones(shape) for shape in (c.x_shape, c.w_shape, c.y_shape))
    if "b" in ops:
        [np.asarray(a) for a in _conv_vjp_jit(x, w, dy, **c.kwargs)]
    if "t" in ops:
        np.asarray(_conv_transpose_jit(dy, w, **c.kwargs, output_padding=c.remainder))
    print("END", i, flush=True)
"""


def _configs(random_count: int, seed: int) -> list[ConvConfig]:
    configs = []
    for c in CONV_ALPHABET:
        configs.append(c)
        if c.groups > 1:  # one group's slice: a plain convolution with the same window
            g = c.groups
            configs.append(dataclasses.replace(c, c_in=c.c_in // g, c_out=c.c_out // g, groups=1))
    alphabet = len(configs)
    rng = random.Random(seed)

    def dim(lean):
        if lean and rng.random() < 0.6:
            return 2, 2, 1, 1, rng.choice([0, 1, 2]), rng.randint(0, 4)
        return (rng.randint(1, 4), rng.randint(1, 3), rng.choice([1, 1, 2]), rng.randint(0, 3),
                rng.randint(0, 3), rng.randint(0, 4))

    while len(configs) < alphabet + random_count:
        ndim = rng.choice([2, 2, 2, 3])
        dims = [dim(i == 0 or rng.random() < 0.3) for i in range(ndim)]
        rng.shuffle(dims)
        groups = rng.choice([1, 1, 1, 2, 3])
        c_in_group = 1 if groups > 1 and rng.random() < 0.5 else rng.randint(1, 2)
        c = _valid(rng.randint(1, 2), groups, c_in_group, rng.randint(1, 2), dims)
        if min(c.m) >= 1:
            configs.append(c)
    return configs


def _aborting(configs: list[ConvConfig], ops: str, workdir: Path) -> tuple[set[int], dict[int, str]]:
    listing = workdir / "xla_conv_abort_configs.json"
    listing.write_text(json.dumps([dataclasses.astuple(c) for c in configs]))
    env = dict(os.environ, JAX_ENABLE_COMPILATION_CACHE="0", PYTHONPATH=str(ROOT))  # compile, never load
    start, aborted, reasons = 0, set(), {}
    while start < len(configs):
        run = subprocess.run([sys.executable, "-c", _CHILD, str(listing), str(start), ops], env=env,
                             capture_output=True, text=True, errors="replace")
        if run.returncode == 0:
            break
        begun = [int(line.split()[1]) for line in run.stdout.splitlines() if line.startswith("BEGIN")]
        ended = [int(line.split()[1]) for line in run.stdout.splitlines() if line.startswith("END")]
        if not begun or (ended and ended[-1] == begun[-1]):
            raise SystemExit(f"the child died outside a configuration:\n{run.stderr[-3000:]}")
        last = begun[-1]
        aborted.add(last)
        tail = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.returncode}"
        reasons[last] = next((line for line in run.stderr.splitlines() if "Check failed" in line), tail)
        print(f"died on {last}: {configs[last]}\n    {reasons[last][:200]}", flush=True)
        start = last + 1
    return aborted, reasons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ops", default="bt")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "xla_conv_abort.json")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    configs = _configs(args.random, args.seed)
    aborted, reasons = _aborting(configs, args.ops, args.out.parent)
    predicted = {i for i, c in enumerate(configs)
                 if transpose_aborts(c.m, c.kernel, stride=c.stride, padding=c.padding,
                                     dilation=c.dilation, output_padding=c.remainder)}
    missed, needless = sorted(aborted - predicted), sorted(predicted - aborted)
    import jax
    record = {"jax": jax.__version__, "configs": len(configs), "aborted": len(aborted),
              "predicted": len(predicted), "missed": [str(configs[i]) for i in missed],
              "refused_but_compiled": [str(configs[i]) for i in needless],
              "reasons": sorted({reasons[i].split("]", 1)[-1][:120] for i in aborted})}
    args.out.write_text(json.dumps(record, indent=1))
    print(f"jax {jax.__version__}: {len(configs)} configurations ({len(CONV_ALPHABET)} of the alphabet), "
          f"{len(aborted)} aborted the compiler, {len(predicted)} refused; missed {len(missed)}, "
          f"refused but compiled {len(needless)}")
    return 1 if missed or needless else 0


if __name__ == "__main__":
    sys.exit(main())
