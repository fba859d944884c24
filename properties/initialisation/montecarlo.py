"""Monte Carlo over initialisations: COUNT networks drawn with the implementation's own init.

A linear network y = A_L(...(A_1 x + b_1)...) + b_L is the affine map y = A x + c.
For inputs with zero mean and identity covariance, E_x[y_i y_j] = A_i . A_j + c_i c_j
exactly, whatever else their distribution is, so the inputs are integrated out in
closed form and the Monte Carlo runs over the initialisations alone (a lower-variance
estimate of the same expectation).
"""

from __future__ import annotations

import numpy as np

from dnn_invariants.strategies.init import COUNT, Network


def affine_rows(impl, net: Network, *, weight_scale: float = 1.0, bias_scale: float = 1.0) -> np.ndarray:
    """(COUNT, n_L, n_0 + 1): the rows (A_i, c_i) of the composed affine map, one per initialisation."""
    rows = None
    for layer, (n_in, n_out) in enumerate(zip(net.widths[:-1], net.widths[1:], strict=True)):
        w, b = impl.linear_init(n_in, n_out, seed=net.layer_seed(layer), count=COUNT)
        assert w.shape == (COUNT, n_out, n_in) and b.shape == (COUNT, n_out), (
            f"linear_init({n_in}, {n_out}, count={COUNT}) returned shapes {w.shape}, {b.shape}")
        w, b = weight_scale * w, bias_scale * b
        if rows is None:
            rows = np.concatenate([w, b[..., None]], axis=2)
        else:
            rows = np.matmul(w, rows)  # per initialisation; einsum here is 2-4x slower
            rows[..., -1] += b
    return rows


def second_moments(rows: np.ndarray) -> np.ndarray:
    """Per initialisation: the mean over outputs i of E_x[y_i^2] = ||(A_i, c_i)||^2."""
    return np.mean(np.sum(rows**2, axis=2), axis=1)


def cross_moments(rows: np.ndarray) -> np.ndarray:
    """Per initialisation: the mean over pairs i < j of E_x[y_i y_j] = (A_i, c_i) . (A_j, c_j)."""
    gram = np.matmul(rows, np.swapaxes(rows, 1, 2))
    i, j = np.triu_indices(rows.shape[1], k=1)
    return np.mean(gram[:, i, j], axis=1)
