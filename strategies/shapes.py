"""How shape-determining draws are made: from a bounded alphabet, or freely.

XLA compiles about 0.1 s for every new shape, while drawing an example costs
under a millisecond, so a corpus that draws a fresh shape per example spends
almost all its time compiling. In ``alphabet`` mode (the default) each family
draws its shapes from a fixed list of configurations, built once from the same
rules as the free strategy and chosen to cover every feature (each ndim,
groups, stride remainders, dilation, asymmetric padding); values still vary
every example. ``free`` mode (``--shapes free``, used by the thorough run)
draws every configuration afresh.
"""

from __future__ import annotations

import functools
import os

from hypothesis import strategies as st

from dnn_invariants.strategies import support

MODES = ("alphabet", "free")
_mode = os.environ.get("DNN_INVARIANTS_SHAPES", "alphabet")


def set_mode(mode: str) -> None:
    global _mode
    if mode not in MODES:
        raise ValueError(f"shape mode must be one of {MODES}, not {mode!r}")
    _mode = mode


def mode() -> str:
    return _mode


def bounded(alphabet: list, free: st.SearchStrategy, features=None) -> st.SearchStrategy:
    """Draw from ``alphabet`` (ordered simplest first, so shrinking simplifies) or ``free``.

    ``features`` (a function of a drawn value, giving the support features of
    implementations/support.py) keeps the draws inside what the implementation
    under test declares it supports (strategies/support.py).
    """
    return _bounded(tuple(alphabet), free, features)


# One strategy object per (alphabet, free strategy): strategies built inside a
# composite are rebuilt every example, and Hypothesis validates each new object
# on its first draw, which costs more than the draw. The mode is read when the
# strategy is first drawn from, after conftest has set it.
@functools.lru_cache(maxsize=256)
def _bounded(alphabet: tuple, free: st.SearchStrategy, features=None) -> st.SearchStrategy:
    def chosen():
        strategy = st.sampled_from(alphabet) if _mode == "alphabet" else free
        # A filter on sampled_from picks among the allowed elements without rejection sampling.
        return strategy if features is None else strategy.filter(lambda v: support.allows(**features(v)))
    return st.deferred(chosen)
