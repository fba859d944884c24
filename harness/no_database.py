"""Plugin: run with the Hypothesis profile chosen on the command line, minus its example database.

``-p dnn_invariants.harness.no_database``. The database replays failing examples from
earlier runs first; a run that measures how fast the corpus finds a bug
(the mutation kill test) or whether it raises false alarms under a given
seed must not be handed examples by another run.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

PROFILE = "dnn-invariants-no-database"
_previous: list[str] = []


def disable(**changes) -> None:
    """Load the current profile's settings with ``database=None`` and ``changes`` (undone by ``restore``)."""
    _previous.append(settings.get_current_profile_name())
    settings.register_profile(PROFILE, settings(database=None, **changes))
    settings.load_profile(PROFILE)


def restore() -> None:
    if _previous:
        settings.load_profile(_previous.pop())


@pytest.hookimpl(trylast=True)  # after Hypothesis's own plugin has loaded --hypothesis-profile
def pytest_configure(config):
    disable()


def pytest_unconfigure(config):
    restore()
