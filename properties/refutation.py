"""Deciding a false seed claim: search for a counterexample, shrink it, record it.

``refute`` runs Hypothesis's ``find`` over a strategy for an input on which
the claim, as the seed prints it (its transcription in reference/seeds/),
disagrees with the truth the test computes: ``claim_fails(example)`` is that
comparison. ``find`` raises ``NoSuchExample`` if no input disagrees, so a
refutation test fails when the claim turns out to hold, and
tests/test_claim_mutants.py checks that it does fail once the transcription
is made true. A finite claim (a set, a table, a few printed numbers) is
searched with ``st.sampled_from``.

The shrunk counterexample is compared once more (``find`` already did: a
record can only follow a comparison that failed), printed, and recorded for
the end-of-run report through harness/channel.py. ``refute`` is the only
code that records a counterexample; tests/test_ledger.py fails if any other
module adds the record. The search is derandomized: the same shrunk
counterexample in every run, serial or under pytest-xdist.
"""

from __future__ import annotations

from hypothesis import Phase, find, settings

from dnn_invariants.harness import channel
from dnn_invariants.implementations import guard


def refute(claim_ids, strategy, claim_fails, *, describe=repr, max_examples: int = 300):
    """Return the smallest input (as Hypothesis shrinks it) on which ``claim_fails`` is true.

    ``claim_ids``: the ledger id of the refuted claim, or a tuple of ids refuted by the same input.
    """
    ids = (claim_ids,) if isinstance(claim_ids, str) else tuple(claim_ids)

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
    if not claim_fails(example):  # a predicate that is not a function of its input cannot refute
        raise AssertionError(f"{ids}: the shrunk counterexample {example!r} no longer contradicts the claim")
    text = describe(example)
    for claim_id in ids:
        channel.add("counterexample", dict(claim=claim_id, text=text))
        print(f"counterexample to seed claim {claim_id}: {text}")
    return example
