"""The five seeds' checkable claims, transcribed once, as printed: one module per seed.

Every number, formula, matrix, set, verdict and piece of code a ledger entry
decides is written here exactly as the seed prints it, slips and misprints
included (a comment names each slip; nothing is corrected here). The deciding
tests read these transcriptions *at call time* (``seed000.PRINTED_...``, never
``from ... import PRINTED_...``) and compare them with the truth the test
computes independently, so replacing a transcription changes the verdict:
tests/test_claim_mutants.py does exactly that, claim by claim (the table of
substitutions is tests/claim_mutants.py), and requires every deciding test to
fail on a transcription made true (refuted claims) or made false (claims that
hold).

Formulas are transcribed as plain functions of the quantities the seed names;
where the seed's notation admits two readings the function implements the
reading named in the ledger entry's ``reading`` field.
"""
