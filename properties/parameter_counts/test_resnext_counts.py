"""Seeds 003/004, problem 4: the ResNeXt block on 256 channels, dense, split into 32 paths, and grouped."""

from __future__ import annotations

import pytest

from reference import seed_architectures as arch


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
