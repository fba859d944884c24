"""Activation names with their parameters, and inputs that hit their kinks and tails."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from dnn_invariants.reference.activations import NAMES, PARAMETERS, Activation
from dnn_invariants.strategies import support

__all__ = ["NAMES", "activation_params", "activation_inputs", "activations"]

# Kinks of every piecewise-linear activation, and its neighbours.
SPECIAL_INPUTS = (0.0, 1.0, -1.0, 6.0, 0.5, -0.5, 3.0, 7.0, -2.0)

# Every parameter is always passed explicitly (implementations/contract.py): no framework's
# default is assumed. The first listed value is where shrinking goes.
_SLOPES = st.one_of(st.sampled_from([0.01, 0.2, 0.5, 0.0, -1.0, 2.0]),
                    st.floats(-3, 3, allow_nan=False, allow_subnormal=False))
_ALPHAS = st.one_of(st.sampled_from([1.0, 0.5, 2.0]),
                    st.floats(0.1, 3, allow_nan=False, allow_subnormal=False))
_VALUES = {"negative_slope": _SLOPES, "weight": _SLOPES, "alpha": _ALPHAS}


# Each strategy below is built once per argument and reused: properties ask for
# them every example, and Hypothesis validates each new strategy object.
@functools.cache
def activation_params(name: str) -> st.SearchStrategy[dict]:
    """Every parameter of ``name``, each drawn explicitly."""
    return st.fixed_dictionaries({key: _VALUES[key] for key in PARAMETERS[name]})


@functools.cache
def activations(names: tuple = NAMES) -> st.SearchStrategy[Activation]:
    """An activation among ``names`` (inside the implementation's declared support) with its parameters."""
    allowed = st.sampled_from(names).filter(lambda name: support.allows(activations=name))
    return allowed.flatmap(lambda name: activation_params(name).map(
        lambda p, name=name: Activation(name, tuple(sorted(p.items())))))


@functools.cache
def activation_inputs(min_size=1, max_size=8) -> st.SearchStrategy[list]:
    """A short list of inputs: special points (kinks) or moderate floats in [-8, 8]."""
    value = st.one_of(st.sampled_from(SPECIAL_INPUTS),
                      st.floats(-8, 8, allow_nan=False, allow_subnormal=False))
    return st.lists(value, min_size=min_size, max_size=max_size)
