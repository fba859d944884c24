"""Data for the HTML report's variance plot: Var(y_L) against depth at constant width (seeds 003, 004 P2).

For width n = 1 at depths 1 to 8 and n = 2 at depths 1 to 5, the Monte Carlo estimate of
Var(y_L) and its confidence half-width (``_estimate``: the implementation's own
init, 2^16 initialisations, empirical Bernstein at 1e-9 per depth), the
recursion Var_{l+1} = n_l sigma_W^2 Var_l + sigma_b^2 under the declared law (for PyTorch's,
Var_l/3 + 1/(3 n_l)) and seed 003's product
prod (n_l + 1)/(3 n_l), recorded with ``channel.observe`` for
harness/html_report.py. The test also checks that the recursion lies in every
interval (13 checks: false alarm at most 1.3e-8). Wider or deeper networks are left out: the
interval's range term grows like n^L and the band would cover the picture.
"""

from __future__ import annotations

import pytest

from dnn_invariants.harness import channel
from dnn_invariants.properties.initialisation import law as declared_law
from dnn_invariants.properties.initialisation.confidence import ALPHA_PER_EXAMPLE
from dnn_invariants.properties.initialisation.test_linear_variance import _estimate
from dnn_invariants.reference.init_variance import linear_variances
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.strategies.init import COUNT, Network

DEPTHS = {1: range(1, 9), 2: range(1, 6)}  # width -> depths


@pytest.mark.requires("linear_init")
def test_variance_against_depth(impl):
    """At every depth the recursion is inside the Monte Carlo interval; the data go to the report."""
    law = declared_law.bounded(impl)
    rows = []
    for n, depths in DEPTHS.items():
        for depth in depths:
            net = Network((n,) * (depth + 1), seed=100 * n + depth)  # distinct layer seeds throughout
            mean, half, se = _estimate(impl, net, law)
            rows.append(dict(width=n, depth=depth, mean=mean, half=half, se=se,
                             recursion=linear_variances(net.widths, law)[-1],
                             product=float(s3.printed_p2_product(net.widths))))
    channel.observe("init_variance_depth", alpha=ALPHA_PER_EXAMPLE, count=COUNT, rows=rows,
                    law=law.describe())
    outside = [r for r in rows if abs(r["mean"] - r["recursion"]) > r["half"]]
    assert not outside, f"recursion outside the Monte Carlo interval: {outside}"
