"""mlp_gradient's delta recursion drops the last row of W^(l+1) delta^(l+1) instead of row 0 (the bias's).

Origin: classic slip in the backpropagation recursion of Learning From Data
(seed 001 Q2): delta^(l) = theta'(s^(l)) * [W^(l+1) delta^(l+1)]_{1..d^(l)},
row 0 belonging to the bias coordinate that no s feeds. Dropping the wrong
row keeps the shapes and sends each unit the sensitivity of its neighbour
(the bias's for unit 1). Right for a network without hidden layers.
"""

import numpy as np

from mutants._base import *  # noqa: F403

NAME = "mutant: MLP backprop drops the wrong row of W delta"
BREAKS = "mlp_gradient"
ORIGIN = "classic slip"


def _with_bias(x):
    return np.concatenate([np.ones((x.shape[0], 1), x.dtype), x], axis=1)


def mlp_gradient(x, y, weights, *, output="identity"):
    if output not in ("identity", "tanh"):
        raise NotImplementedError(f"output unit {output!r}")
    x, weights = np.asarray(x), [np.asarray(w) for w in weights]
    inputs = [_with_bias(x)]
    for w in weights[:-1]:
        inputs.append(_with_bias(np.tanh(inputs[-1] @ w)))
    s = inputs[-1] @ weights[-1]
    h = np.tanh(s) if output == "tanh" else s
    delta = (2.0 / x.shape[0]) * (h - np.asarray(y).reshape(h.shape))
    if output == "tanh":
        delta = delta * (1 - h * h)
    gradients = [None] * len(weights)
    for layer in range(len(weights) - 1, -1, -1):
        gradients[layer] = inputs[layer].T @ delta
        if layer > 0:
            hidden = inputs[layer][:, 1:]
            delta = (delta @ weights[layer][:-1].T) * (1 - hidden * hidden)  # should be [1:]
    return gradients
