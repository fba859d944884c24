"""The diagonal of the implementation's BN Jacobian, read off its backward with unit cotangents."""

from __future__ import annotations

import numpy as np

from dnn_invariants.reference import batch_norm as ref


def implementation_diagonal(impl, x, g, b, eps) -> np.ndarray:
    """d y_k / d x_k for every entry k, as (C, I) rows: one backward per entry of a channel row.

    The cotangent e_k has one nonzero entry, so dL/dx_k = J[k, k].
    """
    rows = np.zeros((x.shape[1], x.size // x.shape[1]))
    for p in range(rows.shape[1]):
        unit = np.zeros_like(rows)
        unit[:, p] = 1.0  # one unit per channel: channels do not mix, so their columns do not interfere
        dx, _, _ = impl.batch_norm_backward(x, g, b, ref.unchannels(unit, x.shape), eps=eps)
        rows[:, p] = ref.channels(dx)[:, p]
    return rows
