"""The HTML report: built from real runs, read in headless Chromium, and its builder's edge cases.

The browser test opens the report that ``$DNN_INVARIANTS_HTML_REPORT`` names (``tox -e report``
builds reports/html first, from runs of the corpus against jax and numpy) or, without it, one this
module builds in a temporary folder from runs of the report-data tests. It fails on a console
error, on any network request, on a ledger claim without a visible card and on a plot without a
visible SVG, and saves ``screenshot.png`` (the top of the page), ``screenshot-pictures.png`` and
``screenshot-run.png`` beside the report. Without Chromium or Playwright it skips, unless
``$DNN_INVARIANTS_REQUIRE_BROWSER`` is set (as in tox), when it fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("latex2mathml")

from dnn_invariants.harness import html_report, ledger  # noqa: E402
from dnn_invariants.harness.plots import PLOTS  # noqa: E402
from dnn_invariants.harness.run_record import SCHEMA  # noqa: E402
from tests import browser_check  # noqa: E402
from tests.run_corpus import run_corpus  # noqa: E402

REPORT_DATA = [f"properties/{family}/test_report_data.py"
               for family in ("initialisation", "batch_norm", "dropout", "residual", "parameter_counts")]
# A refutation whose counterexample the page must show.
REFUTING = "properties/parameter_counts/test_seed000_counts.py::test_11_6_printed_batch_norm_count_is_wrong"
KINDS = [p.kind for p in PLOTS]


def _browser():
    why = browser_check.available()
    if why:
        if os.environ.get("DNN_INVARIANTS_REQUIRE_BROWSER"):
            pytest.fail(f"the browser test must run here: {why}")
        pytest.skip(why)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    given = os.environ.get("DNN_INVARIANTS_HTML_REPORT")
    if given:
        path = Path(given)
        assert (path / "index.html").is_file(), f"$DNN_INVARIANTS_HTML_REPORT={given} has no index.html"
        return path
    path = tmp_path_factory.mktemp("html")
    for impl in ("jax", "numpy"):
        result = run_corpus(f"--impl={impl}", f"--run-json={path / 'runs' / (impl + '.json')}", *REPORT_DATA,
                            REFUTING)
        assert result.returncode == 0, result.stdout[-3000:]
    html_report.build_from_dir(path)
    return path


def _records(site: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((site / "runs").glob("*.json"))]


# --- in the browser -----------------------------------------------------------------------

def test_report_in_chromium(site):
    """Every ledger claim and every plot is on the page and visible; no console error, no network."""
    _browser()
    ids = [c.id for c in ledger.load()]
    result = browser_check.check(site / "index.html", ids, KINDS, screenshot=site / "screenshot.png")
    assert not result.problems(), "\n".join(result.problems())
    assert result.maths > 0 and result.flat_maths == 0  # the captions' formulas laid out as MathML
    browser_check.check(site / "index.html", screenshot=site / "screenshot-pictures.png",
                        clip_selector="#pictures")


def test_run_pages_in_chromium(site):
    """Each run's page loads cleanly and shows the plots whose data that run recorded."""
    _browser()
    for i, record in enumerate(_records(site)):
        page = site / "runs" / f"{html_report.slug(record['implementation']['name'])}.html"
        kinds = sorted({o["kind"] for o in record["observations"]} & set(KINDS))
        shot = site / "screenshot-run.png" if i == 0 else None
        result = browser_check.check(page, (), kinds, screenshot=shot)
        assert not result.problems(), f"{page}:\n" + "\n".join(result.problems())
        assert "Families" in page.read_text() and "Kill tables" in page.read_text()


def test_the_check_fails_when_a_claim_or_a_plot_is_missing(site, tmp_path):
    """A page with one claim card removed, one hidden and one plot's SVG gone fails the browser check."""
    _browser()
    text = (site / "index.html").read_text()
    ids = [c.id for c in ledger.load()]
    gone, hidden = ids[0], ids[1]
    card = rf'<article class="claim [a-z]+" id="[^"]+" data-claim="{re.escape(gone)}">.*?</article>'
    text, n = re.subn(card, "", text, count=1, flags=re.S)
    assert n == 1
    text = text.replace(f'data-claim="{hidden}"', f'data-claim="{hidden}" style="display:none"', 1)
    text, n = re.subn(r'(data-plot="param_counts"><h3>.*?</h3><div class="svg">)<svg.*?</svg>', r"\1", text,
                      count=1, flags=re.S)
    assert n == 1
    broken = tmp_path / "index.html"
    broken.write_text(text)
    result = browser_check.check(broken, ids, KINDS)
    assert result.missing_claims == [gone]
    assert result.hidden_claims == [hidden]
    assert result.missing_plots == ["param_counts"]


