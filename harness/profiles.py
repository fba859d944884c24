"""The Hypothesis profiles: dev (20 examples per property), ci (100, the default), thorough (1000), replay.

``replay`` generates nothing and runs no explicit examples: it replays the
examples saved in the example database (and shrinks a failure), so a failure
found anywhere, by any worker of a fuzzing campaign sharing the database,
fails a plain run here, and a failure of a replay run is always one the
database held (the explicit examples run in every other profile). ``--example-database`` chooses the
database: a directory (shared on a filesystem) or ``redis://host:port/db``
(workers on several machines; needs the ``redis`` package).

No deadlines: a first call compiles XLA for ~0.1 s, and a deadline would turn
that into flaky failures; a hang is caught by the per-example time limit
instead (harness/timeouts.py). Too-slow data generation is a real problem, so
that health check stays on; large arrays are drawn from seeds, not element by
element. ``filter_too_much`` is off: an implementation that refuses cases
rejects examples on purpose, and the end-of-run report counts the rejections.
``function_scoped_fixture`` is off: the only fixture, ``impl``, is the same
stateless object in every example.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

EXAMPLES = {"dev": 20, "ci": 100, "thorough": 1000}
DEFAULT = "ci"

# No explain phase: it re-runs a failing example many times to list the lines only failures ran,
# which costs as many calls as finding and shrinking together and says little about a numeric bug.
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
_common = dict(deadline=None, print_blob=False,
               suppress_health_check=[HealthCheck.differing_executors, HealthCheck.filter_too_much,
                                      HealthCheck.function_scoped_fixture])
# Parent: Hypothesis's "default" profile, named. A parent left implicit is the profile loaded at
# import, and where a CI variable is set (CI, GITHUB_ACTIONS, ...) Hypothesis loads its own "ci"
# profile: derandomize=True and database=None, so every CI run would explore one fixed sequence,
# keep no examples, and HypoFuzz would refuse every test ("sets_derandomize").
_BASE = settings.get_profile("default")
for _name, _examples in EXAMPLES.items():
    settings.register_profile(_name, _BASE, max_examples=_examples, phases=_PHASES, **_common)
settings.register_profile("replay", _BASE, max_examples=EXAMPLES[DEFAULT],
                          phases=[Phase.reuse, Phase.shrink], **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", DEFAULT))


@functools.cache  # one object per URL: HypoFuzz compares each test's database with the current one
def database(url: str):
    """The example database a URL names: ``redis://...`` or a directory path."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        try:
            import redis
            from hypothesis.extra.redis import RedisExampleDatabase
        except ImportError:
            raise ValueError("a Redis example database needs the redis package: "
                             "pip install 'dnn-invariants[fuzz]'") from None
        return RedisExampleDatabase(redis.Redis.from_url(url))
    return DirectoryBasedExampleDatabase(str(Path(url)))


def use_database(url: str) -> None:
    """Load the current profile again with ``database`` set to the one ``url`` names."""
    current = settings.get_current_profile_name()
    settings.register_profile(f"{current} with {url}", settings(settings.get_profile(current),
                                                                 database=database(url)))
    settings.load_profile(f"{current} with {url}")
