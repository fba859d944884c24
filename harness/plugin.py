"""The corpus's pytest plugin: which implementation, the report header, and the corpus's sub-plugins.

Loaded by the checkout's ``conftest.py`` and by the ``dnn-invariants`` command
(``-p dnn_invariants.harness.plugin``). Importing it sets the process state the
oracles rely on (harness/process_state.py) and registers the Hypothesis
profiles, before any property imports JAX.

Choose the implementation with ``--impl NAME_OR_MODULE`` or ``DNN_INVARIANTS_IMPL``
(a registered name: jax, numpy, torch, ...; or any importable module's dotted path).
"""

from __future__ import annotations

import os
import platform
from importlib import metadata

import pytest
from dnn_invariants.harness import process_state, profiles
from dnn_invariants.implementations import REGISTERED, UnknownImplementation, load
from dnn_invariants.strategies import shapes
from hypothesis import settings

IMPL_ENV = "DNN_INVARIANTS_IMPL"

pytest_plugins = ["dnn_invariants.harness.report", "dnn_invariants.harness.mutation",
                  "dnn_invariants.harness.run_record"]


def pytest_addoption(parser):
    group = parser.getgroup("dnn-invariants")
    group.addoption(
        "--impl", default=os.environ.get(IMPL_ENV, "jax"),
        help=f"implementation under test: {', '.join(REGISTERED)} or a dotted module path "
             f"(default: ${IMPL_ENV} or jax)",
    )
    group.addoption(
        "--shapes", choices=shapes.MODES, default=shapes.mode(),
        help="draw shapes from each family's bounded alphabet (fast: each shape compiles once) "
             "or freely (thorough); default: $DNN_INVARIANTS_SHAPES or alphabet",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "requires(*ops): operations of the contract the test calls")
    config.addinivalue_line("markers", "claim(*ids): the seed claims (ledger ids) the test decides")
    shapes.set_mode(config.getoption("--shapes"))
    try:
        config.impl = load(config.getoption("--impl"))
    except UnknownImplementation as error:
        raise pytest.UsageError(str(error)) from None


def _version(package: str | None) -> str:
    if not package:
        return "n/a"
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def pytest_report_header(config):
    impl = config.impl
    versions = ", ".join(f"{p} {_version(p)}" for p in ("jax", "jaxlib", "numpy", "hypothesis"))
    framework = impl.framework
    profile = settings.get_current_profile_name()
    return [
        f"dnn-invariants: implementation {impl.name!r} (module {impl.module.__name__}"
        + (f", framework {framework} {_version(framework)}" if framework else "") + ")",
        f"dnn-invariants: python {platform.python_version()}, {versions}",
        f"dnn-invariants: provides {len(impl.provided)} operations: {', '.join(impl.provided) or 'none'}",
        f"dnn-invariants: Hypothesis profile {profile!r} ({settings().max_examples} examples per property), "
        f"shapes {shapes.mode()}, JAX cache {process_state.JAX_CACHE_DIR or 'off'}",
        f"dnn-invariants: {IMPL_ENV}={os.environ.get(IMPL_ENV, '')!r}",
    ]


def pytest_runtest_setup(item):
    # A missing operation is a skip that names it, decided before Hypothesis runs.
    for mark in item.iter_markers("requires"):
        missing = item.config.impl.missing(mark.args)
        if missing:
            pytest.skip(f"implementation {item.config.impl.name!r} does not provide "
                        f"{', '.join(repr(m) for m in missing)}")


@pytest.fixture(scope="session")
def impl(pytestconfig):
    """The implementation under test (see implementations/contract.py)."""
    return pytestconfig.impl


__all__ = ["impl", "profiles"]
