"""The NumPy boundary: arrays in as TensorFlow tensors of the same dtype, tensors out as arrays."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

_DTYPES = {np.dtype(np.float64): tf.float64, np.dtype(np.float32): tf.float32}


def tensor(array) -> tf.Tensor:
    """A tensor of ``array``'s dtype that shares no memory with it (TF may alias aligned NumPy buffers)."""
    array = np.array(array, copy=True, order="C")
    if array.dtype not in _DTYPES:
        raise NotImplementedError(f"dtype {array.dtype} (the TensorFlow adapter runs float64 and float32)")
    return tf.constant(array, dtype=_DTYPES[array.dtype])


def array(t) -> np.ndarray:
    """A NumPy copy of a tensor (or a Keras variable)."""
    return np.array(t.numpy() if hasattr(t, "numpy") else t, copy=True)
