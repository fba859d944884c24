"""The JAX implementation refuses exactly the convolutions XLA's compiler aborts on.

Each compilation runs in a child process: an abort is SIGABRT, not an exception. The cases are
the reproducer, cases next to it that differ in one parameter (so compile), and a grouped one.
bench/xla_conv_abort_probe.py runs the same comparison over the whole alphabet and random grids.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

from dnn_invariants.implementations import jax_ops
from dnn_invariants.implementations.jax_ops.xla_conv_abort import REASON, transpose_aborts
from dnn_invariants.strategies.conv import ConvConfig
from tests.run_corpus import ROOT

_COMPILE = """
import json, sys
import numpy as np, jax
jax.config.update("jax_enable_x64", True)
from dnn_invariants.implementations.jax_ops.convolution import _conv_vjp_jit, _static
c = json.loads(sys.argv[1])
x, w, dy = (np.ones(s) for s in (c["x"], c["w"], c["y"]))
stride, padding, dilation = _static(c["stride"], c["padding"], c["dilation"])
[np.asarray(a) for a in _conv_vjp_jit(x, w, dy, stride=stride, padding=padding, dilation=dilation,
                                      groups=c["groups"])]  # JAX's own input gradient, not refused
"""


def _config(n, kernel, stride, padding, groups=1, channels=1):
    return ConvConfig(1, channels, channels, groups, n, kernel, stride, padding, (1,) * len(n))


REPRODUCER = _config((4, 7), (2, 3), (2, 3), ((1, 1), (0, 0)))
ABORTING = [REPRODUCER,
            _config((4, 7), (2, 3), (2, 3), ((1, 1), (0, 0)), groups=3, channels=3),  # depthwise aborts too
            _config((1, 4), (2, 2), (2, 2), ((1, 0), (1, 2))),  # the group dimension second, with a remainder
            _config((4, 4, 3), (2, 3, 3), (2, 1, 1), ((1, 1), (0, 0), (0, 0)))]  # 3-D
COMPILING = [_config((4, 7), (1, 3), (2, 3), ((1, 1), (0, 0))),  # kernel 1 along H: no group dimension
             _config((4, 7), (2, 3), (1, 3), ((1, 1), (0, 0))),  # stride 1 along H
             _config((4, 7), (2, 3), (2, 3), ((0, 1), (0, 0))),  # padding low 0 along H
             _config((4, 9), (2, 3), (2, 1), ((1, 1), (0, 0))),  # W's output wider than its kernel: no swap
             _config((5,), (2,), (2,), ((1, 1),))]  # 1-D: nothing else to make the swap pay


def _predicted(c: ConvConfig) -> bool:
    return transpose_aborts(c.m, c.kernel, stride=c.stride, padding=c.padding, dilation=c.dilation,
                            output_padding=c.remainder)


def _compile(c: ConvConfig) -> subprocess.CompletedProcess:
    spec = json.dumps({"x": c.x_shape, "w": c.w_shape, "y": c.y_shape, **c.kwargs})
    env = dict(os.environ, JAX_ENABLE_COMPILATION_CACHE="0")  # a cached program would not compile
    return subprocess.run([sys.executable, "-c", _COMPILE, spec], cwd=ROOT, env=env, capture_output=True,
                          text=True, errors="replace", timeout=300)


@pytest.mark.parametrize("c", ABORTING, ids=str)
def test_a_predicted_abort_aborts_the_compiler_and_jax_refuses_it(c):
    assert _predicted(c)
    run = _compile(c)
    assert run.returncode == -signal.SIGABRT and "Window dimensions do not match" in run.stderr, (
        f"XLA compiled {c} (exit {run.returncode}): if this jaxlib fixed the bug, the refusal in "
        f"implementations/jax_ops/xla_conv_abort.py can be limited to the versions that have it\n"
        f"{run.stderr[-1500:]}")
    x, w, dy = (np.ones(s) for s in (c.x_shape, c.w_shape, c.y_shape))
    with pytest.raises(NotImplementedError, match="XLA's compiler aborts") as refused:
        jax_ops.conv_backward(x, w, dy, **c.kwargs)
    assert str(refused.value) == REASON
    with pytest.raises(NotImplementedError, match="XLA's compiler aborts"):
        jax_ops.conv_transpose(dy, w, **c.kwargs, output_padding=c.remainder)


@pytest.mark.parametrize("c", COMPILING, ids=str)
def test_a_case_next_to_it_compiles_and_is_not_refused(c):
    assert not _predicted(c)
    run = _compile(c)
    assert run.returncode == 0, f"XLA failed on {c}, which the refusal lets through:\n{run.stderr[-1500:]}"
