"""What a test run produces besides pass and fail, carried from the test to the end-of-run report.

During a test, code anywhere in the corpus adds records to the current test's
channel: ``add(kind, value)`` with a JSON-serialisable value (a refutation's
counterexample, a plot's data, the examples run and rejected). When the test's
report is made, the report plugin moves them into ``report.user_properties``
under the key ``dnn-invariants``. pytest-xdist serialises user properties with
the report, so the controller receives exactly what a serial run sees: one
path for ``-n auto`` and for a serial run alike.
"""

from __future__ import annotations

KEY = "dnn-invariants"
_pending: list[tuple[str, object]] = []


def add(kind: str, value) -> None:
    """Record ``value`` (JSON-serialisable) of ``kind`` for the test running now."""
    _pending.append((kind, value))


def drain() -> list[tuple[str, object]]:
    """The records added since the last drain, oldest first (the report plugin calls this)."""
    records = list(_pending)
    _pending.clear()
    return records


def records_of(report) -> list[tuple[str, object]]:
    """The records a test report carries (in the process that made it, or after xdist sent it)."""
    return [tuple(r) for name, value in getattr(report, "user_properties", ()) if name == KEY
            for r in value]


def observe(kind: str, **data) -> None:
    """Data a property computed that the HTML report plots (harness/html_report.py): ``kind`` names the
    plot."""
    add("observation", dict(kind=kind, data=data))
