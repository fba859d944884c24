"""The fully connected network of Learning From Data (Abu-Mostafa et al., ch. 7) and its backprop.

Notation of the book, one sample at a time (the code does a batch of rows):

    x^(0) = [1; x]                                  the input with the bias coordinate
    s^(l) = W^(l)T x^(l-1)                          W^(l) is (d^(l-1) + 1, d^(l)); row 0 holds the biases
    x^(l) = [1; theta(s^(l))]      for l < L        hidden units are tanh
    h(x)  = x^(L) = theta_out(s^(L))                the output unit: identity or tanh

Loss: ``E = (1/N) sum_n ||h(x_n) - y_n||^2``. Backpropagation defines the
sensitivities ``delta^(l) = dE/ds^(l)`` and runs the recursion backwards:

    delta^(L)   = (2/N) (x^(L) - y) * theta_out'(s^(L))
    delta^(l)   = theta'(s^(l)) * [W^(l+1) delta^(l+1)]_{1..d^(l)}   (drop row 0: the bias
                                                                    coordinate has no s feeding it)
    dE/dW^(l)   = x^(l-1) delta^(l)T                                (summed over the batch)

with ``tanh'(s) = 1 - tanh(s)^2 = 1 - x^2``, read off the forward pass, and
``identity' = 1``.
"""

from __future__ import annotations

import numpy as np

OUTPUTS = ("identity", "tanh")


def _with_bias(x: np.ndarray) -> np.ndarray:
    """Prepend the constant coordinate 1 to every row: ``[1; x]``."""
    return np.concatenate([np.ones((x.shape[0], 1), x.dtype), x], axis=1)


def _check_output(output: str) -> None:
    if output not in OUTPUTS:
        raise NotImplementedError(f"output unit {output!r} (known: {', '.join(OUTPUTS)})")


def _forward(x, weights, output):
    """The layer inputs ``x^(0) .. x^(L-1)`` (each with its bias column) and the output ``x^(L)``."""
    inputs = [_with_bias(x)]
    for layer, W in enumerate(weights, start=1):
        s = inputs[-1] @ W
        if layer < len(weights):
            inputs.append(_with_bias(np.tanh(s)))
        else:
            return inputs, (np.tanh(s) if output == "tanh" else s)


def mlp(x, weights, *, output="identity"):
    """``h(x)`` for a batch ``x (N, d0)`` and ``weights[l] (d_l + 1, d_{l+1})``: ``(N, d_L)``."""
    _check_output(output)
    x = np.asarray(x)
    _, h = _forward(x, [np.asarray(W) for W in weights], output)
    return h


def mlp_gradient(x, y, weights, *, output="identity"):
    """``[dE/dW^(1), ..., dE/dW^(L)]`` for ``E = mean_n ||h(x_n) - y_n||^2``, by the delta recursion."""
    _check_output(output)
    x = np.asarray(x)
    weights = [np.asarray(W) for W in weights]
    inputs, h = _forward(x, weights, output)
    y = np.asarray(y).reshape(h.shape)
    delta = (2.0 / x.shape[0]) * (h - y)
    if output == "tanh":
        delta = delta * (1 - h * h)
    gradients = [None] * len(weights)
    for layer in range(len(weights) - 1, -1, -1):
        gradients[layer] = inputs[layer].T @ delta           # x^(l-1) delta^(l)T, summed over n
        if layer > 0:
            hidden = inputs[layer][:, 1:]                      # x^(l-1) without its bias coordinate
            delta = (delta @ weights[layer][1:].T) * (1 - hidden * hidden)
    return gradients
