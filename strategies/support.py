"""Draw inside what the implementation declares it supports (implementations/support.py).

The plugin tells this module the implementation's declared support and, while
a property runs, the operations the property calls (its ``requires`` marker).
Strategies ask ``allows(**features)`` of a configuration before drawing it,
through filters on their ``sampled_from`` alphabets (which Hypothesis
evaluates without rejection sampling), so a framework that supports, say, only
float32 and groups = 1 gets every example inside its support. The guard
rejects any case outside it anyway (implementations/guard.py); this module
only keeps such rejections rare.
"""

from __future__ import annotations

from dnn_invariants.implementations.support import Support

_support = Support({})
_ops: tuple[str, ...] = ()


def set_implementation(support: Support) -> None:
    global _support
    _support = support


def set_required(ops) -> None:
    """The operations of the property about to run (empty between properties: everything allowed)."""
    global _ops
    _ops = tuple(ops)


def state() -> tuple:
    """What ``allows`` depends on (the declaration and the running property's operations): a cache key."""
    return id(_support), _ops


def allows(**features) -> bool:
    """Whether every operation the running property calls supports a case with these features."""
    return _support.allows(_ops, features) if _ops else True


def refusal(ops, features) -> str | None:
    for op in ops:
        if (reason := _support.refusal(op, features)) is not None:
            return reason
    return None
