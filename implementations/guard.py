"""Every call into the implementation under test, guarded: the implementation is untrusted input.

``Loaded.<op>(...)`` (implementations/loading.py) comes here. For each call:

1. the case's features are checked against the declared support
   (implementations/support.py): outside it, the example is rejected
   (``Rejected``, a Hypothesis ``UnsatisfiedAssumption``) and Hypothesis draws
   another;
2. the implementation gets copies of the arrays: the corpus keeps its own, so
   every reference is computed from values the implementation never saw;
3. ``NotImplementedError`` rejects the example if the operation declares no
   support, and is a failure if the case is declared supported;
4. afterwards, the copies must be unchanged (a write to an argument is a
   failure naming the operation and the argument), the process state the
   oracles rely on must be as the corpus set it (a change is a failure naming
   the setting, undone at once: harness/process_state.py), and the result must
   be what the contract returns (framework tensors are converted; anything
   else is a failure naming the contract);
5. the same operation called on the same inputs again (Hypothesis replays an
   example while shrinking) must return the same result: a different one is a
   failure saying the implementation is not deterministic, with both results.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict, defaultdict

import numpy as np
from hypothesis.errors import UnsatisfiedAssumption

from dnn_invariants.harness import process_state
from dnn_invariants.implementations import support as support_

# What each operation returns: one array, a tuple of arrays, a list of arrays, or an int.
RETURNS = {
    "conv": "array", "conv_transpose": "array", "conv_backward": ("array", "array"),
    "dropout": "array", "activation": "array", "activation_derivative": "array",
    "batch_norm": ("array", "array", "array"), "batch_norm_backward": ("array", "array", "array"),
    "residual_layer": "array", "residual_layer_backward": ("array", "array", "array"),
    "linear_init": ("array", "array"), "count_parameters": "int", "mlp": "array", "mlp_gradient": "arrays",
}
# Operations whose array results have the dtype of their first argument (contract: dtype in = dtype out).
SAME_DTYPE = {"conv", "conv_transpose", "conv_backward", "dropout", "activation", "activation_derivative",
              "batch_norm", "batch_norm_backward", "residual_layer", "residual_layer_backward"}
PARAMETERS = {  # argument names, for messages
    "conv": ("x", "w"), "conv_transpose": ("y", "w"), "conv_backward": ("x", "w", "dy"),
    "dropout": ("x",), "activation": ("x", "name"), "activation_derivative": ("x", "name"),
    "batch_norm": ("x", "gamma", "beta"), "batch_norm_backward": ("x", "gamma", "beta", "dy"),
    "residual_layer": ("y", "A", "b"), "residual_layer_backward": ("y", "A", "b", "dz"),
    "linear_init": ("n_in", "n_out"), "count_parameters": ("spec",), "mlp": ("x", "weights"),
    "mlp_gradient": ("x", "y", "weights"),
}


class Rejected(UnsatisfiedAssumption):
    """A case outside the implementation's support: Hypothesis rejects the example and draws another."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ContractViolation(AssertionError):
    """The implementation broke the contract: wrote to an argument, changed process state, returned junk."""


# --- per-test bookkeeping, read by the report (harness/report.py) ------------------------------

