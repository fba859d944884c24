"""The mathematics, written as code: closed forms and reference constructions.

Nothing here calls an implementation under test or another library's
gradient; every function is the formula it is named after, in NumPy.
"""
