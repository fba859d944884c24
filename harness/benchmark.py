"""Measurements for bench/run.py: examples, compilations and time per property.

Load with ``-p harness.benchmark --bench-json PATH``. ``--floor`` replaces each
property's body with one that does nothing, so the run measures Hypothesis
drawing the same examples from the same strategies: the floor that the real
run is compared against.
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


class Bench:
    def __init__(self, config):
        self.config = config
        self.tests = defaultdict(lambda: dict(examples=0, seconds=0.0, requests=0, cache_hits=0,
                                              cache_misses=0))
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
                return None if floor else _inner(*args, **kwargs)

            function.hypothesis.inner_test = counted
            function._counted = 1

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        # Only Hypothesis properties are timed: a plain test (a refutation's own
        # search, a literal check) has no floor to compare against.
        hypothesis_test = hasattr(getattr(item, "obj", None), "hypothesis")
        self.current = item.nodeid if hypothesis_test else None
        start = time.perf_counter()
        yield
        if hypothesis_test:
            self.tests[item.nodeid]["seconds"] += time.perf_counter() - start
        self.current = None

    def pytest_sessionfinish(self, session):
        path = self.config.getoption("--bench-json")
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(json.dumps(dict(tests=self.tests, totals=self.totals), indent=1))


def pytest_configure(config):
    config.pluginmanager.register(Bench(config), "dnn-invariants-bench")