class Tally:
    """Examples run and rejected for the test running now; the report moves it to the test's record."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.examples = 0  # valid examples: the property's body ran to the end or failed
        self.calls = 0  # calls the implementation answered (inside its support)
        self.rejected: dict[str, int] = defaultdict(int)  # reason -> examples rejected for it
        self.memo: OrderedDict = OrderedDict()  # (op, input digest) -> (output digest, output)
        self.violations: list[str] = []  # state changes found after a call, already undone

    def as_record(self) -> dict:
        return dict(examples=self.examples, rejected=dict(self.rejected))


TALLY = Tally()
EXPECTED_STATE: dict = {}  # the process state as the corpus set it up, taken when the implementation loads
# For the benchmark only (bench/run.py): call the implementation bare, to measure what the guards cost.
UNGUARDED = os.environ.get("DNN_INVARIANTS_UNGUARDED") == "1"
_MEMO_SIZE = 512
_KEEP_ENTRIES = 10_000  # results up to this size are kept whole, to show where two results differ


_EXPECTED_FINGERPRINT: list = [None]  # process_state.fingerprint() of EXPECTED_STATE


def expect_current_state() -> None:
    EXPECTED_STATE.clear()
    EXPECTED_STATE.update(process_state.snapshot())
    _EXPECTED_FINGERPRINT[0] = process_state.fingerprint()


def check_state(when: str) -> None:
    """Fail (and undo) if the process state differs from the corpus's."""
    __tracebackhide__ = True
    if not EXPECTED_STATE:
        return
    try:
        if process_state.fingerprint() == _EXPECTED_FINGERPRINT[0]:
            return
    except Exception:  # noqa: BLE001 (a setting that cannot even be read: the detailed check names it)
        pass
    changed = process_state.changes(EXPECTED_STATE)
    if changed:
        process_state.restore(EXPECTED_STATE)
        raise ContractViolation(f"{when} changed the process state the corpus's oracles rely on: "
                                + "; ".join(changed) + " (restored)")


# --- copies, comparisons, digests ----------------------------------------------------------------

