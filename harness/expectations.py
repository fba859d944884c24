"""Known failures as data: an expectations file marks properties that fail for a documented reason.

A framework with a real, documented deviation would otherwise be red forever.
An expectations file (TOML) lists them::

    [[expected]]
    test = "properties/convolution/test_conv_matrix.py::test_forward_is_the_conv_matrix[float64]"
    reason = "float64 convolution computed in float32 (error 1e-8, bound 1e-15)"
    link = "https://github.com/example/framework/issues/123"

    [[expected]]
    claim = "003:P2-init"        # every test that decides this ledger claim
    reason = "..."

``test`` is a node id; without a ``[...]`` parameter part it covers every
parametrisation. ``reason`` is required, ``link`` optional (an issue, or the
standalone reproducer committed beside an adapter). Each listed test becomes
a strict expected failure: it is reported as ``xfailed`` with its reason;
if it passes, it is reported as ``XPASS(strict)``, a failure, so a fixed
deviation cannot hide a stale entry; a run whose only failures are expected
exits 0. ``strict = false`` is for a deviation that a property meets only on
some of the inputs Hypothesis draws (it fails under some seeds and passes
under others): such a test may pass (reported ``xpassed``) without failing the
run; the reason should say on which inputs it fails.

Files come from ``--expectations PATH`` (repeatable; the user's own, in their
repository) and from the implementation module's ``EXPECTED_FAILURES`` (a path,
the shipped TensorFlow and MLX adapters set it).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest


class InvalidExpectations(ValueError):
    pass


@dataclass(frozen=True)
class Expected:
    test: str  # node id, possibly without parameters; or "" for a claim
    claim: str
    reason: str
    link: str
    source: str  # the file it came from
    strict: bool = True

    def text(self) -> str:
        return (self.reason + (f" ({self.link})" if self.link else "") + f" [expected in {self.source}"
                + ("; not strict: fails on some drawn inputs only]" if not self.strict else "]"))


def load(path) -> list[Expected]:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InvalidExpectations(f"expectations file {path}: {error}") from None
    entries, problems = [], []
    for i, entry in enumerate(raw.get("expected", [])):
        unknown = set(entry) - {"test", "claim", "reason", "link", "strict"}
        if unknown:
            problems.append(f"entry {i + 1}: unknown keys {sorted(unknown)}")
        if bool(entry.get("test")) == bool(entry.get("claim")):
            problems.append(f"entry {i + 1}: give exactly one of 'test' and 'claim'")
        if not entry.get("reason"):
            problems.append(f"entry {i + 1}: 'reason' is required")
        if not isinstance(entry.get("strict", True), bool):
            problems.append(f"entry {i + 1}: 'strict' must be true or false")
        entries.append(Expected(entry.get("test", ""), entry.get("claim", ""), entry.get("reason", ""),
                                entry.get("link", ""), str(path), bool(entry.get("strict", True))))
    if set(raw) - {"expected"}:
        problems.append(f"unknown tables {sorted(set(raw) - {'expected'})}")
    if problems:
        raise InvalidExpectations(f"expectations file {path}: " + "; ".join(problems))
    return entries


def _matches(expected: Expected, item) -> bool:
    if expected.claim:
        return expected.claim in {i for mark in item.iter_markers("claim") for i in mark.args}
    if "[" in expected.test:
        return item.nodeid == expected.test
    return item.nodeid.split("[")[0] == expected.test


def apply(items, entries: list[Expected]) -> list[Expected]:
    """Mark every matching item as an expected failure; return the entries that matched nothing."""
    used = set()
    for item in items:
        for e in entries:
            if _matches(e, item):
                item.add_marker(pytest.mark.xfail(reason=e.text(), strict=e.strict))
                used.add(e)
                break
    return [e for e in entries if e not in used]
