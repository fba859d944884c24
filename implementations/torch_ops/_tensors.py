"""The NumPy boundary: arrays in as tensors of the same dtype, tensors out as arrays."""

from __future__ import annotations

import numpy as np
import torch

_DTYPES = {np.dtype(np.float64): torch.float64, np.dtype(np.float32): torch.float32}


def tensor(array, *, grad: bool = False) -> torch.Tensor:
    """A tensor sharing nothing with ``array`` (torch.from_numpy needs a writable, owned copy)."""
    array = np.array(array, copy=True, order="C")
    if array.dtype not in _DTYPES:
        raise NotImplementedError(f"dtype {array.dtype} (the torch adapter runs float64 and float32)")
    return torch.from_numpy(array).requires_grad_(grad)


def like(value: float, reference: torch.Tensor) -> torch.Tensor:
    """A one-element tensor holding ``value`` in the dtype of ``reference``."""
    return torch.tensor([value], dtype=reference.dtype)


def array(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy()
