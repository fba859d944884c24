"""Measurements for bench/run.py: examples, compilations and time per property.

Load with ``-p dnn_invariants.harness.benchmark --bench-json PATH``. ``--floor`` replaces each
property's body with one that does nothing, so the run measures Hypothesis
drawing the same examples from the same strategies: the floor that the real
run is compared against. A property that draws inside its body (``st.data()``)
keeps its body in the floor, with the implementation replaced by a stub that
stops it at its first operation: its draws (and what little it computes
before that operation) are the floor's too. Without them Hypothesis would see
a test that draws nothing, stop after one example, and the floor would time
one example where the real run draws a hundred.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

import jax
import pytest

# JAX reports every compilation request that reaches the backend (whether the
# persistent cache then serves it or XLA compiles it) with this duration event,
# and the persistent cache's hits and misses with the two events below. With
# the cache on, a real XLA compilation is a miss.
COMPILE_EVENT = "/jax/core/compile/backend_compile_duration"
CACHE_HIT_EVENT = "/jax/compilation_cache/cache_hits"
CACHE_MISS_EVENT = "/jax/compilation_cache/cache_misses"


def pytest_addoption(parser):
    group = parser.getgroup("dnn-invariants benchmark")
    group.addoption("--bench-json", metavar="PATH", help="write per-test measurements as JSON")
    group.addoption("--floor", action="store_true",
                    help="replace every property's body with a trivial one (the floor)")


class _FloorStop(Exception):
    """Raised by the stub implementation: the floor stops at the first operation."""


class _StubImplementation:
    def __getattr__(self, name):
        raise _FloorStop(name)


def _draws_in_body(kwargs) -> bool:
    # st.data()'s object, or the report's recording wrapper around it: anything with .draw
    return any(callable(getattr(v, "draw", None)) for v in kwargs.values())


class Bench:
    def __init__(self, config):
        self.config = config
        self.tests = defaultdict(lambda: dict(examples=0, seconds=0.0, cpu_seconds=0.0, requests=0,
                                              cache_hits=0, cache_misses=0))
        self.current = None
        self.totals = dict(requests=0, cache_hits=0, cache_misses=0, compile_seconds=0.0)
        jax.monitoring.register_event_duration_secs_listener(self._on_duration)
        jax.monitoring.register_event_listener(self._on_event)

    def _on_duration(self, event, duration, **_):
        if event == COMPILE_EVENT:
            self._count("requests")
            self.totals["compile_seconds"] += duration

    def _on_event(self, event, **_):
        if event == CACHE_HIT_EVENT:
            self._count("cache_hits")
        elif event == CACHE_MISS_EVENT:
            self._count("cache_misses")

    def _count(self, key):
        self.totals[key] += 1
        if self.current:
            self.tests[self.current][key] += 1

    def pytest_collection_modifyitems(self, items):
        floor = self.config.getoption("--floor")
        for item in items:
            function = getattr(item, "obj", None)
            if function is None or not hasattr(function, "hypothesis") or getattr(function, "_counted", 0):
                continue
            inner = function.hypothesis.inner_test

            def counted(*args, _inner=inner, **kwargs):
                self.tests[self.current]["examples"] += 1
                if not floor:
                    return _inner(*args, **kwargs)
                if _draws_in_body(kwargs):
                    if "impl" in kwargs:
                        kwargs["impl"] = _StubImplementation()
                    try:
                        _inner(*args, **kwargs)
                    except _FloorStop:
                        pass
                return None

            function.hypothesis.inner_test = counted
            function._counted = 1

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        # Only Hypothesis properties are timed: a plain test (a refutation's own
        # search, a literal check) has no floor to compare against.
        hypothesis_test = hasattr(getattr(item, "obj", None), "hypothesis")
        self.current = item.nodeid if hypothesis_test else None
        # CPU time too: on a shared machine it moves less with other people's load than wall time.
        start, cpu = time.perf_counter(), time.process_time()
        yield
        if hypothesis_test:
            self.tests[item.nodeid]["seconds"] += time.perf_counter() - start
            self.tests[item.nodeid]["cpu_seconds"] += time.process_time() - cpu
        self.current = None

    def pytest_sessionfinish(self, session):
        path = self.config.getoption("--bench-json")
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(json.dumps(dict(tests=self.tests, totals=self.totals), indent=1))


def pytest_configure(config):
    config.pluginmanager.register(Bench(config), "dnn-invariants-bench")
