"""He initialisation keeps the second moment of the pre-activations through a ReLU layer (issue 4).

No seed states this; it is the reason behind the general form of seed 004:
E[z_i^2] = n sigma_W^2 E[relu(h)^2] = n (2/n) E[h^2]/2 = E[h^2] for h symmetric about 0.
He's init is the declared law's weights scaled to variance 2/n (for PyTorch's law, times sqrt(6):
U(-sqrt(6/n), sqrt(6/n))); bias 0.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnn_invariants.properties.initialisation import law as declared_law
from dnn_invariants.properties.initialisation.confidence import ALPHA_PER_EXAMPLE, bernstein_halfwidth
from dnn_invariants.reference.init_variance import he_scale
from dnn_invariants.strategies.init import COUNT, SEEDS, layer_sizes


@pytest.mark.requires("linear_init")
@given(size=layer_sizes(), q=st.sampled_from([1.0, 0.25, 4.0]), seed=SEEDS)
def test_he_init_preserves_the_second_moment(impl, size, q, seed):
    """With He init, z = W relu(h) has E[z_i^2] = E[h^2] for symmetric h (empirical Bernstein, 1e-9).

    h = sqrt(q) s with s independent signs, one draw per initialisation; with |w| <= a the
    scaled law's bound, |z_i| <= n a sqrt(q), so z_i^2 lies in [0, (n a)^2 q] (6 n q for PyTorch's law).
    """
    n_in, n_out = size
    law = declared_law.bounded(impl)
    if law.weight.law == "zeros":
        pytest.skip("the declared weights are zero: no scale makes them He's")
    w, _ = impl.linear_init(n_in, n_out, seed=seed, count=COUNT)
    scale = he_scale(law, n_in, n_out)
    w = scale * w
    h = math.sqrt(q) * np.random.default_rng(seed).choice([-1.0, 1.0], size=(COUNT, n_in))
    z = np.matmul(w, np.maximum(h, 0)[:, :, None])[:, :, 0]  # W relu(h) per initialisation
    moments = np.mean(z**2, axis=1)
    a = scale * law.weight.bound(n_in, n_out)
    half = bernstein_halfwidth(moments, (n_in * a) ** 2 * q, ALPHA_PER_EXAMPLE)
    assert abs(moments.mean() - q) <= half, (
        f"{n_in} -> {n_out}, E[h^2] = {q}: Monte Carlo E[z^2] = {moments.mean():.5f} +- {half:.5f}")
