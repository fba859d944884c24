"""Hypothesis strategies for the corpus: configurations, arrays, seeds.

Everything a strategy draws has a ``repr`` that is valid Python, so a shrunk
counterexample printed by Hypothesis can be pasted into a reproducer.
"""