# --- what the runs recorded ------------------------------------------------------------------

def test_records_carry_the_plot_data_and_the_counterexample(site):
    records = _records(site)
    assert {r["implementation"]["name"] for r in records} >= {"jax", "numpy"}
    for r in records:
        assert r["schema"] == SCHEMA
        assert set(KINDS) <= {o["kind"] for o in r["observations"]}, r["implementation"]["name"]
        assert "000:11.6-bn" in r["counterexamples"]
    text = (site / "index.html").read_text()
    # the shrunk counterexample, in the card (test_seed000_counts.py's describe())
    assert "batch norm adds 2, the seed&#x27;s rule gives 0" in text


def test_plots_come_from_the_runs_data(site, tmp_path):
    """Change a recorded number and the picture changes: nothing plotted is hard-coded."""
    records = _records(site)
    record = records[0]
    obs = next(o for o in record["observations"] if o["kind"] == "param_counts")
    obs["data"]["rows"][0]["counted"] += 1000
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "x.json").write_text(json.dumps(record))
    html_report.build_from_dir(tmp_path)
    changed = (tmp_path / "plots" / "param_counts.svg").read_text()
    assert changed != (site / "plots" / "param_counts.svg").read_text()
    assert "MLP 1-20(x10)-1 printed 3,841, counted 4,841" in (tmp_path / "index.html").read_text()


def test_xdist_run_records_the_same_observations(tmp_path):
    """Under pytest-xdist the controller writes the same observations as a serial run."""
    pytest.importorskip("xdist")
    serial, parallel = tmp_path / "serial.json", tmp_path / "parallel.json"
    assert run_corpus("--impl=numpy", f"--run-json={serial}", *REPORT_DATA).returncode == 0
    result = run_corpus("--impl=numpy", f"--run-json={parallel}", "-n", "2", *REPORT_DATA)
    assert result.returncode == 0, result.stdout[-3000:]

    def kinds(path):
        return sorted((o["kind"], json.dumps(o["data"], sort_keys=True))
                      for o in json.loads(path.read_text())["observations"])

    assert kinds(serial) == kinds(parallel)


# --- the builder, on records made here ----------------------------------------------------------

def _record(name="fake", tests=None, claims=(), counterexamples=None, observations=()):
    impl = dict(name=name, label=name, module=f"mod.{name}", framework=None, framework_version=None,
                provided=[])
    return dict(schema=SCHEMA, implementation=impl, versions=dict(python="3.11"), profile="dev",
                max_examples=20, shapes="alphabet", args=[], commit=None, started="2026-01-01 00:00:00",
                seconds=1.0,
                tests=tests or {}, claims=list(claims), counterexamples=counterexamples or {},
                observations=list(observations))


def _ledger(tmp_path, name="ledger.toml", **fields) -> Path:
    lines = ['[[claim]]', 'id = "009:P1-a"', 'seed = "009.txt"', 'claim = "x = 1"', 'verdict = "refuted"',
             'corrected = "x = 2"', 'tests = ["properties/t.py::test_a"]']
    lines += [f"{k} = {json.dumps(v)}" for k, v in fields.items()]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def _build(tmp_path, records, **kwargs) -> str:
    runs = tmp_path / "site" / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    for i, r in enumerate(records):
        (runs / f"{i}.json").write_text(json.dumps(r))
    if "ledger_path" not in kwargs:
        kwargs["ledger_path"] = _ledger(tmp_path)
    kwargs.setdefault("mutants", tmp_path / "absent.json")
    kwargs.setdefault("claim_mutants", tmp_path / "absent-too.json")
    return html_report.build_from_dir(tmp_path / "site", **kwargs).read_text()


def test_formulas_render_as_mathml_and_bad_tex_as_source(tmp_path):
    page = _build(tmp_path, [_record()], ledger_path=_ledger(
        tmp_path, printed_tex=r"\frac{\gamma}{\sqrt{\sigma^2+\epsilon}}",
        corrected_tex=r"see $x_i^2$ and \frac{"))
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mrow><mfrac>' in page
    assert "<msubsup><mi>x</mi>" in page  # $...$ inside text
    assert "<math" in page and 'display="inline"' in page
    broken = _build(tmp_path / "b", [_record()],
                    ledger_path=_ledger(tmp_path, "broken.toml", printed_tex=r"\frac{1}{"))
    assert '<code class="tex">\\frac{1}{</code>' in broken


