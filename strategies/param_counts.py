"""Layer specs (implementations/contract.py) that are always valid, shrinking toward one small layer."""

from __future__ import annotations

from hypothesis import strategies as st

from dnn_invariants.implementations.contract import (
    BatchNorm,
    Conv,
    Linear,
    Parallel,
    ReLU,
    Residual,
    Sequential,
)

_small = st.integers(1, 8)


@st.composite
def convs(draw):
    groups = draw(st.integers(1, 4), label="groups")
    ndim = draw(st.integers(1, 3), label="ndim")
    return Conv(groups * draw(st.integers(1, 4)), groups * draw(st.integers(1, 4)),
                tuple(draw(st.lists(st.integers(1, 5), min_size=ndim, max_size=ndim))),
                groups=groups, bias=draw(st.booleans()))


def layers():
    return st.one_of(st.builds(Linear, _small, _small, st.booleans()), convs(),
                     st.builds(BatchNorm, _small), st.just(ReLU()))


def specs():
    """Single layers, and blocks built from them: sequences, residual bodies, parallel paths."""
    return st.recursive(layers(), lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda ls: Sequential(tuple(ls))),
        st.lists(inner, max_size=4).map(lambda ls: Residual(Sequential(tuple(ls)))),
        st.lists(inner, min_size=1, max_size=3).map(lambda ps: Parallel(tuple(ps))),
    ), max_leaves=8)
