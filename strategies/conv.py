"""Convolution configurations that are always valid, and the arrays that go with them.

Ranges (issue 2): 1-, 2- and 3-D; batch 1-4; groups dividing both channel
counts; kernel 1-5; stride 1-3; dilation 1-3; padding 0-3 per side (and beyond the
kernel's reach d(K-1) where a case has wide padding),
asymmetric allowed; input sizes from the smallest that gives one output up
to a few more, so that the windows often do not tile the input (a stride
remainder, which the transposed convolution must restore as output padding).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from dnn_invariants.implementations.support import conv_features
from dnn_invariants.reference.conv import output_size, stride_remainder
from dnn_invariants.strategies import shapes, support
from dnn_invariants.strategies.arrays import case_arrays


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


# --- the alphabet: structured by feature --------------------------------------------------
# The features a configuration can have, each a known source of bugs. Drawn from a list of
# random configurations, a rare feature (several channels per group, say) is in a few entries
# only, a pair of features (groups with asymmetric padding) in fewer, and shrinking a list
# index stops at the first failing entry it happens to reach. So a case draws the features
# themselves, one choice each (False, or "none", first), and gets the configuration with
# exactly those features: about half the draws have any one feature, and shrinking drops every
# feature the failure does not need, one by one. Exactly: a configuration with features nobody
# drew (the nearest table entry) would let a failure that needs one of them stop shrinking where
# dropping any drawn feature passes (a stride bug reported on a padding pair that came with a
# stride). A run draws some twenty feature sets, so some twenty shapes are compiled.
FACTORS = ("grouped", "batch", "stride", "remainder", "dilation", "asymmetric_padding", "wide_padding")
GROUPINGS = ("grouped", "depthwise")  # several channels per group, or one input channel per group
ALPHABET_SEED = 20261207


def _realise(ndim, factors, rng) -> ConvConfig:
    """A valid configuration with exactly these features, its sizes from ``rng``.

    stride: a stride above 1 in the first dimension, whose windows tile the input;
    remainder: a stride above 1 in the last dimension, whose windows do not (in 1-D
    both are the first dimension); dilation: in every dimension, with kernels of 2 or
    more (so stride or remainder come with a dilation in the same dimension);
    asymmetric_padding: lo != hi in every dimension; wide_padding: in the first dimension,
    padding beyond the dilated kernel's reach d(K-1) (the transposed convolution then crops
    its output: a framework that pads by d(K-1) - p < 0 gets it wrong).
    """
    f = set(factors)
    single = len(f) == 1  # a feature alone: the smallest sizes that have it (simple counterexamples)

    def pick(options):
        return options[0] if single else options[int(rng.integers(len(options)))]

    batch = pick([2, 3, 4]) if "batch" in f else 1
    if "grouped" in f:
        groups, cin_g, cout_g = pick([2, 3]), 2, 2
    elif "depthwise" in f:
        groups, cin_g, cout_g = pick([2, 3]), 1, pick([1, 2])
    else:
        groups, cin_g, cout_g = 1, pick([1, 2]), pick([1, 2])
    dims = []
    for i in range(ndim):
        d = pick([2, 3]) if "dilation" in f else 1
        k = pick([2, 3]) if "dilation" in f or single else pick(list(range(1, 4 if ndim == 3 else 6)))
        s = 1
        if "stride" in f and i == 0:
            s = pick([2, 3])
        if "remainder" in f and i == ndim - 1:
            s = max(s, 2) if ndim == 1 and "stride" in f else pick([2, 3])
        if "asymmetric_padding" in f:
            lo, hi = (0, 1) if single else (int(v) for v in rng.choice(4, size=2, replace=False))
        else:
            lo = hi = pick([0, 1, 2])
        if "wide_padding" in f and i == 0:
            lo, hi = max(lo, d * (k - 1) + 1), max(hi, d * (k - 1) + 1)
            if "asymmetric_padding" in f and lo == hi:
                hi += 1
        want_remainder = "remainder" in f and i == ndim - 1
        extra = pick(list(range(3 if ndim == 3 else 5)))
        while s > 1 and ((extra + max(1, d * (k - 1) + 1 - lo - hi) + lo + hi - d * (k - 1) - 1) % s > 0) \
                != want_remainder:
            extra += 1
        dims.append((k, s, d, lo, hi, extra))
    return _valid(batch, groups, cin_g, cout_g, dims)


def _feature_sets():
    """Every drawable feature set: any subset of FACTORS, or of FACTORS with depthwise for grouped."""
    others = FACTORS[1:]
    subsets = [frozenset(s) for k in range(len(others) + 1) for s in itertools.combinations(others, k)]
    return [s | g for g in (frozenset(), frozenset({"grouped"}), frozenset({"depthwise"})) for s in subsets]


# The sets the first alphabet had (none, each alone, all, all but one) keep the sizes they were
# realised with, in this order from one generator: the explicit examples and the expectations
# written against them stay as they are. Every other set gets sizes from a generator of its own.
def _first_sets():
    everything = frozenset(FACTORS)
    sets = [frozenset({f}) for f in FACTORS + ("depthwise",)] + [everything]
    return sets + [everything - {f} for f in FACTORS]


def _first_alphabet(ndims=(1, 2, 3)) -> dict:
    rng = np.random.default_rng(ALPHABET_SEED)
    table = {}
    for ndim in ndims:
        table[ndim, frozenset()] = _valid(1, 1, 1, 1, [(1, 1, 1, 0, 0, 0)] * ndim)
        for factors in _first_sets():
            table[ndim, factors] = _realise(ndim, factors, rng)
    return table


_FIRST = _first_alphabet()
_NAMES = FACTORS + ("depthwise",)


@functools.cache
def realised(ndim: int, factors: frozenset) -> ConvConfig:
    """The configuration of this ndim with exactly these features (deterministic)."""
    if (ndim, factors) in _FIRST:
        return _FIRST[ndim, factors]
    code = sum(1 << _NAMES.index(f) for f in factors)
    return _realise(ndim, factors, np.random.default_rng([ALPHABET_SEED, ndim, code]))


_TABLE = {(ndim, f): realised(ndim, f) for ndim in (1, 2, 3) for f in _feature_sets()}
CONV_ALPHABET = sorted(set(_TABLE.values()), key=lambda c: c.complexity)  # the entries, simplest first


def features_of(c: ConvConfig, dtype: str = "float64") -> frozenset:
    """The features of a configuration (and dtype) that bugs hide behind, by name.

    Single features, and the pairs that need each other (a bug in the grouped path
    with asymmetric padding needs both in one case).
    """
    per_group = (c.c_in // c.groups, c.c_out // c.groups)
    dims = list(zip(c.stride, c.dilation, c.kernel, c.remainder, c.padding))
    f = {f"{c.ndim}d"}
    if c.groups > 1:
        f.add("groups")
        if min(per_group) >= 2:
            f.add("grouped")  # several input and output channels per group
    if c.batch > 1:
        f.add("batch")
    if any(s > 1 for s, *_ in dims):
        f.add("stride")
    if any(r > 0 for *_, r, _ in dims):
        f.add("remainder")
    if any(d > 1 and k > 1 for _, d, k, *_ in dims):
        f.add("dilation")
    if any(lo != hi for *_, (lo, hi) in dims):
        f.add("asymmetric_padding")
    if any(max(lo, hi) > d * (k - 1) for _, d, k, _, (lo, hi) in dims):
        f.add("wide_padding")
    if any(s > 1 and d > 1 and k > 1 for s, d, k, *_ in dims):
        f.add("dilation_with_stride")
    if any(r > 0 and d > 1 and k > 1 for _, d, k, r, _ in dims):
        f.add("dilation_with_remainder")
    if c.groups > 1 and "asymmetric_padding" in f:
        f.add("groups_with_asymmetric_padding")
    if dtype == "float32":
        f.add("float32")
        if c.ndim == 3:
            f.add("3d_float32")
    return frozenset(f)


def config_features(c: ConvConfig) -> dict:
    """The support features of a configuration (implementations/support.py), dtype apart."""
    features = conv_features(dtype="", ndim=c.ndim, stride=c.stride, padding=c.padding,
                             dilation=c.dilation, groups=c.groups, output_padding=c.remainder)
    del features["dtypes"]
    return features


def _allowed(c: ConvConfig) -> bool:
    return support.allows(**config_features(c))


def entry(ndim: int, wanted: frozenset) -> ConvConfig:
    """The configuration of this ndim with exactly the wanted features; if the declared support
    excludes it, the supported one with the most of them and no others (dropping, never adding, a
    feature: see FACTORS)."""
    return _entry(ndim, frozenset(wanted), support.state())


@functools.lru_cache(maxsize=4096)
def _entry(ndim, wanted, _support_state):
    subsets = (frozenset(s) for k in range(len(wanted), -1, -1)
               for s in itertools.combinations(sorted(wanted, key=_NAMES.index), k))
    return next(c for c in map(functools.partial(realised, ndim), subsets) if _allowed(c))


def _choice(allowed):
    """False, then True where the support allows the feature (a filtered sampled_from: no rejections)."""
    return st.sampled_from((False, True)).filter(lambda on: not on or allowed())


_NDIMS = st.sampled_from((1, 2, 3)).filter(lambda n: support.allows(ndims=n))
_GROUPED = _choice(lambda: support.allows(groups=True))
_FACTOR_CHOICES = {
    "batch": _choice(lambda: True),
    "stride": _choice(lambda: support.allows(stride=True)),
    "remainder": _choice(lambda: support.allows(stride=True, output_padding=True)),
    "dilation": _choice(lambda: support.allows(dilation=True)),
    "asymmetric_padding": _choice(lambda: support.allows(asymmetric_padding=True)),
    "wide_padding": _choice(lambda: True),
}


@st.composite
def structured_conv_configs(draw) -> ConvConfig:
    """An ndim (1-D first), groups with several channels each (half the time), else with one
    (half of the rest), each other feature (off first, on half the time): the configuration with
    exactly those features (see FACTORS)."""
    ndim = draw(_NDIMS, label="ndim")
    # Both drawn either way: a choice skipped when another is on would make "on" the shorter,
    # so the simpler, choice sequence, and shrinking would turn it on.
    grouped, depthwise = draw(_GROUPED, label="grouped"), draw(_GROUPED, label="depthwise")
    wanted = {"grouped"} if grouped else {"depthwise"} if depthwise else set()
    wanted |= {name for name, choice in _FACTOR_CHOICES.items() if draw(choice, label=name)}
    return entry(ndim, frozenset(wanted))


@functools.cache  # conv_cases asks for it every example; one strategy object (see shapes.bounded)
def conv_configs() -> st.SearchStrategy[ConvConfig]:
    """Structured draws from the alphabet (the default), or free ones (``--shapes free``), inside
    the declared support either way."""
    structured = structured_conv_configs()
    free = free_conv_configs().filter(_allowed)
    return st.deferred(lambda: structured if shapes.mode() == "alphabet" else free)


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
    """A dtype (float64 shrinks first), a configuration, then x, w and dy of its shapes with one
    input pattern for the case (strategies/arrays.py: all dense half the time)."""
    dtype = draw(dtypes_of(tuple(dtypes)))
    config = draw(configs if configs is not None else conv_configs())
    x, w, dy = draw(case_arrays((config.x_shape, config.w_shape, config.y_shape), dtype))
    return ConvCase(config, x, w, dy)
