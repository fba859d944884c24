"""The implementation contract: what an implementation under test may provide, and every convention.

An implementation is a Python module. It provides any subset of the operations
below as module-level functions with these names and signatures; a property
that needs an operation the module lacks is skipped, and the skip names the
operation. Every convention a property relies on is stated here; a result
that depends on a parameter is always passed that parameter explicitly.

Conventions, for every operation:

* Arrays cross the boundary as NumPy arrays, in and out (a framework's tensor
  returned instead is converted; a list or anything else is a failure). An
  operation returns the dtype it was given (float64 in, float64 out; float32
  in, float32 out); ``linear_init`` returns float64.
* The implementation receives copies and must not write to its arguments: the
  corpus keeps its own arrays, computes every reference from them, and fails
  an operation that modified what it was given (naming the argument).
* It must not change process state (JAX flags, NumPy's error state and print
  options, the floating-point environment, the SIGALRM handler): a change is a
  failure naming the setting, and is undone (harness/process_state.py).
* Every operation is a deterministic function of its arguments: called twice
  with the same arguments (the same seed included) it returns the same result.
* Layout is channels-first: inputs ``(N, C, *spatial)``, convolution kernels
  ``(C_out, C_in // groups, *K)``. One, two and three spatial dimensions.
* ``stride`` and ``dilation`` are tuples with one int per spatial dimension;
  ``padding`` is a tuple of ``(low, high)`` pairs, one per spatial dimension
  (asymmetric allowed); ``output_padding`` is a tuple of ints, one per spatial
  dimension.
* Convolution is cross-correlation, as in every deep-learning library:
  ``y[n, o, i] = sum_{c, k} w[o, c, k] * x_padded[n, g(o)*C_in/groups + c, s*i + d*k]``.
* Activations get every parameter they take (``negative_slope``, ``weight``,
  ``alpha``) in every call, in ``activation``, ``activation_derivative``,
  ``residual_layer`` and ``residual_layer_backward`` alike: no default of any
  framework is assumed.
* At a kink (ReLU at 0, hardtanh at ±1, ...) any derivative between the two
  one-sided derivatives (a Clarke subgradient) is right.

Cases an implementation does not support:

* ``SUPPORTS`` (optional) declares, as data, what each operation supports:
  dtypes, spatial ranks, groups, asymmetric padding, dilation, dilation with
  stride, eps = 0, activations, ... (implementations/support.py lists every
  feature). The corpus draws inside the declaration; a case outside it is
  never passed to the implementation. A declared-supported case that raises
  is a failure.
* For an operation without a declaration, ``NotImplementedError`` rejects that
  example only (Hypothesis draws another); the end-of-run report counts the
  rejections per property. A property whose every case is refused is skipped,
  with the reason.
* Any other exception is a failure, reported with the shrunk counterexample.

Declarations a module may set besides ``SUPPORTS``: ``NAME`` (a short human
name) and ``FRAMEWORK`` (the importable package whose version the report
header prints, e.g. ``"torch"``); ``LINEAR_INIT``, the law of ``linear_init``'s
draws (implementations/init_law.py): required for the initialisation
properties, which test the draws against it.

This file is documentation and a checkable Protocol; nothing needs to inherit
from it. ``OPERATIONS`` lists every operation name the corpus knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

Array = np.ndarray
Ints = tuple[int, ...]
Pads = tuple[tuple[int, int], ...]


# --- Layer specifications, for parameter counting ----------------------------
# The corpus describes a layer with one of these; the implementation builds its
# own layer object from it (an nn.Module, an Equinox module, ...) and counts the
# parameters of that object. The closed forms live in reference/param_counts.py.


@dataclass(frozen=True)
class Linear:
    n_in: int
    n_out: int
    bias: bool = True


@dataclass(frozen=True)
class Conv:
    c_in: int
    c_out: int
    kernel: Ints  # one size per spatial dimension
    groups: int = 1
    bias: bool = True


@dataclass(frozen=True)
class BatchNorm:
    channels: int  # learnable gamma and beta only; running statistics are buffers


@dataclass(frozen=True)
class ReLU:
    pass


@dataclass(frozen=True)
class Sequential:
    layers: tuple  # of layer specs


@dataclass(frozen=True)
class Residual:
    """y = body(x) + x; the skip connection has no parameters."""

    body: Sequential


@dataclass(frozen=True)
class Parallel:
    """y = sum of the paths (a ResNeXt block in its split form)."""

    paths: tuple  # of layer specs


LayerSpec = Linear | Conv | BatchNorm | ReLU | Sequential | Residual | Parallel


class Implementation(Protocol):
    """Every operation an implementation may provide. All are optional."""

    # --- Convolution (issue: foundation) ---------------------------------------

    def conv(self, x: Array, w: Array, *, stride: Ints, padding: Pads,
             dilation: Ints, groups: int) -> Array:
        """Cross-correlation of ``x (N, C_in, *n)`` with ``w (C_out, C_in/groups, *K)``.

        Output size per dimension: ``floor((n + lo + hi - d*(K-1) - 1) / s) + 1``.
        """

    def conv_transpose(self, y: Array, w: Array, *, stride: Ints, padding: Pads,
                       dilation: Ints, groups: int, output_padding: Ints) -> Array:
        """The adjoint of ``conv`` with the same ``w``, stride, padding, dilation, groups.

        ``y`` has the shape of a conv output ``(N, C_out, *m)``; the result has
        ``(N, C_in, *n)`` with ``n = (m-1)*s - lo - hi + d*(K-1) + 1 + output_padding``.
        ``output_padding`` (0 <= op < s) restores the stride remainder that the
        forward conv dropped. For every x of that shape,
        ``<conv(x, w), y> == <x, conv_transpose(y, w)>``.
        """

    def conv_backward(self, x: Array, w: Array, dy: Array, *, stride: Ints,
                      padding: Pads, dilation: Ints, groups: int) -> tuple[Array, Array]:
        """The implementation's own backward of ``conv``: ``(dL/dx, dL/dw)`` for ``dL/dy = dy``.

        Autodiff for frameworks that have it; hand-written code otherwise.
        """

    # --- Dropout and activations (issue: invariants I) -------------------------

    def dropout(self, x: Array, p: float, *, seed: int, training: bool = True) -> Array:
        """Inverted dropout: each entry is zeroed with probability ``p``, kept ones scaled by 1/(1-p).

        The same ``seed``, shape and dtype give the same mask, whatever the values
        of ``x``, so one mask can be applied to two inputs of one dtype (nothing
        is assumed across dtypes or shapes). ``seed`` is an int in [0, 2**32).
        ``training=False`` is the identity. ``0 <= p < 1``; ``p`` close to 1 must
        not give NaN or inf where x/(1-p) is finite.
        """

    def activation(self, x: Array, name: str, **params: float) -> Array:
        """Apply the activation ``name`` elementwise, with the parameters given.

        Names: relu, leaky_relu (param ``negative_slope``), prelu (param
        ``weight``, the slope for negative inputs), identity, abs, sigmoid,
        tanh, elu (param ``alpha``), gelu (exact, erf form), softplus
        (log(1 + e^x)), hardtanh (clip to [-1, 1]), relu6 (clip to [0, 6]).
        Parameters are always passed. Declare the names you support in
        ``SUPPORTS`` (or raise NotImplementedError for others).
        """

    def activation_derivative(self, x: Array, name: str, **params: float) -> Array:
        """The elementwise derivative of ``activation`` at ``x``, by the implementation's autodiff."""

    # --- Batch normalisation ---------------------------------------------------

    def batch_norm(self, x: Array, gamma: Array, beta: Array, *,
                   eps: float) -> tuple[Array, Array, Array]:
        """Training-mode batch norm of ``x (N, C, *spatial)``: returns ``(y, mean, var)``.

        Statistics are per channel over the batch and spatial axes; ``var`` is
        the biased variance (divide by the number of reduced entries);
        ``mean`` and ``var`` have shape ``(C,)``.
        ``y = gamma * (x - mean) / sqrt(var + eps) + beta``.
        """

    def batch_norm_backward(self, x: Array, gamma: Array, beta: Array, dy: Array, *,
                            eps: float) -> tuple[Array, Array, Array]:
        """The backward of training-mode batch norm: ``(dL/dx, dL/dgamma, dL/dbeta)``."""

    # --- Residual layer --------------------------------------------------------

    def residual_layer(self, y: Array, A: Array, b: Array, *, activation: str, **params: float) -> Array:
        """``activation(y @ A.T + b) + y`` for a batch ``y (N, m)``, ``A (m, m)``, ``b (m,)``.

        ``params`` are the activation's parameters, as in ``activation`` (always passed).
        """

    def residual_layer_backward(self, y: Array, A: Array, b: Array, dz: Array, *,
                                activation: str, **params: float) -> tuple[Array, Array, Array]:
        """The backward of ``residual_layer``: ``(dL/dy, dL/dA, dL/db)`` for ``dL/dz = dz``."""

    # --- Initialisation, parameter counts, MLPs (issue: invariants II) ---------

    def linear_init(self, n_in: int, n_out: int, *, seed: int,
                    count: int) -> tuple[Array, Array]:
        """``count`` independent default initialisations of the framework's own linear layer.

        Returns ``W (count, n_out, n_in)`` and ``b (count, n_out)``, float64 (the values
        may be float32 numbers, if the framework draws in float32). The same seed gives
        the same draws. Declare the law in ``LINEAR_INIT`` (implementations/init_law.py).
        """

    def count_parameters(self, spec: LayerSpec) -> int:
        """Build the framework's own layer object for ``spec`` and count its trainable parameters.

        Trainable means learned by gradient descent: a batch norm's gamma and beta count,
        its running mean and variance (buffers) do not. A ``Parallel`` spec is a sum of
        independent paths, each with parameters of its own. Returns an int.
        """

    def mlp(self, x: Array, weights: Sequence[Array], *, output: str = "identity") -> Array:
        """A fully connected net in the convention of Learning From Data.

        ``x (N, d0)``; ``weights[l]`` has shape ``(d_l + 1, d_{l+1})``, its row 0
        the bias: ``s = W.T @ [1; x]``. Hidden units are tanh; the output unit
        is ``output`` ("identity" or "tanh"). Returns ``(N, d_L)``.
        """

    def mlp_gradient(self, x: Array, y: Array, weights: Sequence[Array], *,
                     output: str = "identity") -> list[Array]:
        """Gradient of ``mean_n ||mlp(x_n) - y_n||^2`` with respect to each weight matrix."""


OPERATIONS: tuple[str, ...] = tuple(
    name for name in Implementation.__dict__
    if not name.startswith("_") and callable(Implementation.__dict__[name])
)
