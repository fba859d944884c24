"""Process-wide settings, applied once before any property imports JAX.

* float64 on, so exact identities are checked in double precision;
* JAX's persistent compilation cache on, with the thresholds at zero: its
  defaults skip programs that compile in under a second, which is every
  program here, so the cache would otherwise stay empty;
* the Hypothesis profiles.
"""

from __future__ import annotations

import os
from pathlib import Path

import jax
from hypothesis import HealthCheck, settings

JAX_CACHE_DIR = os.environ.get(
    "DNN_INVARIANTS_JAX_CACHE", str(Path(__file__).parent / ".cache" / "jax")
)

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")
if JAX_CACHE_DIR:  # an empty value turns the cache off (the benchmark's cold runs)
    jax.config.update("jax_compilation_cache_dir", JAX_CACHE_DIR)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)

# No deadlines: a first call compiles XLA for ~0.1 s, and a deadline would turn
# that into flaky failures. Too-slow data generation is a real problem, so that
# health check stays on; large arrays are drawn from seeds, not element by element.
_common = dict(deadline=None, print_blob=True,
               suppress_health_check=[HealthCheck.differing_executors])
settings.register_profile("dev", max_examples=20, **_common)
settings.register_profile("ci", max_examples=100, derandomize=False, **_common)
settings.register_profile("thorough", max_examples=1000, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
