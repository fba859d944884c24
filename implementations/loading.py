"""Load an implementation module by short name or dotted path, and wrap it.

The wrapper is what properties call. It turns the contract's two ways of saying
"not provided" (a missing function, or ``NotImplementedError``) into a pytest
skip that names the operation, and hands every result back as NumPy arrays.
Any other exception passes through, so Hypothesis shrinks and reports it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import numpy as np
import pytest
from dnn_invariants.implementations.contract import OPERATIONS

REGISTERED: dict[str, str] = {
    "jax": "dnn_invariants.implementations.jax_ops",
    "numpy": "dnn_invariants.implementations.numpy_ops",
    "torch": "dnn_invariants.implementations.torch_ops",
}


class UnknownImplementation(Exception):
    """The name is neither registered nor an importable module."""


def load(name: str) -> Loaded:
    module_name = REGISTERED.get(name, name)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        # Only "this very module is missing" is a usage error; a missing
        # dependency *inside* the user's module is their bug, shown in full.
        missing = error.name or ""
        if module_name == missing or module_name.startswith(missing + "."):
            known = ", ".join(sorted(REGISTERED))
            raise UnknownImplementation(
                f"unknown implementation {name!r}: not one of {known}, "
                f"and no importable module named {module_name!r}"
            ) from None
        raise
    return Loaded(name, module)


def _as_numpy(value):
    if isinstance(value, (tuple, list)):
        return type(value)(_as_numpy(v) for v in value)
    if isinstance(value, (int, float, str, type(None))):
        return value
    return np.asarray(value)


class Loaded:
    """An implementation module, as the properties see it."""

    def __init__(self, name: str, module: ModuleType):
        self.name = name
        self.module = module
        self.provided = tuple(op for op in OPERATIONS if callable(getattr(module, op, None)))

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
            try:
                result = function(*args, **kwargs)
            except NotImplementedError as error:
                detail = f": {error}" if str(error) else ""
                pytest.skip(f"implementation {self.label!r} does not support {op!r} here{detail}")
            return _as_numpy(result)

        call.__name__ = op
        return call

    def __repr__(self) -> str:
        return f"<implementation {self.name} ({self.module.__name__})>"
