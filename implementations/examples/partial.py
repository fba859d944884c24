"""A deliberately partial adapter: it provides the forward convolution and nothing else.

Run the corpus against it with ``pytest --impl dnn_invariants.implementations.examples.partial``:
the forward-convolution properties run, and every property that needs another
operation is skipped with a reason naming that operation. Copy this file to
start an adapter of your own: a module with functions named as in
``implementations/contract.py``, NumPy arrays in and out.
"""

import numpy as np

NAME = "partial example (forward conv only)"
FRAMEWORK = "numpy"


def conv(x, w, *, stride, padding, dilation, groups):
    """Forward convolution by im2col-free slicing: one multiply-add per kernel offset."""
    import itertools

    x = np.pad(x, [(0, 0), (0, 0)] + [tuple(p) for p in padding])
    n_batch, c_in, *n = x.shape
    c_out, c_group, *kernel = w.shape
    m = [(ni - d * (k - 1) - 1) // s + 1 for ni, k, s, d in zip(n, kernel, stride, dilation)]
    xg = x.reshape(n_batch, groups, c_group, *n)
    wg = w.reshape(groups, c_out // groups, c_group, *kernel)
    y = np.zeros((n_batch, groups, c_out // groups, *m), x.dtype)
    for k in itertools.product(*map(range, kernel)):
        window = tuple(slice(d * kk, d * kk + s * (mm - 1) + 1, s)
                       for kk, s, d, mm in zip(k, stride, dilation, m))
        y += np.einsum("ngc...,goc->ngo...", xg[(Ellipsis,) + window], wg[(Ellipsis,) + k])
    return y.reshape(n_batch, c_out, *m)