def _immutable(value) -> bool:
    """A tuple with no array inside (hashable all the way down): nothing in it can be written to.
    Most arguments besides the arrays are such tuples (stride, padding, ...); not walking them item
    by item keeps the guards cheap."""
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list) or (isinstance(value, tuple) and not _immutable(value)):
        return type(value)(_copy(v) for v in value)
    return value


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Same shape, dtype and bytes (a write of -0.0 over 0.0, or of another NaN, is a write)."""
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.nbytes < _BYTES_COMPARED_AS_BYTES:
        return a.tobytes() == b.tobytes()
    return np.array_equal(np.ascontiguousarray(a).view(np.uint8), np.ascontiguousarray(b).view(np.uint8))


_BYTES_COMPARED_AS_BYTES = 1 << 16  # below, two bytes copies and a memcmp are the fastest comparison


def _changed(mine, theirs) -> str | None:
    """How the implementation's copy differs from the corpus's, or None."""
    if isinstance(mine, np.ndarray):
        if not isinstance(theirs, np.ndarray) or theirs.shape != mine.shape or theirs.dtype != mine.dtype:
            return "replaced or reshaped"
        if _same_bits(mine, theirs):
            return None
        differ = ~((theirs == mine) | (np.isnan(theirs) & np.isnan(mine))) if mine.dtype.kind == "f" \
            else theirs != mine
        if differ.any():
            where = tuple(int(i) for i in np.argwhere(differ)[0])
            return (f"{int(differ.sum())} of {mine.size} entries changed; first at index {where}: "
                    f"{_plain(mine[where])} became {_plain(theirs[where])}")
        return "entries changed their bit patterns (the sign of a zero, or a NaN's payload)"
    if isinstance(mine, tuple) and _immutable(mine):
        return None  # the implementation got this very tuple: it cannot have changed
    if isinstance(mine, (list, tuple)):
        if not isinstance(theirs, (list, tuple)) or len(theirs) != len(mine):
            return "replaced or resized"
        for i, (m, t) in enumerate(zip(mine, theirs)):
            if (why := _changed(m, t)) is not None:
                return f"item {i}: {why}"
    return None


def _plain(value) -> str:
    return repr(value.item()) if isinstance(value, np.generic) else repr(value)


def _digest(value, h) -> None:
    if isinstance(value, np.ndarray):
        h.update(str((value.dtype.str, value.shape)).encode())
        data = np.ascontiguousarray(value).view(np.uint8).ravel()  # the buffer itself, no bytes copy
        h.update(_sketch(data) if data.size >= _SKETCH_BYTES else data)
    elif isinstance(value, tuple) and _immutable(value):
        h.update(repr(value).encode())
    elif isinstance(value, (list, tuple)):
        h.update(b"(")
        for v in value:
            _digest(v, h)
        h.update(b")")
    elif isinstance(value, dict):
        for k in sorted(value):
            h.update(repr(k).encode())
            _digest(value[k], h)
    else:
        h.update(repr(value).encode())


# Large arrays (linear_init returns megabytes) are hashed through a sketch, six times faster than
# SHA-1 here: per chunk of 2^15 64-bit words, the sum of word times a fixed odd random multiplier,
# mod 2^64. Two chunks that differ in one word always differ in their sum (an odd multiplier times
# a nonzero difference is nonzero mod 2^64); the chunk sums, in order, and the tail go to SHA-1.
_SKETCH_BYTES = 1 << 18
_MULTIPLIERS = np.random.default_rng(20261201).integers(0, 2**62, size=1 << 15, dtype=np.uint64) \
    * np.uint64(2) + np.uint64(1)


def _sketch(data: np.ndarray) -> bytes:
    words = data[: data.size // 8 * 8].view(np.uint64)
    whole = words.size // _MULTIPLIERS.size * _MULTIPLIERS.size
    sums = (words[:whole].reshape(-1, _MULTIPLIERS.size) * _MULTIPLIERS).sum(axis=1, dtype=np.uint64)
    return sums.tobytes() + words[whole:].tobytes() + data[words.size * 8:].tobytes()


def digest(*values) -> bytes:
    # SHA-1 for speed (about 2 GB/s here, blake2b half that; linear_init's results are megabytes): the
    # digest tells one call's result from another's, it is no security boundary.
    h = hashlib.sha1(usedforsecurity=False)
    for v in values:
        _digest(v, h)
    return h.digest()


# --- results ---------------------------------------------------------------------------------

def _array(op: str, value, what: str):
    __tracebackhide__ = True
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, np.generic):
        return np.asarray(value)
    # A framework's tensor (torch, TensorFlow, MLX, JAX, ...) converts unambiguously: it knows its dtype.
    if hasattr(value, "__array__") or hasattr(value, "__dlpack__"):
        try:
            return np.asarray(value)
        except Exception as error:  # noqa: BLE001 (any failure to convert is the contract's business)
            raise ContractViolation(f"{op} returned {type(value).__name__} as {what}, which NumPy cannot "
                                    f"convert ({error}); the contract asks for a NumPy array") from None
    raise ContractViolation(f"{op} returned {type(value).__name__} as {what}; "
                            "the contract asks for a NumPy array (implementations/contract.py)")


def convert(op: str, result, first_argument):
    """The result as the contract describes it, or a ContractViolation naming what is wrong."""
    __tracebackhide__ = True
    shape = RETURNS[op]
    if shape == "array":
        out = _array(op, result, "its result")
    elif shape == "int":
        if isinstance(result, (bool, np.bool_)) or not isinstance(result, (int, np.integer)):
            raise ContractViolation(f"{op} returned {type(result).__name__} {result!r}; "
                                    "the contract asks for an int")
        return int(result)
    elif shape == "arrays":
        if not isinstance(result, (list, tuple)):
            raise ContractViolation(f"{op} returned {type(result).__name__}; the contract asks for a list "
                                    "of NumPy arrays")
        out = [_array(op, r, f"item {i}") for i, r in enumerate(result)]
    else:
        if not isinstance(result, (list, tuple)) or len(result) != len(shape):
            got = f"{len(result)} values" if isinstance(result, (list, tuple)) else type(result).__name__
            raise ContractViolation(f"{op} returned {got}; the contract asks for a tuple of "
                                    f"{len(shape)} NumPy arrays")
        out = tuple(_array(op, r, f"item {i}") for i, r in enumerate(result))
    if op in SAME_DTYPE:
        want = np.asarray(first_argument).dtype
        for i, a in enumerate(out if isinstance(out, (list, tuple)) else (out,)):
            if a.dtype != want:
                where = "" if not isinstance(out, (list, tuple)) else f" (item {i})"
                raise ContractViolation(f"{op} returned {a.dtype}{where} for {want} inputs; "
                                        "the contract asks for the dtype it was given")
    return out


# --- the call ----------------------------------------------------------------------------------

def call(op: str, function, support: support_.Support, label: str, args: tuple, kwargs: dict):
    __tracebackhide__ = True  # a failure's traceback shows the property and the implementation, not this
    if UNGUARDED:
        result = function(*args, **kwargs)
        return tuple(map(np.asarray, result)) if isinstance(result, tuple) else (
            [np.asarray(r) for r in result] if isinstance(result, list) else
            (result if isinstance(result, int) else np.asarray(result)))
    features = None  # computed when a declaration needs them (an empty one refuses nothing), or a message
    if support.declared:
        features = support_.of_call(op, args, kwargs)
        reason = support.refusal(op, features)
        if reason is not None:
            TALLY.rejected[reason] += 1
            raise Rejected(f"implementation {label!r}: {reason}")
    theirs_args, theirs_kwargs = _copy(args), {k: _copy(v) for k, v in kwargs.items()}
    try:
        result = function(*theirs_args, **theirs_kwargs)
    except NotImplementedError as error:
        check_state(f"{op} (which raised NotImplementedError)")
        if features is None:
            features = support_.of_call(op, args, kwargs)
        detail = f": {error}" if str(error) else ""
        if support.declares(op):
            raise ContractViolation(
                f"{op} raised NotImplementedError{detail}, for a case its SUPPORTS declaration covers "
                f"({_features_text(features)}); declare the limit instead") from None
        reason = f"{op} raised NotImplementedError{detail}"
        TALLY.rejected[reason] += 1
        raise Rejected(f"implementation {label!r} refused {op} ({_features_text(features)}){detail}") \
            from None
    check_state(op)
    names = PARAMETERS[op]
    for i, (mine, theirs) in enumerate(zip(args, theirs_args)):
        if (why := _changed(mine, theirs)) is not None:
            raise ContractViolation(f"{op} wrote to its argument {names[i] if i < len(names) else i}: {why}")
    for key, mine in kwargs.items():
        if (why := _changed(mine, theirs_kwargs[key])) is not None:
            raise ContractViolation(f"{op} wrote to its argument {key}: {why}")
    out = convert(op, result, args[0] if args else None)
    _check_deterministic(op, args, kwargs, out)
    TALLY.calls += 1
    return out


def _features_text(features) -> str:
    return ", ".join(f"{k}={v}" for k, v in features.items())


def _check_deterministic(op, args, kwargs, out) -> None:
    __tracebackhide__ = True
    key = (op, digest(args, kwargs))
    seen = TALLY.memo.get(key)
    if seen is None:
        # A result up to _KEEP_ENTRIES is kept whole and compared bit for bit; a larger one by digest.
        small = _entries(out) <= _KEEP_ENTRIES
        TALLY.memo[key] = (None, _copy(out)) if small else (digest(out), _summary(out))
        if len(TALLY.memo) > _MEMO_SIZE:
            TALLY.memo.popitem(last=False)
        return
    TALLY.memo.move_to_end(key)
    if not (_same_result(seen[1], out) if seen[0] is None else seen[0] == digest(out)):
        first = seen[1]
        where = _changed(first, out) if not isinstance(first, str) else None
        raise ContractViolation(
            f"{op} is not deterministic: called twice with the same arguments (same seed, same arrays), "
            f"it returned different results{f' ({where})' if where else ''}. "
            f"First: {first if isinstance(first, str) else _summary(first)}; now: {_summary(out)}")


def _same_result(first, now) -> bool:
    if isinstance(first, np.ndarray):
        return isinstance(now, np.ndarray) and _same_bits(first, now)
    if isinstance(first, (list, tuple)):
        return isinstance(now, (list, tuple)) and len(first) == len(now) and \
            all(_same_result(a, b) for a, b in zip(first, now))
    return type(first) is type(now) and first == now


def _entries(value) -> int:
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, (list, tuple)):
        return sum(_entries(v) for v in value)
    return 1


def _summary(value) -> str:
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_summary(v) for v in value) + ")"
    if isinstance(value, np.ndarray):
        flat = value.ravel()
        head = ", ".join(f"{v:.17g}" if value.dtype.kind == "f" else str(v) for v in flat[:6])
        return f"array of shape {value.shape} [{head}{', ...' if flat.size > 6 else ''}]"
    return repr(value)
