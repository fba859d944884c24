"""A framework with a narrow convolution: float32 only, 1-D and 2-D, groups = 1, symmetric padding.

It declares exactly that in SUPPORTS, and raises on anything else (as a real
framework would), so the corpus must keep every drawn case inside the
declaration: a case outside would make it raise, which is a failure.
"""

from dnn_invariants.implementations import numpy_ops as _numpy

NAME = "narrow convolution (float32, 1-D/2-D, groups 1, symmetric padding)"
FRAMEWORK = "numpy"
SUPPORTS = {
    "*": {"dtypes": ["float32"]},
    "conv": {"ndims": [1, 2], "groups": False, "asymmetric_padding": False},
    "conv_backward": {"ndims": [1, 2], "groups": False, "asymmetric_padding": False},
    "conv_transpose": {"ndims": [1, 2], "groups": False, "asymmetric_padding": False},
}


def _check(x, padding, groups):
    if x.dtype.name != "float32" or x.ndim - 2 not in (1, 2) or groups != 1 \
            or any(lo != hi for lo, hi in padding):
        raise ValueError(f"this framework cannot do {x.dtype}, {x.ndim - 2}-D, groups={groups}, "
                         f"padding={padding}")


def conv(x, w, *, stride, padding, dilation, groups):
    _check(x, padding, groups)
    return _numpy.conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)


def conv_backward(x, w, dy, *, stride, padding, dilation, groups):
    _check(x, padding, groups)
    return _numpy.conv_backward(x, w, dy, stride=stride, padding=padding, dilation=dilation, groups=groups)


def conv_transpose(y, w, *, stride, padding, dilation, groups, output_padding):
    _check(y, padding, groups)
    return _numpy.conv_transpose(y, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                                 output_padding=output_padding)
