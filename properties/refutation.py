"""Deciding a false seed claim: search for a counterexample, shrink it, record it.

``refute`` runs Hypothesis's ``find`` over a strategy for an input on which
the claim, as printed, disagrees with the truth. ``find`` raises if there is
none, so a refutation test fails when the claim turns out to hold. The shrunk
counterexample is printed and recorded for the end-of-run report; ``refute``
is the only way a counterexample gets recorded (tests/test_ledger.py checks
that no test writes the record itself).
"""

from __future__ import annotations

from hypothesis import Phase, find, settings

from dnn_invariants.harness import channel
from dnn_invariants.implementations import guard

# claim id -> one-line counterexample. Deprecated: tests/test_ledger.py moves every
# writer to refute(); the report still reads it until then.
FOUND: dict[str, str] = {}


def refute(claim_id: str, strategy, claim_fails, *, describe=repr, max_examples: int = 1000):
    """Return the smallest input (as Hypothesis shrinks it) on which ``claim_fails`` is true."""
    def decided(value):
        verdict = claim_fails(value)  # a case outside the implementation's support raises (rejected)
        guard.TALLY.examples += 1  # an input the search could decide (the report counts them)
        return verdict

    example = find(
        strategy, decided,
        # derandomize: the same search, and so the same shrunk counterexample, in every run and worker
        settings=settings(max_examples=max_examples, database=None, deadline=None, derandomize=True,
                          phases=[Phase.generate, Phase.shrink]),
    )
    text = describe(example)
    channel.add("counterexample", dict(claim=claim_id, text=text))
    print(f"counterexample to seed claim {claim_id}: {text}")
    return example
