"""Deciding a false seed claim: search for a counterexample, shrink it, record it.

``refute`` runs Hypothesis's ``find`` over a strategy for an input on which
the claim, as printed, disagrees with the truth. ``find`` raises if there is
none, so a refutation test fails when the claim turns out to hold. The shrunk
counterexample is kept for the end-of-run report and printed.
"""

from __future__ import annotations

from hypothesis import Phase, find, settings

# claim id -> one-line counterexample, filled during the run, read by the report
FOUND: dict[str, str] = {}


def refute(claim_id: str, strategy, claim_fails, *, describe=repr, max_examples: int = 1000):
    """Return the smallest input (as Hypothesis shrinks it) on which ``claim_fails`` is true."""
    example = find(
        strategy, claim_fails,
        settings=settings(max_examples=max_examples, database=None, deadline=None,
                          phases=[Phase.generate, Phase.shrink]),
    )
    text = describe(example)
    FOUND[claim_id] = text
    print(f"counterexample to seed claim {claim_id}: {text}")
    return example
