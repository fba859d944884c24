"""What an implementation supports, declared as data, and the features of a case that decide it.

An implementation may set ``SUPPORTS``: a dict from operation name (or ``"*"``,
for every operation) to the features it supports. A feature left out is
supported. For example, a framework whose convolutions run in float32 only,
in one and two spatial dimensions, without groups or asymmetric padding::

    SUPPORTS = {
        "*": {"dtypes": ["float32"]},
        "conv": {"ndims": [1, 2], "groups": False, "asymmetric_padding": False},
    }

The features, per operation (``FEATURES``): list-valued ones name the values
supported (``dtypes``, ``ndims``, ``activations``, ``outputs``); boolean ones
say whether a case with that feature is supported (``groups``: groups > 1;
``asymmetric_padding``: lo != hi in some dimension; ``dilation``: d > 1 in some
dimension; ``stride``: s > 1 in some dimension; ``dilation_with_stride``: both
in one call; ``output_padding``: a transposed convolution restoring a stride
remainder; ``eps_zero``: batch norm with eps = 0; ``spatial``: batch norm of
(N, C, *spatial) inputs rather than (N, C)). For ``count_parameters``,
``groups`` and ``ndims`` refer to the convolutions in the layer spec.

The corpus draws its cases inside the declared support (strategies/support.py),
and every call is checked against it before the implementation sees it
(implementations/guard.py): a case outside rejects that example only, and
Hypothesis draws another. A declared-supported case that raises
``NotImplementedError`` is a failure; without a declaration for the operation,
``NotImplementedError`` rejects the example (counted in the report).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

LISTS = {"dtypes", "ndims", "activations", "outputs"}
BOOLEANS = {"groups", "asymmetric_padding", "dilation", "stride", "dilation_with_stride",
            "output_padding", "eps_zero", "spatial"}

_CONV = {"dtypes", "ndims", "groups", "asymmetric_padding", "dilation", "stride", "dilation_with_stride"}
FEATURES: dict[str, set[str]] = {
    "conv": _CONV,
    "conv_transpose": _CONV | {"output_padding"},
    "conv_backward": _CONV,
    "dropout": {"dtypes"},
    "activation": {"dtypes", "activations"},
    "activation_derivative": {"dtypes", "activations"},
    "batch_norm": {"dtypes", "eps_zero", "spatial"},
    "batch_norm_backward": {"dtypes", "eps_zero", "spatial"},
    "residual_layer": {"dtypes", "activations"},
    "residual_layer_backward": {"dtypes", "activations"},
    "linear_init": set(),
    "count_parameters": {"groups", "ndims"},
    "mlp": {"outputs"},
    "mlp_gradient": {"outputs"},
}


class InvalidDeclaration(ValueError):
    """SUPPORTS names an operation or a feature the contract does not know, or gives a wrong type."""


class Support:
    """An implementation's declared support; ``Support({})`` supports everything."""

    def __init__(self, declared: Mapping | None):
        declared = dict(declared or {})
        problems = []
        for op, features in declared.items():
            if op != "*" and op not in FEATURES:
                problems.append(f"unknown operation {op!r}")
                continue
            known = set().union(*FEATURES.values()) if op == "*" else FEATURES[op]
            for name, value in dict(features).items():
                if name not in known:
                    problems.append(f"{op}: unknown feature {name!r} (known: {', '.join(sorted(known))})")
                elif name in LISTS and not isinstance(value, (list, tuple, set, frozenset)):
                    problems.append(f"{op}: {name} must be a list, not {value!r}")
                elif name in BOOLEANS and not isinstance(value, bool):
                    problems.append(f"{op}: {name} must be True or False, not {value!r}")
        if problems:
            raise InvalidDeclaration("SUPPORTS: " + "; ".join(problems))
        self.declared = declared

    def declares(self, op: str) -> bool:
        """Whether the implementation says anything about ``op`` (then a NotImplementedError is a bug)."""
        return op in self.declared or "*" in self.declared

    def limits(self, op: str) -> dict:
        """The declared limits of ``op``: the ``"*"`` entry, overridden by the operation's own."""
        limits = {k: v for k, v in self.declared.get("*", {}).items() if k in FEATURES[op]}
        limits.update(self.declared.get(op, {}))
        return limits

    def refusal(self, op: str, features: Mapping) -> str | None:
        """Why a case with ``features`` is outside the declared support of ``op``, or None."""
        for name, allowed in self.limits(op).items():
            if name not in features:
                continue
            value = features[name]
            if name in LISTS:
                # a case may carry several values (an activation applied twice): all must be allowed
                values = value if isinstance(value, (tuple, list, set, frozenset)) else (value,)
                outside = [v for v in values if v not in allowed]
                if outside:
                    allowed_text = sorted(allowed, key=str)
                    return f"{op}: {name[:-1]} {outside[0]!r} not declared (SUPPORTS allows {allowed_text})"
            elif value and not allowed:
                return f"{op}: {name.replace('_', ' ')} declared unsupported"
        return None

    def allows(self, ops, features: Mapping) -> bool:
        return all(self.refusal(op, features) is None for op in ops)

    def describe(self) -> str:
        if not self.declared:
            return "nothing declared (every case is tried; NotImplementedError rejects an example)"
        return "; ".join(f"{op}: " + ", ".join(f"{k}={_show(v)}" for k, v in f.items())
                         for op, f in sorted(self.declared.items()))


