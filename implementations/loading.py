"""Load an implementation module by short name or dotted path, and wrap it for the properties.

``load(name)`` imports the module with the process state checked around the
import (a module that flips a JAX flag or NumPy's error state while importing
is recorded and undone), reads its declarations (``SUPPORTS``,
``LINEAR_INIT``) and returns a ``Loaded``: what properties call. A missing
operation is a skip that names it; every call goes through
implementations/guard.py.

A module that cannot be imported is one usage error: an unknown name, a
dependency that is not installed, or any other exception raised while
importing, each said in one message.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from types import ModuleType

import pytest

from dnn_invariants.harness import process_state
from dnn_invariants.implementations import guard, init_law
from dnn_invariants.implementations.contract import OPERATIONS
from dnn_invariants.implementations.support import InvalidDeclaration, Support

REGISTERED: dict[str, str] = {
    "jax": "dnn_invariants.implementations.jax_ops",
    "numpy": "dnn_invariants.implementations.numpy_ops",
    "torch": "dnn_invariants.implementations.torch_ops",
    "tensorflow": "dnn_invariants.implementations.tf_ops",
    "mlx": "dnn_invariants.implementations.mlx_ops",
}


class UnknownImplementation(Exception):
    """The name is not registered, the module cannot be imported, or its declarations are invalid."""


def _import(name: str, module_name: str) -> ModuleType:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if module_name == missing or module_name.startswith(missing + "."):
            known = ", ".join(sorted(REGISTERED))
            raise UnknownImplementation(
                f"unknown implementation {name!r}: not one of {known}, "
                f"and no importable module named {module_name!r} "
                f"(modules are found on sys.path: the current directory and PYTHONPATH)") from None
        raise UnknownImplementation(
            f"implementation module {module_name!r} could not be imported: it imports {missing!r}, "
            f"which is not installed (install it in this environment: pip install {missing.split('.')[0]})"
        ) from None
    except Exception as error:  # noqa: BLE001 (whatever the module raises, the user sees one message)
        frames = traceback.extract_tb(error.__traceback__)
        where = next((f"{f.filename}:{f.lineno}" for f in reversed(frames)
                      if "importlib" not in f.filename), "")
        raise UnknownImplementation(
            f"implementation module {module_name!r} could not be imported: "
            f"{type(error).__name__}: {error}" + (f" (at {where})" if where else "")) from None


def load(name: str) -> Loaded:
    module_name = REGISTERED.get(name, name)
    before = process_state.snapshot()
    already = module_name in sys.modules
    module = _import(name, module_name)
    changed = [] if already else process_state.changes(before)
    if changed:
        process_state.restore(before)
    try:
        loaded = Loaded(name, module)
    except (InvalidDeclaration, init_law.InvalidLaw) as error:
        raise UnknownImplementation(f"implementation module {module_name!r}: {error}") from None
    loaded.load_changes = changed
    guard.expect_current_state()
    return loaded


class Loaded:
    """An implementation module, as the properties see it."""

    def __init__(self, name: str, module: ModuleType):
        self.name = name
        self.module = module
        self.provided = tuple(op for op in OPERATIONS if callable(getattr(module, op, None)))
        self.support = Support(getattr(module, "SUPPORTS", None))
        self.init_law = init_law.parse(getattr(module, "LINEAR_INIT", None))
        self.load_changes: list[str] = []

    @property
    def label(self) -> str:
        return getattr(self.module, "NAME", self.name)

    @property
    def framework(self) -> str | None:
        return getattr(self.module, "FRAMEWORK", None)

    def provides(self, op: str) -> bool:
        return op in self.provided

    def missing(self, ops) -> list[str]:
        return [op for op in ops if op not in self.provided]

    def __getattr__(self, op: str):
        if op not in OPERATIONS:
            raise AttributeError(op)
        function = getattr(self.module, op, None)
        if not callable(function):
            pytest.skip(f"implementation {self.label!r} does not provide operation {op!r}")

        def call(*args, **kwargs):
            __tracebackhide__ = True
            return guard.call(op, function, self.support, self.label, args, kwargs)

        call.__name__ = op
        return call

    def __repr__(self) -> str:
        return f"<implementation {self.name} ({self.module.__name__})>"
