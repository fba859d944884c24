"""Backpropagation for tanh MLPs in the convention of Learning From Data (seed 001, problems 1 and 2).

Layer l has W(l) of shape (d_{l-1} + 1, d_l), row 0 the bias: s(l) = W(l)^T x(l-1) with
x(l-1) = [1; tanh(s(l-1))]. For e = ||x(L) - y||^2:
    delta(L) = 2 (x(L) - y) theta'(s(L)),
    delta(l) = theta'(s(l)) * [W(l+1) delta(l+1)] with row 0 of W(l+1) (the bias) dropped,
    de/dW(l) = x(l-1) delta(l)^T.
Written for any float dtype, so it can run in np.longdouble as a high-precision reference.
"""

from __future__ import annotations

import numpy as np

OUTPUT = {"identity": (lambda s: s, lambda s: np.ones_like(s)),
          "tanh": (np.tanh, lambda s: 1 - np.tanh(s) ** 2)}


def with_bias(x):
    return np.concatenate([np.ones(1, x.dtype), x])


def forward(x0, weights, output="identity"):
    """Signals s(1..L) and outputs x(0..L); x(l) carries its bias coordinate for l < L."""
    xs, ss = [with_bias(x0)], []
    for layer, w in enumerate(weights):
        s = w.T @ xs[-1]
        ss.append(s)
        last = layer == len(weights) - 1
        x = OUTPUT[output][0](s) if last else np.tanh(s)
        xs.append(x if last else with_bias(x))
    return ss, xs


def deltas(ss, weights, y, output="identity"):
    """delta(1..L) by the recursion, for one example."""
    ds = [2 * (OUTPUT[output][0](ss[-1]) - y) * OUTPUT[output][1](ss[-1])]
    for layer in range(len(weights) - 2, -1, -1):
        ds.insert(0, (1 - np.tanh(ss[layer]) ** 2) * (weights[layer + 1][1:] @ ds[0]))
    return ds


def gradients(x0, y, weights, output="identity"):
    """de/dW(l) = x(l-1) delta(l)^T for one example."""
    ss, xs = forward(x0, weights, output)
    return [np.outer(xs[layer], d) for layer, d in enumerate(deltas(ss, weights, y, output))]


def mean_gradients(X, Y, weights, output="identity"):
    """Gradient of mean_n ||h(x_n) - y_n||^2."""
    per = [gradients(x, y, weights, output) for x, y in zip(X, Y, strict=True)]
    return [sum(g[layer] for g in per) / len(per) for layer in range(len(weights))]


def single_neuron_gradient(w, X, y):
    """Seed 001 Q1: grad E_in(w) = (2/N) sum_n (tanh(w^T x_n) - y_n)(1 - tanh^2(w^T x_n)) x_n, x_0 = 1."""
    Xt = np.concatenate([np.ones((X.shape[0], 1), X.dtype), X], axis=1)
    t = np.tanh(Xt @ w)
    return 2 / len(y) * Xt.T @ ((t - y) * (1 - t**2))


def ray_limit(u, X, y):
    """lim_{t -> inf} grad E_in(t u) = -(2/N) sum over {n : u^T x_n = 0} of y_n x_n (tanh 0 = 0)."""
    Xt = np.concatenate([np.ones((X.shape[0], 1), X.dtype), X], axis=1)
    on_plane = (Xt @ u) == 0
    return -2 / len(y) * Xt[on_plane].T @ y[on_plane]


def worked_example_values(weights, x, y):
    """Every intermediate of seed 001 Q2's pass, by name (x(l) without its bias coordinate)."""
    x0, y0 = np.array([x], weights[0].dtype), np.array([y], weights[0].dtype)
    ss, xs = forward(x0, weights)
    ds = deltas(ss, weights, y0)
    gs = gradients(x0, y0, weights)
    values = {f"s{i + 1}": s for i, s in enumerate(ss)}
    values.update({f"x{i + 1}": (x[1:] if i + 1 < len(ss) else x) for i, x in enumerate(xs[1:])})
    values.update({f"delta{i + 1}": d for i, d in enumerate(ds)})
    values.update({f"dW{i + 1}": g for i, g in enumerate(gs)})
    values["delta1-again"], values["delta3-in-dW3"] = values["delta1"], values["delta3"]
    return values
