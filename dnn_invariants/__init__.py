"""dnn-invariants: a property-based numerical test corpus for the mathematics of deep networks.

One import root for the whole corpus, so no generically named package
(``properties``, ``reference``, ...) is ever imported at the top level:

* installed (``pip install``), the corpus's folders are this package's
  subpackages (``dnn_invariants.properties``, ``dnn_invariants.strategies``, ...);
* in a checkout they stay at the repository's top level, as the design card
  lays them out, and this package's path is extended to the repository root,
  so ``dnn_invariants.properties`` is ``<checkout>/properties``.
"""

from pathlib import Path

_here = Path(__file__).resolve().parent
if not (_here / "properties").is_dir():  # a checkout: the corpus sits beside this folder
    __path__.append(str(_here.parent))  # noqa: F821  (a package's __path__)

ROOT = Path(__path__[-1])  # noqa: F821  the folder holding properties/, reference/, strategies/, ...
