"""Implementations under test, and how the corpus loads one.

``load(name)`` takes a registered short name (``jax``, ``numpy``, ``torch``) or
the dotted path of any importable module that follows ``contract.py``.
"""

from dnn_invariants.implementations.loading import REGISTERED, Loaded, UnknownImplementation, load

__all__ = ["REGISTERED", "Loaded", "UnknownImplementation", "load"]