def _show(value) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "[" + ", ".join(str(v) for v in sorted(value, key=str)) + "]"
    return str(value)


# --- the features of a case, from the very arguments an operation gets ------------------------
# The guard calls these with the arguments of each call; the strategies with a drawn
# configuration, so both decide support by the same rules.

def _dtype(array) -> str:
    if isinstance(array, np.ndarray):
        return array.dtype.name
    return np.dtype(getattr(array, "dtype", np.float64)).name


def conv_features(*, dtype, ndim, stride, padding, dilation, groups, output_padding=()) -> dict:
    dilated, strided = any(d > 1 for d in dilation), any(s > 1 for s in stride)
    return dict(dtypes=str(dtype), ndims=int(ndim), groups=groups > 1,
                asymmetric_padding=any(lo != hi for lo, hi in padding), dilation=dilated,
                stride=strided, dilation_with_stride=dilated and strided,
                output_padding=any(p > 0 for p in output_padding))


def batch_norm_features(*, dtype, ndim, eps) -> dict:
    return dict(dtypes=str(dtype), eps_zero=eps == 0, spatial=ndim > 2)


def of_call(op: str, args: tuple, kwargs: Mapping) -> dict:
    """The features of one call of ``op`` (contract signatures, implementations/contract.py)."""
    if op in ("conv", "conv_transpose", "conv_backward"):
        first = args[0]
        return conv_features(dtype=_dtype(first), ndim=np.ndim(first) - 2, stride=kwargs["stride"],
                             padding=kwargs["padding"], dilation=kwargs["dilation"],
                             groups=kwargs["groups"], output_padding=kwargs.get("output_padding", ()))
    if op == "dropout":
        return dict(dtypes=_dtype(args[0]))
    if op in ("activation", "activation_derivative"):
        name = args[1] if len(args) > 1 else kwargs.get("name")
        return dict(dtypes=_dtype(args[0]), activations=name)
    if op in ("batch_norm", "batch_norm_backward"):
        return batch_norm_features(dtype=_dtype(args[0]), ndim=np.ndim(args[0]), eps=kwargs["eps"])
    if op in ("residual_layer", "residual_layer_backward"):
        return dict(dtypes=_dtype(args[0]), activations=kwargs["activation"])
    if op in ("mlp", "mlp_gradient"):
        return dict(outputs=kwargs.get("output", "identity"))
    if op == "count_parameters":
        return spec_features(args[0])
    return {}


def spec_features(spec) -> dict:
    """groups and ndims over every convolution of a layer spec (implementations/contract.py)."""
    from dnn_invariants.implementations import contract

    groups, ndims = False, set()
    stack = [spec]
    while stack:
        layer = stack.pop()
        if isinstance(layer, contract.Conv):
            groups |= layer.groups > 1
            ndims.add(len(layer.kernel))
        elif isinstance(layer, contract.Sequential):
            stack.extend(layer.layers)
        elif isinstance(layer, contract.Residual):
            stack.append(layer.body)
        elif isinstance(layer, contract.Parallel):
            stack.extend(layer.paths)
    return dict(groups=groups, ndims=tuple(sorted(ndims)))
