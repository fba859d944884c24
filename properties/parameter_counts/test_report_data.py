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


def _items():
    parts = arch.bottleneck_parts_11_8()
    yield "000 11.6", "MLP 1-20(x10)-1", arch.mlp_11_6(), arch.PRINTED_11_6["total"], None
    yield ("000 11.6", "MLP with batch norm", arch.mlp_11_6(batch_norm=True), arch.PRINTED_11_6["bn_total"],
           None)
    yield "000 11.8", "plain block, 512 ch.", arch.plain_block_11_8(), arch.PRINTED_11_8["plain"], None
    for i, (part, printed) in enumerate(zip(parts, arch.PRINTED_11_8["parts"]), 1):
        yield "000 11.8", f"bottleneck part {i}", part, printed, None
    yield "000 11.8", "bottleneck block", arch.bottleneck_block_11_8(), arch.PRINTED_11_8["bottleneck"], None
    for (kind, bias), printed in sorted(arch.PRINTED_001_Q3.items()):
        block = (arch.standard_block_001 if kind == "standard" else arch.bottleneck_block_001)(bias)
        yield "001 Q3", f"{kind} block, {'bias' if bias else 'no bias'}", block, printed, None
    for line, (expression, printed) in sorted(arch.PRINTED_001_Q3_LAYERS.items(), key=str):
        kind, bias = line[0], line[1]
        index = line[2] - 1 if len(line) == 3 else 0
        yield ("001 Q3", f"{kind}, {'bias' if bias else 'no bias'}, conv {index + 1}",
               arch.layers_001(kind, bias)[index], printed, expression)
    yield "003 P4", "ResNeXt dense", arch.resnext_dense_003(False), arch.PRINTED_003_P4["dense"], None
    yield ("003 P4", "ResNeXt split, 32 paths", arch.resnext_split_003(False), arch.PRINTED_003_P4["split"],
           None)


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
