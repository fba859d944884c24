"""Running the corpus from a checkout: ``python -m pytest`` loads the corpus's plugin from here.

Everything lives in ``harness/plugin.py``, which the installed ``dnn-invariants``
command loads as well.
"""

pytest_plugins = ["dnn_invariants.harness.plugin"]
