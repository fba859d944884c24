"""The ledger of seed claims (ledger.toml): loading and checking its shape.

Each entry: ``id`` (``<seed prefix>:<problem label as printed>[-suffix]``),
``seed`` (file name), ``claim`` (as printed, short), ``verdict`` (holds,
refuted, conditional), ``corrected`` (the true statement), ``tests`` (node ids
without parameters, ``path::function``, of the tests that decide it).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

LEDGER = Path(__file__).resolve().parent.parent / "reference" / "ledger.toml"
VERDICTS = ("holds", "refuted", "conditional")


@dataclass(frozen=True)
class Claim:
    id: str
    seed: str
    claim: str
    verdict: str
    corrected: str
    tests: tuple[str, ...]


def load(path: Path = LEDGER) -> list[Claim]:
    with open(path, "rb") as f:
        raw = tomllib.load(f)["claim"]
    claims = [Claim(c["id"], c["seed"], c["claim"], c["verdict"], c["corrected"], tuple(c["tests"]))
              for c in raw]
    problems = [f"{c.id}: verdict {c.verdict!r}" for c in claims if c.verdict not in VERDICTS]
    problems += [f"{c.id}: no deciding tests" for c in claims if not c.tests]
    ids = [c.id for c in claims]
    problems += [f"{i}: listed twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise ValueError("ledger.toml: " + "; ".join(problems))
    return claims
