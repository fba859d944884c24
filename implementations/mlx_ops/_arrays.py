"""The NumPy boundary: arrays in as MLX arrays of the same dtype, MLX arrays out as NumPy arrays.

``mx.array(a)`` of a float64 NumPy array gives a float32 MLX array unless the
dtype is given, so it always is. MLX evaluates lazily: ``array`` evaluates,
and an MLX refusal of a case raised at that point (``ValueError`` from its
C++ ``std::invalid_argument``) is turned into ``NotImplementedError`` when it
is one of the refusals listed in ``REFUSALS``, quoting MLX.
"""

from __future__ import annotations

import contextlib

import mlx.core as mx
import numpy as np

_DTYPES = {np.dtype(np.float64): mx.float64, np.dtype(np.float32): mx.float32}

# MLX's own messages for cases it does not implement on the CPU (mlx/backend/cpu/conv.cpp, mlx/ops.cpp,
# mlx/nn/layers/normalization.py).
REFUSALS = (
    "[Convolution::eval] got unsupported data type",  # float64 through MLX's slow (dilated) conv paths
    "Can only handle groups != 1 in 1D or 2D convolutions",
    "BatchNorm training requires more than one value per channel",
    "[BatchNorm] 'eps' must be positive",
)


def tensor(a) -> mx.array:
    a = np.array(a, copy=True, order="C")
    if a.dtype not in _DTYPES:
        raise NotImplementedError(f"dtype {a.dtype} (the MLX adapter runs float64 and float32)")
    return mx.array(a, dtype=_DTYPES[a.dtype])


@contextlib.contextmanager
def refusals():
    """MLX's refusals of a case (listed above) as NotImplementedError; any other error as it is."""
    try:
        yield
    except NotImplementedError:
        raise
    except (ValueError, RuntimeError) as error:
        if any(r in str(error) for r in REFUSALS):
            raise NotImplementedError(f"MLX refuses this case: {error}") from None
        raise


def array(a: mx.array) -> np.ndarray:
    with refusals():
        mx.eval(a)
        return np.array(a, copy=True)
