"""Seeds 003/004, problem 4: the ResNeXt block on 256 channels, dense, split into 32 paths, and grouped."""

from __future__ import annotations

import pytest

from dnn_invariants.properties.refutation import FOUND
from dnn_invariants.reference import seed_architectures as arch


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("003:P4a-dense", "003:P4a-split")
def test_printed_counts_are_bias_free(impl):
    """212,992 (dense) and 70,144 (32 paths) are the counts without biases, as the rule n*m*a*b says."""
    assert impl.count_parameters(arch.resnext_dense_003(False)) == arch.PRINTED_003_P4["dense"]
    assert impl.count_parameters(arch.resnext_split_003(False)) == arch.PRINTED_003_P4["split"]


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("004:P4a")
def test_counts_with_biases(impl):
    """With biases ((C_in k^2 + 1) C_out, seed 004 P4a) the counts are 213,504 and 78,592 (32 * 2,456)."""
    assert impl.count_parameters(arch.resnext_dense_003(True)) == 213504
    assert impl.count_parameters(arch.resnext_split_003(True)) == 78592 == 32 * impl.count_parameters(
        arch.resnext_path(bias=True))


@pytest.mark.requires("count_parameters")
def test_grouped_form_count(impl):
    """The grouped form (groups = 32) has the split form's 70,144 weights; with biases 70,656."""
    assert impl.count_parameters(arch.resnext_grouped(False)) == 70144
    assert impl.count_parameters(arch.resnext_grouped(True)) == 70656


@pytest.mark.requires("count_parameters")
@pytest.mark.claim("004:P4b-shared")
def test_seed004_module_parameter_count(impl):
    """Refutes seed 004 P4b's module as the 32-path block: it owns one path's 2,456 parameters, not 78,592.

    __init__ creates conv1 (256->4, 1x1), conv2 (4->4, 3x3) and conv3 (4->256, 1x1) once; forward
    calls the same three modules in each of its 32 iterations, so it returns 32 * path(x).
    """
    own = impl.count_parameters(arch.resnext_path(bias=True))
    intended = impl.count_parameters(arch.resnext_split_003(True))
    assert own == 2456 and intended == 78592 == 32 * own
    FOUND["004:P4b-shared"] = (f"the module registers conv1, conv2, conv3 once: {own} parameters, "
                               f"not the {intended} of 32 independent paths; forward returns 32 * path(x)")
