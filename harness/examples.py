"""One wrapper around every Hypothesis property's inner test: each example known before it runs.

Hypothesis calls ``function.hypothesis.inner_test`` (a documented, assignable
attribute) once per example. The wrapper, installed once per property:

* keeps the example's arguments on the function (``_last_call``), with the
  values ``st.data()`` draws recorded as they are drawn: the reproducer
  (harness/reproducers.py) prints them, and when a property fails,
  Hypothesis's last call is the replay of the shrunk example;
* under ``--isolate``, writes the example where the controller can read it if
  the implementation crashes the process (harness/isolation.py);
* times the example (harness/timeouts.py): a hang fails it with its input;
* counts the examples that ran (not rejected) for the end-of-run report;
* holds back the failure of an explicit example (``@example``, run first): Hypothesis
  would report it at once, unshrunk, and never draw; held back, the drawn examples
  run too, and when one of them fails Hypothesis shrinks it and reports the simplest
  case (the explicit failure added as a note). If none fails, the explicit example's
  failure is raised after the run (``raise_held_back``, called by harness/plugin.py).
"""

from __future__ import annotations

import functools

from hypothesis.errors import UnsatisfiedAssumption
from hypothesis.strategies._internal.core import DataObject

from dnn_invariants.harness import isolation, timeouts
from dnn_invariants.implementations import guard


class RecordingData:
    """Stands in for ``st.data()``'s object: draws as it does, and remembers each value drawn."""

    def __init__(self, data: DataObject, draws: list):
        self._data, self._draws = data, draws

    def draw(self, strategy, label=None):
        value = self._data.draw(strategy, label=label)
        self._draws.append(value)
        return value


def arguments_text(kwargs: dict, draws: list) -> str:
    """The example as ``name=value`` pairs (the implementation left out), values as drawn."""
    parts = []
    for name, value in kwargs.items():
        if name == "impl":
            continue
        shown = f"Replay({draws!r})" if isinstance(value, RecordingData) else repr(value)
        parts.append(f"{name}={shown}")
    return ", ".join(parts)


HELD_BACK: dict = {}  # test function -> (the explicit example's exception, its call, its text)


def _is_explicit(function, kwargs) -> bool:
    """Whether this call is one of the function's @example cases (their values are passed as they are)."""
    return any(ex.kwargs and all(k in kwargs and kwargs[k] is v for k, v in ex.kwargs.items())
               for ex in getattr(function, "hypothesis_explicit_examples", ()))


def raise_held_back(function, error: BaseException | None) -> None:
    """After the run: raise an explicit example's held-back failure, or add it to ``error`` as a note."""
    held = HELD_BACK.pop(function, None)
    if held is None:
        return
    exception, call, text = held
    if error is not None:
        if isinstance(error, Exception):
            error.add_note(f"The explicit example {text} fails too: {type(exception).__name__}: "
                           f"{str(exception).splitlines()[0] if str(exception) else ''}")
        return
    function._last_call = call  # the reproducer (harness/reproducers.py) replays this one
    exception.add_note(f"Failing explicit example (run first, not shrunk; every drawn example passed): "
                       f"{function.__name__}({text})")
    raise exception


def wrap(function, nodeid: str) -> None:
    """Install the wrapper on a Hypothesis test function (once; later calls do nothing)."""
    inner = function.hypothesis.inner_test
    if getattr(inner, "_records_calls", False):
        return

    @functools.wraps(inner)  # Hypothesis prints "Failing test case: <this name>(...)"
    def example(*args, **kwargs):
        __tracebackhide__ = True  # keep failure tracebacks about the property, not this wrapper
        draws: list = []
        for name, value in kwargs.items():
            if isinstance(value, DataObject):
                kwargs[name] = RecordingData(value, draws)
        function._last_call = (args, kwargs, draws)
        if isolation.active():
            isolation.record(function, nodeid)
        timeouts.start(lambda: f"{nodeid}, input: {arguments_text(kwargs, draws)}")
        function._failed_explicitly = False
        try:
            result = inner(*args, **kwargs)
        except UnsatisfiedAssumption:
            raise
        except Exception as error:
            guard.TALLY.examples += 1
            if not _is_explicit(function, kwargs):
                raise
            # Held back (see the module docstring): the drawn examples run next.
            HELD_BACK.setdefault(function, (error, function._last_call, arguments_text(kwargs, draws)))
            function._failed_explicitly = True
            return None
        except BaseException:
            guard.TALLY.examples += 1
            raise
        finally:
            timeouts.stop()
        guard.TALLY.examples += 1
        return result

    example._records_calls = True
    function.hypothesis.inner_test = example
