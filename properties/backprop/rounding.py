"""A first-order running error bound for a float64 tanh MLP and its backward pass.

Forward, per example (Higham, Accuracy and Stability, sec. 3.1 and 3.3): the computed
s = W^T x has |error| <= gamma_{d+1} |W|^T |x| + |W|^T e_x; tanh is 1-Lipschitz and
is evaluated to TANH_ULPS ulps, so e_tanh <= e_s + TANH_ULPS * 2u |tanh s|. Backward:
theta' = 1 - tanh^2 is off by at most 2 |x| e_x + 2u; W delta sums d + 1 products;
each product adds u of its magnitude. Terms of order u^2 are dropped.
The reference runs in np.longdouble (64-bit mantissa), 2^-11 times finer, so its own
error is covered by the margin of the bound on the implementation's float64 pass.
"""

from __future__ import annotations

import numpy as np

from dnn_invariants.properties.tolerance import gamma, unit_roundoff

# XLA's float64 tanh is not correctly rounded: over 1.2e6 points (normal(0, 9), |s| < 0.01
# and [-25, 25]) its worst error was 6.9 ulp; 16 ulp leaves a margin over that measurement.
TANH_ULPS = 16
U = unit_roundoff(np.float64)
TINY = float(np.finfo(np.float64).tiny)  # flush-to-zero: each operation may lose this much absolutely


def _hidden(s, output, last):
    return (s if output == "identity" else np.tanh(s)) if last else np.tanh(s)


def gradient_error_bound(X, Y, weights, output):
    """Entrywise bounds on |computed - exact| of (mlp(X), the gradient of the mean squared error)."""
    tau = 2 * U * TANH_ULPS
    n = len(X)
    grads = [np.zeros_like(w) for w in weights]
    outs = []
    for x0, y in zip(X, Y, strict=True):
        xs, es, ss, ess = [np.concatenate([[1.0], x0])], [np.zeros(len(x0) + 1)], [], []
        for layer, w in enumerate(weights):
            last = layer == len(weights) - 1
            s = w.T @ xs[-1]
            e_s = (gamma(w.shape[0] + 1, np.float64) * (np.abs(w).T @ np.abs(xs[-1])) + np.abs(w).T @ es[-1]
                   + (w.shape[0] + 1) * TINY)
            x = _hidden(s, output, last)
            e_x = e_s if (last and output == "identity") else e_s + tau * np.abs(x)
            ss.append(s), ess.append(e_s)
            xs.append(x if last else np.concatenate([[1.0], x]))
            es.append(e_x if last else np.concatenate([[0.0], e_x]))
        outs.append(es[-1])
        # delta(L) = 2 (x - y) theta'(s), then delta(l) = theta'(s(l)) (W(l+1)[1:] delta(l+1)).
        d = 2 * (xs[-1] - y)
        e_d = 2 * es[-1] + 2 * U * np.abs(d) + TINY
        if output == "tanh":
            t = np.tanh(ss[-1])
            dt, e_dt = 1 - t**2, 2 * np.abs(t) * es[-1] + 2 * U
            d, e_d = d * dt, np.abs(dt) * e_d + e_dt * np.abs(d) + U * np.abs(d * dt)
        deltas = [(d, e_d)]
        for layer in range(len(weights) - 2, -1, -1):
            w = weights[layer + 1][1:]
            d, e_d = deltas[0]
            g = w @ d
            e_g = (gamma(w.shape[1] + 1, np.float64) * (np.abs(w) @ np.abs(d)) + np.abs(w) @ e_d
                   + (w.shape[1] + 1) * TINY)
            t = xs[layer + 1][1:]
            dt, e_dt = 1 - t**2, 2 * np.abs(t) * es[layer + 1][1:] + 2 * U
            deltas.insert(0, (dt * g, np.abs(dt) * e_g + e_dt * np.abs(g) + U * np.abs(dt * g) + 2 * TINY))
        for layer, (d, e_d) in enumerate(deltas):
            x, e_x = xs[layer], es[layer]
            grads[layer] += (np.outer(e_x, np.abs(d)) + np.outer(np.abs(x), e_d)
                             + (U + gamma(n + 1, np.float64)) * np.abs(np.outer(x, d)) + (n + 2) * TINY)
    return np.array(outs), [g / n * (1 + 2 * U) for g in grads]
