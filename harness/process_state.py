"""The process state the corpus's oracles rely on: set once, checked after every call, restored.

The implementation under test runs in the corpus's process, so it can change
settings the corpus's own JAX oracles and NumPy references depend on. The
corpus sets them here, before any property imports JAX:

* JAX: float64 on (exact identities are checked in double precision), the CPU
  platform, the persistent compilation cache with its thresholds at zero (its
  defaults skip programs compiling in under a second, which is every program
  here), and the defaults of every other setting that changes what a JAX
  oracle computes (matmul precision, jit on, no NaN checks, ...);
* NumPy: the default error state (warn on divide, overflow, invalid; ignore
  underflow) and print options (reprs in messages and reproducers);
* the floating-point environment: round to nearest, subnormals neither
  flushed to zero nor read as zero;
* the SIGALRM handler (the per-example time limit, harness/timeouts.py).

``snapshot()`` reads all of it; ``changes(expected)`` names what differs from
the state set up here; ``restore(expected)`` undoes it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
from pathlib import Path

import jax
import numpy as np


def _default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "dnn-invariants" / "jax")


# An empty value turns the cache off (the benchmark's cold runs).
JAX_CACHE_DIR = os.environ.get("DNN_INVARIANTS_JAX_CACHE", _default_cache_dir())

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")
if JAX_CACHE_DIR:
    jax.config.update("jax_compilation_cache_dir", JAX_CACHE_DIR)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)

# JAX settings that change what an oracle computes, or whether it runs at all.
JAX_SETTINGS = (
    "jax_enable_x64", "jax_platforms", "jax_default_matmul_precision", "jax_disable_jit",
    "jax_numpy_rank_promotion", "jax_numpy_dtype_promotion", "jax_debug_nans", "jax_debug_infs",
    "jax_default_prng_impl", "jax_enable_checks", "jax_compilation_cache_dir",
)

_NUMPY_ERRORS = dict(divide="warn", over="warn", invalid="warn", under="ignore")
np.seterr(**_NUMPY_ERRORS)

# --- the floating-point environment (C99 fenv, through libm) ------------------------------

_libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
_FE_TONEAREST = _libm.fegetround()  # the C library's value for round-to-nearest, read at start-up
_FE_DFL_ENV = ctypes.c_void_p(-1)  # glibc's ((const fenv_t *) -1): the default environment


def _subnormals() -> str:
    """'kept', or how the hardware treats them: results flushed to zero, or inputs read as zero."""
    tiny = np.float64(np.finfo(np.float64).tiny)
    if tiny * np.float64(0.5) == 0.0:
        return "flushed to zero"
    if np.float64(5e-324) * np.float64(2.0) == 0.0:
        return "read as zero"
    return "kept"


# Read as one tuple, fast: the guard reads it after every call of the implementation, and
# snapshot() names its parts only when a check needs them. Flags with a context manager are read
# as attributes (the value in effect here); the rest by read().
_ATTRIBUTES = tuple(name for name in JAX_SETTINGS if hasattr(jax.config, name))
_READ = tuple(name for name in JAX_SETTINGS if name not in _ATTRIBUTES)
_OTHERS = ("numpy error state", "numpy error callback", "numpy print options",
           "floating-point rounding mode", "subnormal numbers", "SIGALRM handler")


def fingerprint() -> tuple:
    """Every setting, in the order of _ATTRIBUTES, _READ, _OTHERS."""
    return (*(getattr(jax.config, name) for name in _ATTRIBUTES), *(jax.config.read(name) for name in _READ),
            np.geterr(), np.geterrcall(), np.get_printoptions(), _libm.fegetround(), _subnormals(),
            signal.getsignal(signal.SIGALRM))


def snapshot() -> dict:
    """Every setting above, by name."""
    return dict(zip(_ATTRIBUTES + _READ + _OTHERS, fingerprint()))


def changes(expected: dict) -> list[str]:
    """What differs from ``expected``, one line per setting: 'name: expected -> now'."""
    now = snapshot()
    return [f"{name}: {_show(name, expected[name])} -> {_show(name, now[name])}"
            for name in expected if now[name] != expected[name]]


def _show(name, value):
    if name == "floating-point rounding mode":
        return "to nearest" if value == _FE_TONEAREST else f"mode {value}"
    if name == "SIGALRM handler":
        return getattr(value, "__qualname__", repr(value))
    return repr(value)


def restore(expected: dict) -> None:
    """Put every setting back to ``expected``."""
    now = snapshot()
    for name in JAX_SETTINGS:
        if now[name] != expected[name]:
            jax.config.update(name, expected[name])
    if now["numpy error state"] != expected["numpy error state"]:
        np.seterr(**expected["numpy error state"])
    if now["numpy error callback"] is not expected["numpy error callback"]:
        np.seterrcall(expected["numpy error callback"])
    if now["numpy print options"] != expected["numpy print options"]:
        np.set_printoptions(**expected["numpy print options"])
    if (now["floating-point rounding mode"] != expected["floating-point rounding mode"]
            or now["subnormal numbers"] != expected["subnormal numbers"]):
        _libm.fesetenv(_FE_DFL_ENV)  # round to nearest, flush-to-zero and denormals-are-zero off
    if now["SIGALRM handler"] is not expected["SIGALRM handler"]:
        signal.signal(signal.SIGALRM, expected["SIGALRM handler"])
