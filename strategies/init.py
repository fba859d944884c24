"""Layer sizes, network widths and seeds for the initialisation properties.

Every draw of ``linear_init`` uses ``COUNT`` initialisations, so each (n_in, n_out)
compiles once; widths come from a small alphabet for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from dnn_invariants.strategies.shapes import bounded

COUNT = 2**16  # initialisations per layer per example
WIDTHS = (1, 2, 3, 4)
SEEDS = st.integers(0, 2**31 - 1)

LAYER_ALPHABET = sorted(((a, b) for a in WIDTHS for b in WIDTHS), key=lambda s: (s[0] * s[1], s))


def layer_sizes() -> st.SearchStrategy[tuple[int, int]]:
    """(n_in, n_out), simplest first."""
    free = st.tuples(st.integers(1, 16), st.integers(1, 16))
    return bounded(LAYER_ALPHABET, free)


@dataclass(frozen=True)
class Network:
    """A linear network with widths (n_0, ..., n_L) and the seed of its initialisations."""

    widths: tuple[int, ...]
    seed: int

    @property
    def depth(self) -> int:
        return len(self.widths) - 1

    def layer_seed(self, layer: int) -> int:
        return (self.seed * 8 + layer) % 2**32  # distinct keys: independent layers


@st.composite
def networks(draw, min_depth: int = 1, max_depth: int = 3, min_out: int = 1):
    depth = draw(st.integers(min_depth, max_depth), label="depth")
    widths = draw(st.lists(st.sampled_from(WIDTHS), min_size=depth, max_size=depth), label="widths")
    out = draw(st.sampled_from([w for w in WIDTHS if w >= min_out]), label="output width")
    return Network(tuple(widths) + (out,), draw(SEEDS, label="seed"))