def test_empty_tex_fields_show_the_text_alone(tmp_path):
    page = _build(tmp_path, [_record()])
    card = re.search(r'<article[^>]*data-claim="009:P1-a">.*?</article>', page, re.S).group(0)
    assert "x = 1" in card and "x = 2" in card and "<math" not in card and 'class="formula"' not in card


def test_outcomes_per_run_and_expected_failures_with_reasons(tmp_path):
    tests_a = {"properties/t.py::test_a[1]": dict(outcome="passed", duration=0.1),
               "properties/t.py::test_a[2]": dict(outcome="xfailed", duration=0.1,
                                                  reason="torch lacks eps = 0")}
    tests_b = {"properties/t.py::test_a": dict(outcome="failed", duration=0.1,
                                               message="AssertionError: 3 != 4")}
    page = _build(tmp_path, [_record("aaa", tests_a), _record("bbb", tests_b)])
    assert "aaa: xfailed" in page and "bbb: failed" in page
    assert "Claims whose tests failed in some run: 009:P1-a" in page
    run_page = (tmp_path / "site" / "runs" / "aaa.html").read_text()
    assert "properties/t.py::test_a[2]" in run_page and "torch lacks eps = 0" in run_page
    assert "AssertionError: 3 != 4" in (tmp_path / "site" / "runs" / "bbb.html").read_text()


def test_missing_plot_data_leaves_a_marked_placeholder(tmp_path):
    page = _build(tmp_path, [_record()])
    for kind in KINDS:
        assert f'<figure class="plot missing" id="plot-{kind}" data-plot="{kind}">' in page


def test_counterexamples_go_to_the_most_specific_claim():
    found = {"001:Q5b-B1": "b1", "001:Q5b": "b", "001:Q3-layers-x-1": "l", "009:none": "orphan"}
    out = html_report.assign_examples(["001:Q5b", "001:Q5b-B1", "001:Q3-layers"], found)
    assert out == {"001:Q5b": [("001:Q5b", "b")], "001:Q5b-B1": [("001:Q5b-B1", "b1")],
                   "001:Q3-layers": [("001:Q3-layers-x-1", "l")]}


def test_kill_tables_when_present_and_when_absent(tmp_path):
    page = _build(tmp_path, [_record()])
    run_page = (tmp_path / "site" / "runs" / "fake.html").read_text()
    assert "absent.json</code> is absent" in run_page and "absent-too.json</code> is absent" in run_page
    mutants = tmp_path / "mutants.json"
    mutants.write_text(json.dumps(dict(
        summary=dict(mutants=1, killed=1, kill_rate=1.0, median_calls_to_kill=3, seconds=2.0),
        mutants={"m1": dict(mutant="m1", operation="conv", origin="slip", killed=True,
                            killers=["properties/t.py::test_a"], calls_to_kill=3, entries=5, seconds=2.0)})))
    claims = tmp_path / "claim_mutants.json"
    claims.write_text(json.dumps([dict(claim="009:P1-a", mutation="x = 3", killed=True, by="test_a"),
                                  dict(claim="009:P1-a", mutation="x = 2", killed=False)]))
    page = _build(tmp_path / "k", [_record()], mutants=mutants, claim_mutants=claims)
    run_page = (tmp_path / "k" / "site" / "runs" / "fake.html").read_text()
    assert "kill rate <b>100 %</b>" in run_page and "<td>m1</td>" in run_page
    assert "1 of 2 killed" in run_page and "SURVIVED" in run_page and "<th>by</th>" in run_page
    assert "Claim mutants: 1 of 2 killed." in page
    # The other engineer's file may wrap the list in an object.
    claims.write_text(json.dumps({"claims": [dict(claim="009:P1-a", mutation="m", killed=True)]}))
    _build(tmp_path / "w", [_record()], claim_mutants=claims)
    assert "1 of 1 killed" in (tmp_path / "w" / "site" / "runs" / "fake.html").read_text()


def test_the_build_is_deterministic(site, tmp_path):
    """The same records give the same bytes: the page and every SVG."""
    for name in ("a", "b"):
        (tmp_path / name / "runs").mkdir(parents=True)
        for p in (site / "runs").glob("*.json"):
            shutil.copy(p, tmp_path / name / "runs" / p.name)
        html_report.build_from_dir(tmp_path / name)
    for rel in ["index.html", *(f"plots/{k}.svg" for k in KINDS)]:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
