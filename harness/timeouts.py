"""A per-example time limit: a hang fails the example, with its input, instead of the run.

``--example-timeout SECONDS`` (default 120, generous: a cold XLA compilation of
the largest program takes a few seconds; 0 turns the limit off;
``$DNN_INVARIANTS_EXAMPLE_TIMEOUT`` sets the default). Each example is timed
with SIGALRM: when it fires, ``ExampleTimeout`` is raised in the main thread.
It derives from ``BaseException``, so Hypothesis does not try to shrink (which
would call the hanging implementation again and again): the property fails
at once with the example it was running, which harness/examples.py recorded
before the implementation was called.

An implementation stuck in native code never returns to the interpreter, so
the signal's handler cannot run. A watchdog thread catches that case: if the
example is still running ``grace`` seconds after its limit, it prints the
example to stderr and ends the process (with ``--isolate`` that loses one
property, and harness/isolation.py reports it with its input).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

DEFAULT_SECONDS = float(os.environ.get("DNN_INVARIANTS_EXAMPLE_TIMEOUT", "120"))


class ExampleTimeout(BaseException):  # noqa: N818 (it is a timeout, raised on purpose)
    """The example ran past its time limit."""


_limit = DEFAULT_SECONDS
_describe = None  # () -> str: the example running now, for messages
_deadline: float | None = None
_condition = threading.Condition()
_watchdog: threading.Thread | None = None


def _on_alarm(signum, frame):
    __tracebackhide__ = True
    what = _describe() if _describe else "the current example"
    raise ExampleTimeout(f"the example ran for more than {_limit:g} s (--example-timeout) and was stopped: "
                         f"{what}")


def install(seconds: float) -> None:
    """Set the limit and the SIGALRM handler (before the process state is snapshotted)."""
    global _limit, _watchdog
    _limit = float(seconds)
    signal.signal(signal.SIGALRM, _on_alarm)
    if _limit > 0 and _watchdog is None:
        _watchdog = threading.Thread(target=_watch, name="dnn-invariants example watchdog", daemon=True)
        _watchdog.start()


def grace() -> float:
    return max(30.0, _limit)


def start(describe) -> None:
    global _describe, _deadline
    if _limit <= 0:
        return
    _describe = describe
    signal.setitimer(signal.ITIMER_REAL, _limit)
    with _condition:
        _deadline = time.monotonic() + _limit + grace()
        _condition.notify()


def stop() -> None:
    global _deadline
    if _limit <= 0:
        return
    signal.setitimer(signal.ITIMER_REAL, 0)
    with _condition:
        _deadline = None


def _watch() -> None:
    while True:
        with _condition:
            while _deadline is None:
                _condition.wait()
            remaining = _deadline - time.monotonic()
            if remaining > 0:
                _condition.wait(remaining)
                continue
            what = _describe() if _describe else "the current example"
        sys.stderr.write(
            f"\ndnn-invariants: an example is still running {grace():g} s after its time limit "
            f"({_limit:g} s): the implementation is stuck in native code and cannot be interrupted. "
            f"Ending the process. {what}\nRun with --isolate to lose only this property.\n")
        sys.stderr.flush()
        os._exit(70)
