"""Crash isolation: a segfault or abort in the implementation loses one property, not the run.

``--isolate`` runs the corpus in a pytest-xdist worker process (``-n 1``
unless ``-n`` is given) that is replaced when it dies (xdist's worker
restart). Before each example the worker writes the example, as the
reproducer script that replays it, to ``<reports>/.running/<worker>.json``
(harness/examples.py). When a worker dies, the controller's
``pytest_handlecrashitem`` reads that file: the crashed property fails with
the input that crashed it and a reproducer, and the run goes on, so the
summary and the ledger complete.

Turn it on for an implementation that may crash the interpreter (native code
of your own, a framework build you do not trust); it costs a worker process
and a small file write per example. Without it a crash ends the run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dnn_invariants.harness import reproducers

_state = dict(active=False, directory=None, impl=None, reproducers=None)


def configure(active: bool, reports: Path, impl_name: str, reproducer_dir: Path) -> None:
    _state.update(active=active, directory=reports / ".running", impl=impl_name, reproducers=reproducer_dir)


def active() -> bool:
    return bool(_state["active"]) and "PYTEST_XDIST_WORKER" in os.environ


def _file(worker: str) -> Path:
    return Path(_state["directory"]) / f"{worker}.json"


def record(function, nodeid: str) -> None:
    """Write the example about to run (worker side)."""
    source = reproducers.reproducer(function, _state["impl"], nodeid)
    path = _file(os.environ["PYTEST_XDIST_WORKER"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    call = getattr(function, "_last_call", None)
    from dnn_invariants.harness.examples import arguments_text
    tmp.write_text(json.dumps(dict(nodeid=nodeid, source=source,
                                   example=arguments_text(call[1], call[2]) if call else "")))
    os.replace(tmp, path)


def crashed(nodeid: str, worker: str) -> tuple[str, str | None]:
    """(the example that was running, the reproducer's path) for a worker that died (controller side)."""
    path = _file(worker)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return "the example was not recorded (the worker died before its first example)", None
    if data.get("nodeid") != nodeid:
        return "the example was not recorded (the worker died between examples)", None
    written = None
    if data.get("source"):
        written = str(reproducers.write(Path(_state["reproducers"]), nodeid, data["source"], _state["impl"]))
    return data.get("example", ""), written
