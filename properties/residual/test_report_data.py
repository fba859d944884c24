"""Data for the HTML report's residual plot: sigma_min(I + D A) against ||D A||_2 (seeds 003/004 P3 iii).

Layers z = relu(A y + b) + y with m = 3 and random A scaled to ||A||_2 from 0 to
2 (four per norm), and the worst direction, z = (A y + b) + y with A = -rho u u^T
(so I + D A = I - rho u u^T, singular at rho = 1). The Jacobian is read off the
implementation's backward (as test_vanishing.py does); its smallest singular
value and ||D A||_2 are recorded with ``channel.observe`` for
harness/html_report.py, together with the seeds' "the identity always prevents
vanishing" case (m = 1, A = -1, an active ReLU). The test checks the bound
sigma_min >= 1 - ||D A||_2 wherever ||D A||_2 < 1.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnn_invariants.harness import channel
from dnn_invariants.properties.residual.test_vanishing import _jacobian
from dnn_invariants.properties.tolerance import gamma
from dnn_invariants.reference import residual as ref

M = 3
NORMS = tuple(float(r) for r in np.linspace(0.0, 2.0, 21))


def _point(impl, y, A, b, name, series):
    J = _jacobian(impl, y, A, b, name)
    lo, hi = ref.derivative_interval(y, A, b, name, np.float64)
    d = np.maximum(np.abs(lo), np.abs(hi)).ravel()  # at a kink, the larger one-sided slope
    return dict(series=series, norm=float(np.linalg.norm(d[:, None] * A, 2)),
                sigma_min=float(np.linalg.svd(J, compute_uv=False).min()))


@pytest.mark.requires("residual_layer_backward")
def test_smallest_singular_value_against_branch_norm(impl):
    """sigma_min(I + D A) >= 1 - ||D A||_2 while ||D A||_2 < 1; the data go to the report."""
    points = []
    for k, rho in enumerate(NORMS):
        for s in range(4):
            rng = np.random.default_rng(1000 * k + s)
            A = rng.standard_normal((M, M))
            A *= rho / np.linalg.norm(A, 2)
            points.append(_point(impl, rng.standard_normal((1, M)), A, rng.standard_normal(M), "relu",
                                 "relu, random A"))
        u = np.ones(M) / np.sqrt(M)
        points.append(_point(impl, np.zeros((1, M)), -rho * np.outer(u, u), np.zeros(M), "identity",
                             "identity, A = -rho u u^T"))
    seed_case = _point(impl, np.zeros((1, 1)), np.array([[-1.0]]), np.array([1.0]), "relu", "seed case")
    channel.observe("residual_sigma_min", m=M, points=points, seed_case=dict(
        seed_case, y=0.0, A=-1.0, b=1.0,
        text="m = 1, relu, y = 0, A = [[-1]], b = [1]: J = 1 + relu'(1)(-1) = 0"))
    slack = 8 * gamma(M + 2, np.float64) * (1 + max(NORMS))
    below = [p for p in points if p["norm"] < 1 and p["sigma_min"] < 1 - p["norm"] - slack]
    assert not below, f"sigma_min below 1 - ||D A|| with ||D A|| < 1: {below}"
