"""Residual-layer cases: width and batch from a bounded alphabet, a piecewise-linear activation, arrays."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from dnn_invariants.reference.activations import PIECEWISE_LINEAR, Activation
from dnn_invariants.strategies.activations import activations
from dnn_invariants.strategies.arrays import ArraySpec, case_arrays
from dnn_invariants.strategies.shapes import bounded

# (batch N, width m)
RESIDUAL_SHAPES = [(1, 1), (1, 2), (2, 3), (4, 4), (3, 8)]
# Exact derivatives: identities hold to rounding. With their parameters, inside the declared support.
ACTIVATIONS = activations(PIECEWISE_LINEAR)


@dataclass(frozen=True)
class ResidualCase:
    activation: Activation
    y: ArraySpec
    A: ArraySpec
    b: ArraySpec
    dz: ArraySpec

    def arrays(self):
        return self.y.build(), self.A.build(), self.b.build(), self.dz.build()


_SHAPES = bounded(RESIDUAL_SHAPES, st.sampled_from(RESIDUAL_SHAPES))  # one strategy object, reused


@st.composite
def residual_cases(draw, dtype="float64", activations=ACTIVATIONS):
    n, m = draw(_SHAPES, label="N, m")
    activation = draw(activations, label="activation")
    # One input pattern for the case (strategies/arrays.py): all dense half the time; impulses put
    # pre-activations exactly on the kinks (0 for ReLU), dense values never do.
    y, A, b, dz = draw(case_arrays(((n, m), (m, m), (m,), (n, m)), dtype), label="y, A, b, dz")
    return ResidualCase(activation, y, A, b, dz)


@dataclass(frozen=True)
class Stack:
    """k layers of width m, dense N(0, 1) weights scaled by 1/sqrt(m), one input row."""

    activation: Activation
    m: int
    seeds: tuple  # one per layer, then the input's

    def layers(self):
        import numpy as np
        out = []
        for s in self.seeds[:-1]:
            rng = np.random.default_rng(s)
            out.append((rng.standard_normal((self.m, self.m)) / np.sqrt(self.m), rng.standard_normal(self.m)))
        return out

    def x(self):
        import numpy as np
        return np.random.default_rng(self.seeds[-1]).standard_normal((1, self.m))


def stacks(k, activations=ACTIVATIONS, widths=(1, 2, 3, 5)):
    return st.builds(Stack, activations, st.sampled_from(widths),
                     st.lists(st.integers(0, 2**32 - 1), min_size=k + 1, max_size=k + 1).map(tuple))
