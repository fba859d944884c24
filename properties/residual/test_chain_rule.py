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
from dnn_invariants.properties.tolerance import assert_close, gamma, underflow
from dnn_invariants.reference import activations as act
from dnn_invariants.reference import residual as ref
from dnn_invariants.reference.seeds import seed003 as s3
from dnn_invariants.reference.seeds import seed004 as s4
from dnn_invariants.strategies.activations import activations
from dnn_invariants.strategies.residual import stacks


def _network(impl, stack, head_seed, at):
    """Forward states, branch Jacobians J_i = D_i A_i (1-based), the head A_L (a 1 x m row) and D_l's
    diagonal."""
    layers = stack.layers()
    hs = forward(impl, stack.x(), layers, stack.activation)
    J, on_kink = branch_jacobians(hs, layers, stack.activation)
    a_L = np.random.default_rng(head_seed).standard_normal((1, stack.m))
    A_l, b_l = layers[at - 1]
    d_l, _ = ref.derivative_interval(hs[at - 1], A_l, b_l, stack.activation, np.float64)  # diag of D_l
    return layers, hs, J, on_kink, a_L, d_l.ravel()


def _middle(J, at, k, m):
    """[J_{l+1} + I, ..., J_{L-1} + I]: the residual layers between l and the head (L - 1 = k)."""
    return [J[i] + np.eye(m) for i in range(at + 1, k + 1)]


@pytest.mark.requires("residual_layer", "residual_layer_backward")
@pytest.mark.claim("003:P3-ii", "004:P3-ii", "003:P3-ii-A")
@given(data=st.data())
def test_chain_rule_for_b_and_A(impl, data):
    """The implementation's dy_L/db_l and dy_L/dA_l equal the printed chain-rule products, every l: seed
    003's A_L prod (D_i A_i + I) D_l read with J_{L-1} leftmost, seed 004's dy_L/dy_{L-1} ... dy_{l+1}/dy_l
    dy_l/db_l, and seed 003's dy_L/dA_l = D_l (dy_L/dy_l)^T y_{l-1}^T (shapes as printed)."""
    k = data.draw(st.integers(1, 4), label="residual layers")
    stack = data.draw(stacks(k, activations=activations(("relu", "leaky_relu", "identity", "abs"))),
                      label="stack")
    at = data.draw(st.integers(1, k), label="l")
    layers, hs, J, on_kink, a_L, slope = _network(impl, stack, data.draw(st.integers(0, 2**32 - 1)), at)
    assume(not on_kink)
    g = backprop(impl, hs, layers, stack.activation, a_L, down_to=at)  # dy_L/dy_l, 1 x m
    A_l, b_l = layers[at - 1]
    _, dA, db = impl.residual_layer_backward(hs[at - 1], A_l, b_l, g, **act.layer_kwargs(stack.activation))
    middle = _middle(J, at, k, stack.m)
    printed_003 = s3.printed_p3_db(a_L, middle, slope, "decreasing").ravel()
    descending = [s4.printed_p3_last_jacobian(a_L)] + middle[::-1]
    printed_004 = s4.printed_p3_db(descending, np.diag(slope)).ravel()
    printed_dA = s3.printed_p3_dA(slope, g, hs[at - 1].T)
    eye = np.eye(stack.m)
    mag = abs_chain(a_L, [eye + np.abs(J[i]) for i in range(k, at, -1)]).ravel() * np.abs(slope)
    # Flush-to-zero (XLA on CPU) can lose up to finfo.tiny in any of the operations, each loss then
    # multiplied by the factors after it (CI once drew a slope of -2.2e-308: db = -0.0 against the
    # product's -2.8e-309); each factor enters as its largest absolute row sum.
    scale = [np.abs(a_L).sum(), np.abs(slope).max(), *(np.abs(eye + J[i]).sum(axis=1).max()
                                                       for i in range(k, at, -1))]
    bound = 4 * gamma((k + 1) * (stack.m + 2), np.float64) * mag + \
        2 * underflow((k + 1) * (stack.m + 2), np.float64, *scale)
    assert_close(db.ravel(), printed_003, bound, f"dy_L/db_{at} vs seed 003's product")
    assert_close(db.ravel(), printed_004, bound, f"dy_L/db_{at} vs seed 004's product")
    assert np.shape(printed_dA) == dA.shape, (
        f"printed dy_L/dA_l has shape {np.shape(printed_dA)}, A_l {dA.shape}")
    dA_bound = np.outer(bound, np.abs(hs[at - 1].ravel())) * 2 + 2 * underflow(1, np.float64)
    assert_close(dA, printed_dA, dA_bound, f"dy_L/dA_{at}")


@pytest.mark.requires("residual_layer", "residual_layer_backward")
@pytest.mark.claim("003:P3-ii")
def test_increasing_order_product_is_wrong(impl):
    """Refutes seed 003's unordered prod_{l<i<L} read with increasing i (J_{l+1} ... J_{L-1} from the left):
    a network where it is not the implementation's dy_L/db_1 (Jacobians do not commute)."""
    def both(args):
        stack, head = args
        layers, hs, J, _, a_L, slope = _network(impl, stack, head, 1)
        g = backprop(impl, hs, layers, stack.activation, a_L, down_to=1)
        _, _, db = impl.residual_layer_backward(hs[0], *layers[0], g, **act.layer_kwargs(stack.activation))
        printed = s3.printed_p3_db(a_L, _middle(J, 1, len(layers), stack.m), slope, "increasing")
        return db.ravel(), printed.ravel()

    def differs(args):
        true, printed = both(args)
        # 1e-6 relative is far above rounding (a few ulps, identity activations): only a real
        # difference counts
        return np.max(np.abs(true - printed)) > 1e-6 * (1 + np.max(np.abs(true)))

    networks = st.tuples(stacks(3, activations=st.just("identity"), widths=(2, 3)), st.integers(0, 2**32 - 1))
    refute("003:P3-ii", networks, differs,
           describe=lambda a: f"{a[0]}, head seed {a[1]}: dy_L/db_1 = {both(a)[0].tolist()}, the product "
                              "read "
                              f"A_L J_2 J_3 D_1 gives {both(a)[1].tolist()}", max_examples=200)
