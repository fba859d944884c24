"""The networks whose parameters the seeds count, as layer specs (implementations/contract.py).

Each function builds the architecture the seed's text describes (the truth the
counts are computed from); the printed numbers and expressions are transcribed
in reference/seeds/, and properties/parameter_counts/ compares the two.
"""

from __future__ import annotations

import math

from dnn_invariants.implementations.contract import (
    BatchNorm,
    Conv,
    Linear,
    Parallel,
    ReLU,
    Residual,
    Sequential,
)

# --- Seed 000, problem 11.6: one input, one output, ten hidden layers of twenty units ------------


def mlp_11_6(hidden_layers: int = 10, width: int = 20, batch_norm: bool = False) -> Sequential:
    """Linear -> [BatchNorm] -> ReLU for every hidden layer, then a linear output unit."""
    layers, n_in = [], 1
    for _ in range(hidden_layers):
        layers += [Linear(n_in, width)] + ([BatchNorm(width)] if batch_norm else []) + [ReLU()]
        n_in = width
    return Sequential(tuple(layers) + (Linear(n_in, 1),))


# --- Seed 000, problem 11.8: pre-activation blocks on 512 channels ------------------------------


def _bn_relu_conv(c_in, c_out, k):
    return Sequential((BatchNorm(c_in), ReLU(), Conv(c_in, c_out, (k, k))))


def plain_block_11_8() -> Residual:
    """BN -> ReLU -> 3x3 conv, 512 -> 512 channels."""
    return Residual(_bn_relu_conv(512, 512, 3))


def bottleneck_parts_11_8() -> tuple[Sequential, ...]:
    """BN-ReLU-1x1 conv 512 -> 128, BN-ReLU-3x3 conv 128 -> 128, BN-ReLU-1x1 conv 128 -> 512."""
    return (_bn_relu_conv(512, 128, 1), _bn_relu_conv(128, 128, 3), _bn_relu_conv(128, 512, 1))


def bottleneck_block_11_8() -> Residual:
    return Residual(Sequential(bottleneck_parts_11_8()))




# --- Seed 001, problem 3: 16x16 feature maps, batch 128 (the batch has no parameters) -----------


def standard_block_001(bias: bool) -> Residual:
    """Two 3x3 convs, 32 -> 32 channels, ReLU between."""
    return Residual(Sequential((Conv(32, 32, (3, 3), bias=bias), ReLU(), Conv(32, 32, (3, 3), bias=bias))))


def bottleneck_block_001(bias: bool) -> Residual:
    """1x1 conv 128 -> 32, 3x3 conv 32 -> 32, 1x1 conv 32 -> 128: the channels the seed's own totals use."""
    return Residual(Sequential((Conv(128, 32, (1, 1), bias=bias), ReLU(), Conv(32, 32, (3, 3), bias=bias),
                                ReLU(), Conv(32, 128, (1, 1), bias=bias))))


def layers_001(block: str, bias: bool) -> list[Conv]:
    body = (standard_block_001 if block == "standard" else bottleneck_block_001)(bias).body
    return [layer for layer in body.layers if isinstance(layer, Conv)]


# --- Seed 002, problem 2: a 16x16x64 block, two 3x3 convs, made 50-60 % smaller ------------------


def two_conv_block_002(bias: bool) -> Residual:
    conv = Conv(64, 64, (3, 3), bias=bias)
    return Residual(Sequential((conv, ReLU(), conv, ReLU())))


def bottleneck_002(k: int, bias: bool) -> Residual:
    """1x1 conv 64 -> k, 3x3 conv k -> k, 1x1 conv k -> 64."""
    return Residual(Sequential((Conv(64, k, (1, 1), bias=bias), ReLU(), Conv(k, k, (3, 3), bias=bias), ReLU(),
                                Conv(k, 64, (1, 1), bias=bias), ReLU())))


def bottleneck_quadratic_002(bias: bool) -> tuple[int, int, int]:
    """(a, b, c) with count(bottleneck_002(k)) = a k^2 + b k + c: 64k + 9k^2 + 64k, plus k + k + 64 biases."""
    return 9, 128 + 2 * bias, 64 * bias


def k_interval_002(bias: bool, low: float = 0.5, high: float = 0.6) -> tuple[float, float]:
    """The real k for which the bottleneck has between (1 - high) and (1 - low) of the plain block's count."""
    a, b, c = bottleneck_quadratic_002(bias)
    full = 2 * (9 * 64 + bias) * 64

    def root(target):
        return (-b + math.sqrt(b * b - 4 * a * (c - target))) / (2 * a)

    return root((1 - high) * full), root((1 - low) * full)




# --- Seeds 003/004, problem 4: the ResNeXt block on 256 channels ---------------------------------


def resnext_dense_003(bias: bool) -> Sequential:
    """The 'concatenated' network: 1x1 256 -> 128, 3x3 128 -> 128, 1x1 128 -> 256."""
    return Sequential((Conv(256, 128, (1, 1), bias=bias), ReLU(), Conv(128, 128, (3, 3), bias=bias), ReLU(),
                       Conv(128, 256, (1, 1), bias=bias)))


def resnext_path(c: int = 256, d: int = 4, bias: bool = False) -> Sequential:
    return Sequential((Conv(c, d, (1, 1), bias=bias), ReLU(), Conv(d, d, (3, 3), bias=bias), ReLU(),
                       Conv(d, c, (1, 1), bias=bias)))


def resnext_split_003(bias: bool, paths: int = 32) -> Parallel:
    """The 'splitted' network: 32 paths 1x1 256 -> 4, 3x3 4 -> 4, 1x1 4 -> 256, summed."""
    return Parallel(tuple(resnext_path(bias=bias) for _ in range(paths)))


def resnext_grouped(bias: bool, paths: int = 32, c: int = 256, d: int = 4) -> Sequential:
    """The same block with grouped convolution: 1x1 c -> P d, 3x3 grouped (P groups), 1x1 P d -> c."""
    return Sequential((Conv(c, paths * d, (1, 1), bias=bias), ReLU(),
                       Conv(paths * d, paths * d, (3, 3), groups=paths, bias=bias), ReLU(),
                       Conv(paths * d, c, (1, 1), bias=bias)))


