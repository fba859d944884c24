"""A minimal stand-in for the parts of PyTorch's ``nn`` that seed 004's printed module uses, in NumPy.

Enough to execute the module's code as printed (misprints repaired) without
PyTorch: ``nn.Module`` registers parameters and submodules when they are
assigned, as ``torch.nn.Module`` does, so ``parameters()`` is the set of
distinct parameter arrays the module owns (a module used twice is counted
once); ``nn.Conv2d(c_in, c_out, k, padding=...)`` has PyTorch's weight
(c_out, c_in, k, k) and bias (c_out,) and computes with reference/conv.py;
``nn.functional.relu`` and ``torch.zeros`` do what their names say. Every
call of a Conv2d or of relu is appended to ``TRACE`` as ``(kind, id)``, so a
test can read off which convolution objects each iteration of a loop used
and where the ReLUs are.

Weights are small integers from a seeded generator, so every sum is exact in
float64 and two forms of the same computation must agree bit for bit.
"""

from __future__ import annotations

import types

import numpy as np

from dnn_invariants.reference import conv as ref

TRACE: list[tuple[str, int]] = []


class Parameter(np.ndarray):
    pass


def _parameter(rng, shape):
    return rng.integers(-2, 3, size=shape).astype(np.float64).view(Parameter)


class Module:
    _seed = 0

    def __init__(self):
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_parameters", {})

    def __setattr__(self, name, value):
        if isinstance(value, Module):
            self._modules[name] = value
        elif isinstance(value, Parameter):
            self._parameters[name] = value
        object.__setattr__(self, name, value)

    def parameters(self):
        """Every distinct parameter array, each once (as torch.nn.Module.parameters)."""
        seen, out = set(), []
        for p in self._all_parameters():
            if id(p) not in seen:
                seen.add(id(p))
                out.append(p)
        return out

    def _all_parameters(self):
        yield from self._parameters.values()
        for m in self._modules.values():
            yield from m._all_parameters()

    def __call__(self, *args):
        return self.forward(*args)


class ModuleList(Module):
    def __init__(self, modules):
        super().__init__()
        self._list = list(modules)
        for i, m in enumerate(self._list):
            self._modules[str(i)] = m

    def __getitem__(self, i):
        return self._list[i]


class Conv2d(Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        rng = np.random.default_rng(Module._seed)
        Module._seed += 1
        self.padding = padding
        self.stride = stride
        self.weight = _parameter(rng, (out_channels, in_channels, kernel_size, kernel_size))
        self.bias = _parameter(rng, (out_channels,)) if bias else None

    def forward(self, x):
        TRACE.append(("conv", id(self)))
        p = self.padding
        y = ref.conv(np.asarray(x), np.asarray(self.weight), (self.stride,) * 2, ((p, p), (p, p)), (1, 1), 1)
        return y + (np.asarray(self.bias)[None, :, None, None] if self.bias is not None else 0.0)


def _relu(x):
    TRACE.append(("relu", 0))
    return np.maximum(x, 0.0)


nn = types.SimpleNamespace(Module=Module, ModuleList=ModuleList, Conv2d=Conv2d,
                           functional=types.SimpleNamespace(relu=_relu))
torch = types.SimpleNamespace(zeros=lambda shape: np.zeros(shape))


def build(code: str, class_name: str, seed: int = 0):
    """Execute ``code`` with this ``nn`` and ``torch`` and instantiate ``class_name`` (weights from
    ``seed``)."""
    Module._seed = seed
    namespace = {"nn": nn, "torch": torch}
    exec(compile(code, f"<{class_name}>", "exec"), namespace)  # the seed's code, repaired: no I/O
    return namespace[class_name]()


def count(module: Module) -> int:
    return sum(int(p.size) for p in module.parameters())


def traced(module: Module, x) -> tuple[np.ndarray, list[tuple[str, int]]]:
    """module(x) and the trace of Conv2d and relu calls it made."""
    TRACE.clear()
    y = module(x)
    trace = list(TRACE)
    TRACE.clear()
    return y, trace


def iterations(trace, convs_per_iteration: int):
    """The trace cut into loop iterations of ``convs_per_iteration`` convolutions each; events after an
    iteration's last convolution and before the next one's first stay with it (the last iteration keeps
    whatever follows the loop)."""
    starts = [i for i, (kind, _) in enumerate(trace) if kind == "conv"][::convs_per_iteration]
    return [trace[a:b] for a, b in zip(starts, starts[1:] + [len(trace)])]
