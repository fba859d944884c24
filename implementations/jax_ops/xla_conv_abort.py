"""The convolutions XLA's CPU compiler aborts on (jaxlib 0.10.2 and 0.12.0.1), so that JAX refuses them.

Found by the corpus (a kill sweep, 2026-12-01): compiling JAX's input gradient of
``lax.conv_general_dilated`` (and the transposed convolution built the same way) for,
among others, x (1, 1, 4, 7), w (1, 1, 2, 3), strides (2, 3), padding ((1, 1), (0, 0))
kills the process: ``algebraic_simplifier.cc: Check failed ... Window dimensions do not
match RHS shape``. No exception reaches Python; the process gets SIGABRT.

The cause, read from XLA's ``conv_operand_swapper.cc``: when a convolution's kernel is
larger than its input, XLA swaps the two operands. A spatial dimension it classes as a
"group dimension" (no padding, reversal or window dilation; base dilation equal to the
window size; window stride one less than it) is copied into the new window unchanged,
although the new kernel (the old input) has a different size along it. The input
gradient of a stride-2, size-2, dilation-1 dimension with padding (1, 1 + remainder)
is such a dimension; another dimension whose kernel is wider than the output makes
the swap look worthwhile.

``aborts`` repeats the swapper's decision for one ``conv_general_dilated`` call (input
spatial sizes, kernel sizes, and the call's window parameters), and says whether a group
dimension would then be copied with the wrong size. It ignores feature groups: XLA's
CPU pipeline may expand a grouped convolution into an ungrouped one before the swap
(a depthwise case aborts too), so a grouped call is refused on the same terms.
Checked against the compiler by tests/test_xla_conv_abort.py.
"""

from __future__ import annotations

REASON = ("XLA's compiler aborts the process on this convolution (its operand swap copies a "
          "stride-2, size-2 window dimension with the wrong size; jaxlib 0.10.2, 0.12.0.1): "
          "see implementations/jax_ops/xla_conv_abort.py")


def aborts(input_sizes, kernel_sizes, *, window_strides, padding, lhs_dilation, rhs_dilation) -> bool:
    """Whether XLA would swap this convolution's operands and copy a group dimension of the
    wrong size (which fails its shape check and aborts). All arguments per spatial dimension."""
    kernel_product = swapped_product = 1
    wrong_group_dim = False
    for n, k, s, (lo, hi), base, window in zip(input_sizes, kernel_sizes, window_strides, padding,
                                              lhs_dilation, rhs_dilation):
        plain = lo == 0 and hi == 0 and window == 1  # the swapper's "can be group or contraction"
        if plain and base == k and s == k - 1:  # a group dimension: copied as it is
            wrong_group_dim |= n != k
            continue
        if plain and n == k and base == 1 and s == 1:  # a pure contraction dimension: copied, sizes equal
            continue
        kernel_product *= k
        full = n == 1 and s == 1 and window == 1 and lo == k - 1 and hi == k - 1
        swapped_product *= k if full else n
    return wrong_group_dim and kernel_product > swapped_product


def transpose_aborts(y_sizes, kernel_sizes, *, stride, padding, dilation, output_padding) -> bool:
    """``aborts`` for the transposed convolution as JAX's input gradient builds it (and as
    jax_ops.conv_transpose does): y spread by the stride, padded by d(K-1) minus the forward
    padding (plus the output padding on the high side), window stride 1, the flip an explicit
    reverse (no window reversal)."""
    pads = [(d * (k - 1) - lo, d * (k - 1) - hi + op)
            for k, d, (lo, hi), op in zip(kernel_sizes, dilation, padding, output_padding)]
    return aborts(y_sizes, kernel_sizes, window_strides=(1,) * len(y_sizes), padding=pads,
                  lhs_dilation=stride, rhs_dilation=dilation)
