"""The Hypothesis profiles: dev (20 examples per property), ci (100, the default), thorough (1000).

No deadlines: a first call compiles XLA for ~0.1 s, and a deadline would turn
that into flaky failures; a hang is caught by the per-example time limit
instead (harness/timeouts.py). Too-slow data generation is a real problem, so
that health check stays on; large arrays are drawn from seeds, not element by
element. ``filter_too_much`` is off: an implementation that refuses cases
rejects examples on purpose, and the end-of-run report counts the rejections.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = {"dev": 20, "ci": 100, "thorough": 1000}
DEFAULT = "ci"

_common = dict(deadline=None, print_blob=False,
               suppress_health_check=[HealthCheck.differing_executors, HealthCheck.filter_too_much])
for _name, _examples in EXAMPLES.items():
    settings.register_profile(_name, max_examples=_examples, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", DEFAULT))
