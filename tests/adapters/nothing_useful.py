"""Provides only dropout: a run of the convolution family must say no property ran, and exit non-zero."""

from dnn_invariants.implementations.numpy_ops import dropout  # noqa: F401

NAME = "dropout only"
