"""The initialisation law the implementation under test declares (implementations/init_law.py)."""

from __future__ import annotations

import pytest

from dnn_invariants.implementations.init_law import Law

PYTORCH_LAW = "W and b both U(-1/sqrt(n_in), 1/sqrt(n_in)) (PyTorch's nn.Linear)"


def declared(impl) -> Law:
    """The declared law; a skip that says why when the implementation declares none."""
    if impl.init_law is None:
        pytest.skip(f"implementation {impl.name!r} provides linear_init but declares no LINEAR_INIT law "
                    "(implementations/init_law.py): the corpus assumes no framework's default")
    return impl.init_law


def bounded(impl) -> Law:
    """The declared law, if its draws are bounded (the Monte Carlo confidence bounds need a range)."""
    law = declared(impl)
    if not law.bounded:
        pytest.skip(f"the declared law ({law.describe()}) is unbounded: these confidence bounds need draws "
                    "in a known interval (uniform, truncated_normal or zeros); the goodness-of-fit test "
                    "still checks the law")
    return law


def pytorch(impl) -> Law:
    """For claims about PyTorch's default law (seeds 003/004 P2): decided only when it is declared."""
    law = declared(impl)
    if not law.is_pytorch_default:
        pytest.skip(f"seeds 003/004 P2 assume {PYTORCH_LAW}; implementation {impl.name!r} declares "
                    f"{law.describe()}, so this claim is not about it (its own law is tested instead)")
    return law
