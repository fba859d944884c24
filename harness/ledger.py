"""The ledger of seed claims (ledger.toml): loading and checking its shape.

Each entry: ``id`` (``<seed prefix>:<problem label as printed>[-suffix]``),
``seed`` (file name), ``claim`` (as printed, short), ``verdict`` (holds,
refuted, conditional), ``corrected`` (the true statement), ``tests`` (node ids
without parameters, ``path::function``, of the tests that decide it).
Optional: ``problem`` (the seed's problem label, for grouping; default: the
id's part after the colon, up to the first ``-``), ``reading`` (where the
seed's notation admits two readings: the one the tests decide),
``printed_tex`` (the printed formula in LaTeX, for the HTML report) and
``corrected_tex`` (the true formula in LaTeX).
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
    problem: str = ""
    reading: str = ""
    printed_tex: str = ""
    corrected_tex: str = ""


def load(path: Path = LEDGER) -> list[Claim]:
    with open(path, "rb") as f:
        raw = tomllib.load(f)["claim"]
    optional = ("reading", "printed_tex", "corrected_tex")
    claims = [Claim(c["id"], c["seed"], c["claim"], c["verdict"], c["corrected"], tuple(c["tests"]),
                    problem=c.get("problem") or c["id"].split(":", 1)[1].split("-", 1)[0],
                    **{k: c.get(k, "") for k in optional})
              for c in raw]
    known = {"id", "seed", "claim", "verdict", "corrected", "tests", "problem", *optional}
    problems = [f"{c['id']}: unknown fields {sorted(set(c) - known)}" for c in raw if set(c) - known]
    problems += [f"{c.id}: verdict {c.verdict!r}" for c in claims if c.verdict not in VERDICTS]
    problems += [f"{c.id}: no deciding tests" for c in claims if not c.tests]
    ids = [c.id for c in claims]
    problems += [f"{i}: listed twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise ValueError("ledger.toml: " + "; ".join(problems))
    return claims
