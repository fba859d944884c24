"""Activation names with their parameters, and inputs that hit their kinks and tails."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from dnn_invariants.reference.activations import DEFAULTS, NAMES

__all__ = ["NAMES", "activation_params", "activation_inputs"]

# Kinks of every piecewise-linear activation, and its neighbours.
SPECIAL_INPUTS = (0.0, 1.0, -1.0, 6.0, 0.5, -0.5, 3.0, 7.0, -2.0)


# Each strategy below is built once per argument and reused: properties ask for
# them every example, and Hypothesis validates each new strategy object.
@functools.cache
def activation_params(name: str) -> st.SearchStrategy[dict]:
    """The parameters of ``name``: defaults first (they shrink there), then any in range."""
    if name in ("leaky_relu", "prelu"):
        key = "negative_slope" if name == "leaky_relu" else "weight"
        return st.one_of(st.just({}), st.builds(
            lambda a: {key: a},
            st.one_of(st.sampled_from([0.0, 0.5, -1.0, 2.0]),
                      st.floats(-3, 3, allow_nan=False, allow_subnormal=False))))
    if name == "elu":
        return st.one_of(st.just({}), st.builds(
            lambda a: {"alpha": a}, st.floats(0.1, 3, allow_nan=False, allow_subnormal=False)))
    assert not DEFAULTS[name], name
    return st.just({})


@functools.cache
def activation_inputs(min_size=1, max_size=8) -> st.SearchStrategy[list]:
    """A short list of inputs: special points (kinks) or moderate floats in [-8, 8]."""
    value = st.one_of(st.sampled_from(SPECIAL_INPUTS),
                      st.floats(-8, 8, allow_nan=False, allow_subnormal=False))
    return st.lists(value, min_size=min_size, max_size=max_size)

