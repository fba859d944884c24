"""Walking the contract's layer specs, for the parameter-count mutants."""

from dnn_invariants.implementations.contract import Parallel, Residual, Sequential


def leaves(spec):
    """Every single layer (Linear, Conv, BatchNorm, ReLU) inside a spec."""
    if isinstance(spec, Sequential):
        return [leaf for layer in spec.layers for leaf in leaves(layer)]
    if isinstance(spec, Residual):
        return leaves(spec.body)
    if isinstance(spec, Parallel):
        return [leaf for path in spec.paths for leaf in leaves(path)]
    return [spec]
