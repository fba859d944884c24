"""Data for the HTML report's parameter-count plot: the seeds' printed counts against the counted ones.

Every printed total of reference/seed_architectures.py (seeds 000, 001, 003),
counted with the implementation's own layer objects, recorded with
``channel.observe`` for harness/html_report.py; for seed 001's printed layer
lines, also what the printed expression evaluates to. The test checks each
implementation count against the reference count.
"""

from __future__ import annotations

import pytest

from dnn_invariants.harness import channel
from dnn_invariants.reference import seed_architectures as arch
from dnn_invariants.reference.param_counts import count
from dnn_invariants.reference.seeds import seed000 as s0
from dnn_invariants.reference.seeds import seed001 as s1
from dnn_invariants.reference.seeds import seed003 as s3


def _items():
    """(seed, label, layer spec, printed count, printed expression if it evaluates to another number)."""
    parts = arch.bottleneck_parts_11_8()
    yield "000 11.6", "MLP 1-20(x10)-1", arch.mlp_11_6(), s0.PRINTED_11_6_TOTAL, None
    yield "000 11.6", "MLP with batch norm", arch.mlp_11_6(batch_norm=True), s0.PRINTED_11_6_BN_TOTAL, None
    yield "000 11.8", "plain block, 512 ch.", arch.plain_block_11_8(), s0.PRINTED_11_8_1["total"], None
    for i, (part, printed) in enumerate(zip(parts, s0.PRINTED_11_8_2), 1):
        yield "000 11.8", f"bottleneck part {i}", part, printed["total"], None
    yield "000 11.8", "bottleneck block", arch.bottleneck_block_11_8(), s0.PRINTED_11_8_2_TOTAL, None
    for (kind, bias), printed in sorted(s1.PRINTED_Q3_TOTALS.items()):
        block = (arch.standard_block_001 if kind == "standard" else arch.bottleneck_block_001)(bias)
        yield "001 Q3", f"{kind} block, {'bias' if bias else 'no bias'}", block, printed, None
    for (kind, bias, index), (expression, printed) in sorted(s1.PRINTED_Q3_LAYERS.items(), key=str):
        yield ("001 Q3", f"{kind}, {'bias' if bias else 'no bias'}, conv {index}",
               arch.layers_001(kind, bias)[index - 1], printed, expression if expression != printed else None)
    yield "003 P4", "ResNeXt dense", arch.resnext_dense_003(False), s3.PRINTED_P4_DENSE, None
    yield "003 P4", "ResNeXt split, 32 paths", arch.resnext_split_003(False), s3.PRINTED_P4_SPLIT, None


@pytest.mark.requires("count_parameters")
def test_printed_against_counted(impl):
    """The implementation counts what the reference counts; printed, counted, expressions go to the report."""
    rows, wrong = [], []
    for seed, label, spec, printed, expression in _items():
        counted, reference = impl.count_parameters(spec), count(spec)
        rows.append(dict(seed=seed, label=label, printed=printed, counted=counted, expression=expression))
        if counted != reference:
            wrong.append(f"{seed} {label}: implementation {counted}, reference {reference}")
    channel.observe("param_counts", rows=rows)
    assert not wrong, "; ".join(wrong)
