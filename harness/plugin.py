"""The corpus's pytest plugin: which implementation, the guards around it, the report header.

Loaded by the checkout's ``conftest.py`` and by the ``dnn-invariants`` command
(``-p dnn_invariants.harness.plugin``). Importing it sets the process state the
oracles rely on (harness/process_state.py) and registers the Hypothesis
profiles, before any property imports JAX.

Choose the implementation with ``--impl NAME_OR_MODULE`` or ``DNN_INVARIANTS_IMPL``
(a registered name: jax, numpy, torch, tensorflow, mlx; or any importable module's dotted path).
"""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.errors import NoSuchExample, Unsatisfiable

from dnn_invariants.harness import examples, expectations, isolation, process_state, profiles, timeouts
from dnn_invariants.implementations import REGISTERED, UnknownImplementation, guard, load
from dnn_invariants.strategies import shapes
from dnn_invariants.strategies import support as drawn_support

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
    group.addoption(
        "--example-timeout", type=float, default=timeouts.DEFAULT_SECONDS, metavar="SECONDS",
        help="fail an example that runs longer than this, with its input (0: no limit; "
             "default: $DNN_INVARIANTS_EXAMPLE_TIMEOUT or %(default)s)",
    )
    group.addoption(
        "--expectations", action="append", default=[], metavar="PATH",
        help="a TOML file of known failures (test or claim id, reason, link): strict expected "
             "failures (repeatable; harness/expectations.py)",
    )
    group.addoption(
        "--example-database", metavar="DIR_OR_URL", default=os.environ.get("DNN_INVARIANTS_DATABASE"),
        help="Hypothesis's example database: a directory (shared by workers on one filesystem) or "
             "redis://host:port/db (workers on several machines); default .hypothesis/ here",
    )
    group.addoption(
        "--isolate", action="store_true",
        help="run the properties in a pytest-xdist worker that is replaced if the implementation "
             "crashes it: a crash fails one property, with its input, instead of ending the run",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    # Before pytest-xdist reads -n: --isolate means at least one worker, restarted as often as needed.
    # (A worker gets the same arguments: it must not start workers of its own.)
    if config.getoption("--isolate") and "PYTEST_XDIST_WORKER" not in os.environ:
        if not config.pluginmanager.hasplugin("xdist"):
            raise pytest.UsageError("--isolate needs pytest-xdist: pip install 'dnn-invariants[parallel]'")
        if not getattr(config.option, "numprocesses", None):
            config.option.numprocesses = 1
        config.option.maxworkerrestart = 10_000


@pytest.hookimpl(trylast=True)  # after Hypothesis's own plugin has loaded --hypothesis-profile
def pytest_configure(config):
    if url := config.getoption("--example-database"):
        try:
            profiles.use_database(url)
        except ValueError as error:
            raise pytest.UsageError(str(error)) from None
    config.addinivalue_line("markers", "requires(*ops): operations of the contract the test calls")
    config.addinivalue_line("markers", "claim(*ids): the seed claims (ledger ids) the test decides")
    shapes.set_mode(config.getoption("--shapes"))
    timeouts.install(config.getoption("--example-timeout"))
    try:
        config.impl = load(config.getoption("--impl"))
    except UnknownImplementation as error:
        raise pytest.UsageError(str(error)) from None
    drawn_support.set_implementation(config.impl.support)
    files = list(config.getoption("--expectations"))
    shipped = getattr(config.impl.module, "EXPECTED_FAILURES", None)
    if shipped:
        files.append(shipped)
    try:
        config.expected = [e for f in files for e in expectations.load(f)]
    except expectations.InvalidExpectations as error:
        raise pytest.UsageError(str(error)) from None
    isolation.configure(config.getoption("--isolate"), Path("reports"), config.impl.name,
                        Path(config.getoption("--reproducers")))


def _version(package: str | None) -> str:
    if not package:
        return "n/a"
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        pass
    # An import name installed under another distribution name (tensorflow from tensorflow-cpu).
    for distribution in metadata.packages_distributions().get(package, []):
        try:
            return f"{metadata.version(distribution)} ({distribution})"
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def pytest_report_header(config):
    impl = config.impl
    versions = ", ".join(f"{p} {_version(p)}" for p in ("jax", "jaxlib", "numpy", "hypothesis"))
    framework = impl.framework
    profile = settings.get_current_profile_name()
    lines = [
        f"dnn-invariants: implementation {impl.name!r} (module {impl.module.__name__}"
        + (f", framework {framework} {_version(framework)}" if framework else "") + ")",
        f"dnn-invariants: python {platform.python_version()}, {versions}",
        f"dnn-invariants: provides {len(impl.provided)} operations: {', '.join(impl.provided) or 'none'}",
        f"dnn-invariants: declares support: {impl.support.describe()}",
        f"dnn-invariants: declares linear init: {impl.init_law.describe() if impl.init_law else 'none'}",
        f"dnn-invariants: Hypothesis profile {profile!r} ({settings().max_examples} examples per property), "
        f"shapes {shapes.mode()}, example time limit "
        f"{config.getoption('--example-timeout'):g} s, JAX cache {process_state.JAX_CACHE_DIR or 'off'}",
        f"dnn-invariants: {IMPL_ENV}={os.environ.get(IMPL_ENV, '')!r}, example database "
        f"{settings().database!r}",
    ]
    if config.expected:
        sources = sorted({e.source for e in config.expected})
        lines.append(f"dnn-invariants: {len(config.expected)} expected failures from {', '.join(sources)}")
    if impl.load_changes:
        lines.append("dnn-invariants: importing the implementation changed the process state (undone): "
                     + "; ".join(impl.load_changes))
    return lines


def pytest_collection_modifyitems(config, items):
    config.unmatched_expectations = expectations.apply(items, config.expected)
    for item in items:
        function = getattr(item, "obj", None)
        if function is not None and hasattr(function, "hypothesis"):
            examples.wrap(function, item.nodeid.split("[")[0])
            # One database key per node id, as HypoFuzz computes it for every test (Hypothesis's pytest
            # plugin does so only for parametrised ones): a failure a fuzzing campaign saves then
            # replays in a plain run. (Parametrised items get the same value again per item.)
            function.hypothesis.inner_test._hypothesis_internal_add_digest = item.nodeid.encode()


def _required(item) -> tuple[str, ...]:
    return tuple(op for mark in item.iter_markers("requires") for op in mark.args)


def pytest_runtest_setup(item):
    impl = item.config.impl
    # A missing operation is a skip that names it, decided before Hypothesis runs.
    missing = impl.missing(_required(item))
    if missing:
        pytest.skip(f"implementation {impl.name!r} does not provide {', '.join(repr(m) for m in missing)}")
    # A parametrised dtype or activation outside the declared support: no example could run.
    params = getattr(getattr(item, "callspec", None), "params", {})
    features = {k: params[p] for p, k in (("dtype", "dtypes"), ("name", "activations")) if p in params}
    reason = drawn_support.refusal(_required(item), features) if features else None
    if reason:
        pytest.skip(f"implementation {impl.name!r} supports none of this property's cases: {reason}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    guard.TALLY.reset()
    drawn_support.set_required(_required(item))
    try:
        result = yield
    finally:
        drawn_support.set_required(())
    guard.check_state("the implementation, during this property")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    function = getattr(pyfuncitem, "obj", None)
    examples.HELD_BACK.pop(function, None)
    try:
        result = yield
    except guard.Rejected as rejected:  # a plain test's only case is outside the support
        pytest.skip(f"unsupported case: {rejected.reason}")
    except (Unsatisfiable, NoSuchExample) as error:
        examples.raise_held_back(function, None)  # an explicit example failed: that is the result
        # Every case was refused: the implementation supports none (counted in examples, not calls:
        # an example may make supported calls before the one refused, and is still rejected whole).
        # A refutation's search that found no counterexample among the cases left is inconclusive.
        if guard.TALLY.rejected and (isinstance(error, NoSuchExample) or not guard.TALLY.examples):
            reasons = sorted(guard.TALLY.rejected.items(), key=lambda kv: -kv[1])
            what = ("the implementation supports none of this property's cases" if not guard.TALLY.examples
                    else f"no counterexample among the {guard.TALLY.examples} cases the implementation "
                         "supports, and the others were refused")
            pytest.skip(f"{what}; examples rejected: " + "; ".join(f"{n} x {r}" for r, n in reasons[:3]))
        raise
    except Exception as error:  # a drawn example failed, shrunk: an explicit failure becomes a note
        examples.raise_held_back(function, error)
        raise
    examples.raise_held_back(function, None)  # every drawn example passed: the explicit one's failure
    return result


@pytest.fixture
def impl(request):
    """The implementation under test (see implementations/contract.py).

    Function-scoped, and cheap: the object is made once when the plugin loads. A session-scoped
    fixture cannot be set up again once torn down, which HypoFuzz does between its fuzz targets.
    """
    return request.config.impl


__all__ = ["impl", "profiles"]
