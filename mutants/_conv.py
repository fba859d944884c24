"""A transposed convolution with switches for the classic mistakes, for the convolution mutants.

With every switch at its default this is the correct adjoint of ``conv``
(the construction of ``implementations/jax_ops/convolution.py``): spread y by
the stride, pad by d(K-1) minus the forward padding plus the stride remainder
on the high side, correlate with the flipped kernel, in and out channels
swapped group by group. Each mutant turns exactly one switch.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from dnn_invariants.implementations.jax_ops import convolution as _jax_conv
from dnn_invariants.implementations.jax_ops import xla_conv_abort
from dnn_invariants.implementations.jax_ops.convolution import _dimension_numbers

SWITCHES = ("flip", "swap", "spread", "remainder", "grouped", "converted_padding")


@partial(jax.jit, static_argnames=("stride", "padding", "dilation", "groups", "output_padding") + SWITCHES)
def _transpose(y, w, *, stride, padding, dilation, groups, output_padding,
               flip, swap, spread, remainder, grouped, converted_padding):
    ndim = y.ndim - 2
    c_out, c_in_group, *kernel = w.shape
    pads, lhs_dilation = _window(kernel, stride, padding, dilation, output_padding, spread=spread,
                                 remainder=remainder, converted_padding=converted_padding)
    if grouped:  # output channels [g*C_out/G, (g+1)*C_out/G) belong to group g
        w = w.reshape(groups, c_out // groups, c_in_group, *kernel)
    else:  # mixed up: output channel o read as belonging to group o % G
        w = jnp.swapaxes(w.reshape(c_out // groups, groups, c_in_group, *kernel), 0, 1)
    if swap:
        w = jnp.swapaxes(w, 1, 2)
    # Without the swap this reshape only reinterprets the memory: (C_out/G, C_in/G) read as (C_in/G, C_out/G).
    w = w.reshape(groups * c_in_group, c_out // groups, *kernel)
    if flip:
        w = lax.rev(w, tuple(range(2, 2 + ndim)))
    return lax.conv_general_dilated(
        y, w, window_strides=(1,) * ndim, padding=pads, lhs_dilation=lhs_dilation,
        rhs_dilation=dilation, dimension_numbers=_dimension_numbers(ndim),
        feature_group_count=groups, precision=lax.Precision.HIGHEST,
    )


def _window(kernel, stride, padding, dilation, output_padding, *, spread, remainder, converted_padding):
    """The transposed convolution's padding and input dilation, with the switches applied."""
    if converted_padding:
        pads = tuple((d * (k - 1) - lo, d * (k - 1) - hi + (op if remainder else 0))
                     for k, d, (lo, hi), op in zip(kernel, dilation, padding, output_padding))
    else:  # the forward conv's padding taken as the transposed conv's own
        pads = tuple((lo, hi + op) for (lo, hi), op in zip(padding, output_padding))
    return pads, tuple(stride) if spread else (1,) * len(kernel)


def transpose(y, w, *, stride, padding, dilation, groups, output_padding, **switches):
    """The transposed convolution of ``y`` with ``w``; ``switches`` turns a correct step off."""
    assert set(switches) <= set(SWITCHES), switches
    flags = {name: switches.get(name, True) for name in SWITCHES}
    pads, lhs_dilation = _window(np.shape(w)[2:], stride, padding, dilation, output_padding,
                                 spread=flags["spread"], remainder=flags["remainder"],
                                 converted_padding=flags["converted_padding"])
    if xla_conv_abort.aborts(np.shape(y)[2:], np.shape(w)[2:], window_strides=(1,) * len(pads), padding=pads,
                             lhs_dilation=lhs_dilation, rhs_dilation=dilation):
        raise NotImplementedError(xla_conv_abort.REASON)  # compiling it would kill the process
    return np.asarray(_transpose(
        y, w, stride=tuple(map(int, stride)), padding=tuple((int(lo), int(hi)) for lo, hi in padding),
        dilation=tuple(map(int, dilation)), groups=int(groups),
        output_padding=tuple(map(int, output_padding)), **flags))


def stride_remainder(n, w, *, stride, padding, dilation):
    """Per dimension: input entries past the last window (jax_ops's formula, for the kernel ``w``)."""
    return _jax_conv.stride_remainder(n, np.shape(w)[2:], stride=stride, padding=padding, dilation=dilation)
