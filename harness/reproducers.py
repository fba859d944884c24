"""Turn a failing property's shrunk example into a script a user can paste and run.

Every Hypothesis test's ``inner_test`` (a documented, assignable attribute) is
wrapped to remember the arguments of its latest call. When a property fails,
Hypothesis's last call is the replay of the shrunk example, so those are the
arguments to print. ``st.data()`` draws are recorded too, and replayed by
``Replay``. Every value the strategies draw has a repr that is valid Python.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from hypothesis.strategies._internal.core import DataObject


class Replay:
    """Stands in for ``st.data()``: hands back the recorded draws in order."""

    def __init__(self, draws: list):
        self._draws = list(draws)

    def draw(self, strategy=None, label=None):
        return self._draws.pop(0)

    def __repr__(self):
        return f"Replay({self._draws!r})"


class _RecordingData:
    def __init__(self, data: DataObject, draws: list):
        self._data, self._draws = data, draws

    def draw(self, strategy, label=None):
        value = self._data.draw(strategy, label=label)
        self._draws.append(value)
        return value


def record_calls(function) -> None:
    """Wrap ``function.hypothesis.inner_test`` so the latest call's arguments are kept on the function."""
    inner = function.hypothesis.inner_test
    if getattr(inner, "_records_calls", False):
        return

    @functools.wraps(inner)  # Hypothesis prints "Failing test case: <this name>(...)"
    def recording(*args, **kwargs):
        __tracebackhide__ = True  # keep failure tracebacks about the property, not this wrapper
        draws: list = []
        for name, value in kwargs.items():
            if isinstance(value, DataObject):
                kwargs[name] = _RecordingData(value, draws)
        function._last_call = (args, kwargs, draws)
        return inner(*args, **kwargs)

    recording._records_calls = True
    function.hypothesis.inner_test = recording


def _types_in(value, found: set) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found.add(type(value))
        for field in dataclasses.fields(value):
            _types_in(getattr(value, field.name), found)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _types_in(v, found)
    elif isinstance(value, dict):
        for v in value.values():
            _types_in(v, found)


def reproducer(function, impl_name: str, nodeid: str) -> str | None:
    """Python source that replays the latest call of ``function`` against ``impl_name``."""
    call = getattr(function, "_last_call", None)
    if call is None:
        return None
    _, kwargs, draws = call
    types: set = set()
    for value in kwargs.values():
        _types_in(draws if isinstance(value, _RecordingData) else value, types)
    imports = sorted(f"from {t.__module__} import {t.__qualname__}" for t in types)
    arguments = []
    for name, value in kwargs.items():
        text = "impl" if name == "impl" else (
            f"Replay({draws!r})" if isinstance(value, _RecordingData) else repr(value))
        arguments.append(f"    {name}={text},")
    module, test = function.__module__, function.__name__
    return "\n".join([
        f'"""Reproduce {nodeid} against implementation {impl_name!r}.',
        "",
        "Run from the repository root: python <this file>. It calls the property's body",
        "once with the shrunk example Hypothesis found; the assertion shows the discrepancy.",
        '"""',
        "import sys",
        "",
        "sys.path.insert(0, '.')",
        "import dnn_invariants.harness.process_state  # noqa: E402,F401  (float64 on, as in the corpus)",
        "import numpy as np  # noqa: E402,F401",
        "from numpy import array  # noqa: E402,F401",
        "",
        "from harness.reproducers import Replay  # noqa: E402,F401",
        "from implementations import load  # noqa: E402",
        f"from {module} import {test}  # noqa: E402",
        *[f"{line}  # noqa: E402" for line in imports],
        "",
        f"impl = load({impl_name!r})",
        f"{test}.hypothesis.inner_test(",
        *arguments,
        ")",
        "print('the property held on this example')",
        "",
    ])


def file_name(nodeid: str) -> str:
    name = nodeid.split("/")[-1].replace(".py::", "__")
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") + ".py"


def write(directory: Path, nodeid: str, source: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(nodeid)
    path.write_text(source)
    return path
