"""Seeds 003/004 P3 (ii): dy_L/db_l and dy_L/dA_l through residual layers, the product ordered correctly.

Network: y_l = sigma(A_l y_{l-1} + b_l) + y_{l-1} for l < L, y_L = A_L y_{L-1} + b_L (scalar).
    dy_L/db_l = A_L J_{L-1} ... J_{l+1} D_l,  J_i = D_i A_i + I,  D_i = diag(sigma'(A_i y_{i-1} + b_i))
    dy_L/dA_l = D_l (A_L J_{L-1} ... J_{l+1})^T y_{l-1}^T
Later layers stand to the left. The product read with increasing i (J_{l+1} ... J_{L-1}) is wrong.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dnn_invariants.properties.refutation import refute
from dnn_invariants.properties.residual.network import abs_chain, backprop, branch_jacobians, forward
from dnn_invariants.properties.tolerance import assert_close, gamma
from dnn_invariants.reference import activations as act
from dnn_invariants.reference import residual as ref
from dnn_invariants.strategies.activations import activations
from dnn_invariants.strategies.residual import stacks


def _chain(impl, stack, head_seed, at, ascending=False):
    layers = stack.layers()
    hs = forward(impl, stack.x(), layers, stack.activation)
    J, on_kink = branch_jacobians(hs, layers, stack.activation)
    a_L = np.random.default_rng(head_seed).standard_normal((1, stack.m))
    eye = np.eye(stack.m)
    order = range(at + 1, len(layers) + 1) if ascending else range(len(layers), at, -1)
    row = a_L
    for i in order:
        row = row @ (J[i] + eye)
    A_l, b_l = layers[at - 1]
    d_l, _ = ref.derivative_interval(hs[at - 1], A_l, b_l, stack.activation, np.float64)  # diag of D_l
    return layers, hs, J, on_kink, a_L, row, d_l.ravel()


@pytest.mark.requires("residual_layer", "residual_layer_backward")
@pytest.mark.claim("003:P3-ii", "004:P3-ii")
@given(data=st.data())
def test_chain_rule_for_b_and_A(impl, data):
    """The implementation's dy_L/db_l and dy_L/dA_l equal the ordered chain-rule products, every l."""
    k = data.draw(st.integers(1, 4), label="residual layers")
    stack = data.draw(stacks(k, activations=activations(("relu", "leaky_relu", "identity", "abs"))),
                      label="stack")
    at = data.draw(st.integers(1, k), label="l")
    layers, hs, J, on_kink, a_L, row, slope = _chain(impl, stack, data.draw(st.integers(0, 2**32 - 1)), at)
    assume(not on_kink)
    g = backprop(impl, hs, layers, stack.activation, a_L, down_to=at)  # dy_L/dy_l
    A_l, b_l = layers[at - 1]
    _, dA, db = impl.residual_layer_backward(hs[at - 1], A_l, b_l, g, **act.layer_kwargs(stack.activation))
    expected_db = slope * row.ravel()
    expected_dA = np.outer(expected_db, hs[at - 1].ravel())
    eye = np.eye(stack.m)
    mag = abs_chain(a_L, [eye + np.abs(J[i]) for i in range(k, at, -1)]).ravel() * np.abs(slope)
    bound = 4 * gamma((k + 1) * (stack.m + 2), np.float64) * mag
    assert_close(db.ravel(), expected_db, bound, f"dy_L/db_{at}")
    assert_close(dA, expected_dA, np.outer(bound, np.abs(hs[at - 1].ravel())) * 2, f"dy_L/dA_{at}")


@pytest.mark.requires("residual_layer", "residual_layer_backward")
@pytest.mark.claim("003:P3-ii-order")
def test_increasing_order_product_is_wrong(impl):
    """Refutes the product read with increasing index (J_{l+1} ... J_{L-1}): a network where it differs."""
    def differs(args):
        stack, head = args
        right = _chain(impl, stack, head, 1)[5]
        wrong = _chain(impl, stack, head, 1, ascending=True)[5]
        # 1e-6 relative is far above rounding (a few ulps): only a real difference counts
        return np.max(np.abs(right - wrong)) > 1e-6 * (1 + np.max(np.abs(right)))
    networks = st.tuples(stacks(3, activations=st.just("identity"), widths=(2, 3)), st.integers(0, 2**32 - 1))
    stack, head = refute("003:P3-ii-order", networks, differs,
                         describe=lambda a: f"{a[0]}, head seed {a[1]}: dy_L/db_1 = A_L J_3 J_2 D_1 = "
                                            f"{_chain(impl, a[0], a[1], 1)[5].ravel().tolist()} (times D_1), "
                                            f"increasing order A_L J_2 J_3 gives "
                                            f"{_chain(impl, a[0], a[1], 1, True)[5].ravel().tolist()}")
    assert differs((stack, head))
