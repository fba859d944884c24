"""Convolution configurations that are always valid, and the arrays that go with them.

Ranges (issue 2): 1-, 2- and 3-D; batch 1-4; groups dividing both channel
counts; kernel 1-5; stride 1-3; dilation 1-3; padding 0-3 per side,
asymmetric allowed; input sizes from the smallest that gives one output up
to a few more, so that the windows often do not tile the input (a stride
remainder, which the transposed convolution must restore as output padding).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from dnn_invariants.implementations.support import conv_features
from dnn_invariants.reference.conv import output_size, stride_remainder
from dnn_invariants.strategies import support
from dnn_invariants.strategies.arrays import array_specs
from dnn_invariants.strategies.shapes import bounded


@dataclass(frozen=True)
class ConvConfig:
    batch: int
    c_in: int
    c_out: int
    groups: int
    n: tuple[int, ...]  # input spatial size
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[tuple[int, int], ...]
    dilation: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.n)

    @property
    def m(self) -> tuple[int, ...]:
        """Output spatial size."""
        return tuple(output_size(*a) for a in self._per_dim())

    @property
    def remainder(self) -> tuple[int, ...]:
        return tuple(stride_remainder(*a) for a in self._per_dim())

    def _per_dim(self):
        return [(n, k, s, lo, hi, d) for n, k, s, (lo, hi), d in
                zip(self.n, self.kernel, self.stride, self.padding, self.dilation)]

    @property
    def x_shape(self):
        return (self.batch, self.c_in, *self.n)

    @property
    def w_shape(self):
        return (self.c_out, self.c_in // self.groups, *self.kernel)

    @property
    def y_shape(self):
        return (self.batch, self.c_out, *self.m)

    @property
    def kwargs(self) -> dict:
        """The keyword arguments of the contract's conv, conv_backward, ..."""
        return dict(stride=self.stride, padding=self.padding, dilation=self.dilation,
                    groups=self.groups)

    @property
    def reduction(self) -> int:
        """Products summed for one output entry of the forward conv."""
        return (self.c_in // self.groups) * int(np.prod(self.kernel))

    @property
    def complexity(self) -> tuple:
        return (self.ndim, self.groups, self.batch * self.c_in * self.c_out,
                sum(self.kernel), sum(self.stride), sum(self.dilation),
                sum(map(sum, self.padding)), sum(self.n))


def _valid(batch, groups, cin_g, cout_g, dims) -> ConvConfig:
    n, kernel, stride, padding, dilation = [], [], [], [], []
    for k, s, d, lo, hi, extra in dims:
        smallest = max(1, d * (k - 1) + 1 - lo - hi)  # one window fits
        n.append(smallest + extra)
        kernel.append(k), stride.append(s), dilation.append(d), padding.append((lo, hi))
    return ConvConfig(batch, groups * cin_g, groups * cout_g, groups, tuple(n),
                      tuple(kernel), tuple(stride), tuple(padding), tuple(dilation))


def _dim(ndim):
    extra = 6 if ndim < 3 else 3  # keep 3-D inputs small
    return st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(1, 3),
                     st.integers(0, 3), st.integers(0, 3), st.integers(0, extra))


@st.composite
def free_conv_configs(draw, ndims=(1, 2, 3)):
    ndim = draw(st.sampled_from(ndims))
    groups = draw(st.integers(1, 3))
    cin_g, cout_g = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    batch = draw(st.integers(1, 4))
    return _valid(batch, groups, cin_g, cout_g, draw(st.lists(_dim(ndim), min_size=ndim,
                                                              max_size=ndim)))


def _alphabet(ndims, per_ndim, seed=20261122):
    """A fixed, deterministic list of configurations, simplest first.

    Drawn by the free strategy's rules from a seeded generator; the first of
    each ndim is the trivial one. tests/test_strategies.py checks that it
    covers groups, stride remainders, dilation and asymmetric padding.
    """
    rng = np.random.default_rng(seed)
    configs = []
    for ndim in ndims:
        configs.append(_valid(1, 1, 1, 1, [(1, 1, 1, 0, 0, 0)] * ndim))
        for _ in range(per_ndim - 1):
            extra = 6 if ndim < 3 else 3
            dims = [(int(rng.integers(1, 6)), int(rng.integers(1, 4)), int(rng.integers(1, 4)),
                     int(rng.integers(0, 4)), int(rng.integers(0, 4)),
                     int(rng.integers(0, extra + 1))) for _ in range(ndim)]
            configs.append(_valid(int(rng.integers(1, 5)), int(rng.integers(1, 4)),
                                  int(rng.integers(1, 3)), int(rng.integers(1, 3)), dims))
    return sorted(set(configs), key=lambda c: c.complexity)


CONV_ALPHABET = _alphabet((1, 2, 3), per_ndim=14)


def config_features(c: ConvConfig) -> dict:
    """The support features of a configuration (implementations/support.py), dtype apart."""
    features = conv_features(dtype="", ndim=c.ndim, stride=c.stride, padding=c.padding,
                             dilation=c.dilation, groups=c.groups, output_padding=c.remainder)
    del features["dtypes"]
    return features


@functools.cache  # conv_cases asks for it every example; one strategy object (see shapes.bounded)
def conv_configs() -> st.SearchStrategy[ConvConfig]:
    return bounded(CONV_ALPHABET, free_conv_configs(), features=config_features)


@functools.cache
def dtypes_of(dtypes: tuple) -> st.SearchStrategy[str]:
    """The dtypes, float64 first, inside the implementation's declared support."""
    return st.sampled_from(dtypes).filter(lambda d: support.allows(dtypes=d))


@dataclass(frozen=True)
class ConvCase:
    """A configuration with an input, a kernel and an output gradient."""

    config: ConvConfig
    x: object  # ArraySpec
    w: object
    dy: object

    @property
    def dtype(self) -> str:
        return self.x.dtype


DTYPES = ("float64", "float32")


@st.composite
def conv_cases(draw, dtypes=DTYPES, configs=None):
    """A configuration, then x, w and dy of its shapes; the dtype is drawn first (float64 shrinks first)."""
    dtype = draw(dtypes_of(tuple(dtypes)))
    config = draw(configs if configs is not None else conv_configs())
    return ConvCase(config,
                    draw(array_specs(config.x_shape, dtype)),
                    draw(array_specs(config.w_shape, dtype)),
                    draw(array_specs(config.y_shape, dtype)))
