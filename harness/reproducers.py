"""Turn a failing property's shrunk example into a script that replays it, from any directory.

harness/examples.py keeps each example's arguments on the property's function;
when a property fails, Hypothesis's last call is the replay of the shrunk
example, so those are the arguments to print. Every value the strategies draw
has a repr that is valid Python; ``st.data()`` draws are replayed by ``Replay``.

The script inserts the folders it needs into ``sys.path`` (the corpus's own
checkout, if it is not installed, and the folder the implementation module
was imported from), so ``python <script>`` replays the failure from anywhere,
without PYTHONPATH. Scripts go to ``<reproducers>/<implementation>/``, one per
property; a property that passes removes its own stale script.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import dnn_invariants


class Replay:
    """Stands in for ``st.data()``: hands back the recorded draws in order."""

    def __init__(self, draws: list):
        self._draws = list(draws)

    def draw(self, strategy=None, label=None):
        return self._draws.pop(0)

    def __repr__(self):
        return f"Replay({self._draws!r})"


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


def module_of(nodeid: str) -> str:
    """The importable name of a property's module: ``dnn_invariants.properties.<family>.<file>``."""
    path = nodeid.split("::")[0].removesuffix(".py")
    return "dnn_invariants." + path.replace("/", ".")


def _import_root(module_name: str) -> str | None:
    """The sys.path folder the implementation module was imported from (None: nothing to add)."""
    module = sys.modules.get(module_name)
    file = getattr(module, "__file__", None)
    if not file or module_name.startswith("dnn_invariants."):
        return None
    root = Path(file).resolve().parent
    if Path(file).name == "__init__.py":
        root = root.parent
    for _ in range(module_name.count(".")):
        root = root.parent
    return str(root)


def reproducer(function, impl_name: str, nodeid: str, impl_module: str | None = None) -> str | None:
    """Python source that replays the latest call of ``function`` against ``impl_name``."""
    from dnn_invariants.harness.examples import RecordingData

    call = getattr(function, "_last_call", None)
    if call is None:
        return None
    _, kwargs, draws = call
    types: set = set()
    for value in kwargs.values():
        _types_in(draws if isinstance(value, RecordingData) else value, types)
    imports = sorted(f"from {t.__module__} import {t.__qualname__}" for t in types)
    arguments = []
    for name, value in kwargs.items():
        text = "impl" if name == "impl" else (
            f"Replay({draws!r})" if isinstance(value, RecordingData) else repr(value))
        arguments.append(f"    {name}={text},")
    paths = []
    corpus = Path(dnn_invariants.__file__).resolve().parent
    if not (corpus / "properties").is_dir():  # a checkout: its root holds the corpus's folders
        paths.append(str(corpus.parent))
    if impl_module and (root := _import_root(impl_module)):
        paths.append(root)
    test = function.__name__
    return "\n".join([
        f'"""Reproduce {nodeid} against implementation {impl_name!r}.',
        "",
        "Run it from anywhere: python <this file>. It calls the property's body once with the",
        "shrunk example Hypothesis found; the assertion shows the discrepancy.",
        '"""',
        "import sys",
        "",
        *[f"sys.path.insert(0, {p!r})" for p in paths],
        "import dnn_invariants.harness.process_state  # noqa: E402,F401  (float64 on, as in the corpus)",
        "import numpy as np  # noqa: E402,F401",
        "from numpy import array  # noqa: E402,F401",
        "",
        "from dnn_invariants.harness.reproducers import Replay  # noqa: E402,F401",
        "from dnn_invariants.implementations import load  # noqa: E402",
        f"from {module_of(nodeid)} import {test}  # noqa: E402",
        *[f"{line}  # noqa: E402" for line in imports],
        "",
        f"impl = load({impl_name!r})",
        f"{test}.hypothesis.inner_test(",
        *arguments,
        ")",
        "print('the property held on this example')",
        "",
    ])


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")


def file_name(nodeid: str) -> str:
    return _safe(nodeid.split("/")[-1].replace(".py::", "__")) + ".py"


def path_for(directory: Path, nodeid: str, impl_name: str) -> Path:
    return Path(directory) / _safe(impl_name) / file_name(nodeid)


def write(directory: Path, nodeid: str, source: str, impl_name: str) -> Path:
    path = path_for(directory, nodeid, impl_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    return path


def remove_stale(directory: Path, nodeid: str, impl_name: str) -> None:
    """A property that passed against ``impl_name`` removes the script an earlier failure left."""
    path_for(directory, nodeid, impl_name).unlink(missing_ok=True)
