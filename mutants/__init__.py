"""Mutants: deliberately broken implementations, to test that the corpus catches real bugs.

Each module here is a complete implementation of the contract
(implementations/contract.py): it re-exports a correct one (``mutants._base``,
the JAX implementation) and overrides exactly one operation, named by the
module constant ``BREAKS``, with a broken version. Its docstring says what is
broken and where the bug comes from (``ORIGIN``, in short): an upstream
issue, a mistake in one of the seed solutions, or a classic slip. Load one
like any implementation:

    pytest --impl mutants.conv_transpose_no_flip

``tests/test_mutants.py`` (run with ``--mutants``, or ``tox -e mutants``) runs
the corpus against every mutant and asserts that each one is killed: at least
one property fails. ``bench/kill_sweep.py`` (``tox -e killsweep``) does the
same under 20 Hypothesis seeds, since a kill that depends on the seed is a
weak one. A mutant that survives is a hole in the corpus, fixed in the corpus,
never in the mutant. Modules whose names start with ``_`` are shared helpers,
not mutants.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path


def names() -> list[str]:
    """The dotted module names of every mutant, sorted."""
    modules = pkgutil.iter_modules([str(Path(__file__).parent)])
    return sorted(f"{__name__}.{m.name}" for m in modules if not m.name.startswith("_"))
