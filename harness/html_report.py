"""The ledger as a static HTML site: seed claims, verdicts, counterexamples and pictures, per run.

Input: run records (harness/run_record.py: one JSON file per run of the corpus against one
implementation). Output, in one folder that works offline (no script, no font, no CDN; CSS
inline, SVG inline and also as files, formulas as MathML made here by latex2mathml)::

    index.html          every ledger claim by seed and problem: as printed, verdict, corrected
                        statement, the reading it decides, the deciding tests with each run's
                        outcome, the shrunk counterexample; the pictures (harness/plots.py)
    runs/<impl>.html    one page per run: families, failures, expected failures, skips with
                        reasons, the claims, the pictures from that run alone, the kill tables
    runs/<impl>.json    the run records the site was built from
    plots/<kind>.svg    the pictures of index.html as files

Commands (from the checkout)::

    python -m dnn_invariants.harness.html_report --run jax --run numpy -o reports/html
        runs the corpus once per implementation (each writes runs/<impl>.json), then builds;
        arguments after ``--`` go to every pytest run (paths, -x, -n 2, ...)
    python -m dnn_invariants.harness.html_report --merge a.json b.json -o reports/html
        copies existing records into the site's runs/ and builds from all of them
    python -m pytest --impl numpy --html-report reports/html
        any corpus run: writes its record into reports/html/runs/ and rebuilds the site

The build is deterministic: the same records give the same bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from dnn_invariants import ROOT
from dnn_invariants.harness import ledger
from dnn_invariants.harness.run_record import SCHEMA, family, slug

MUTANTS = ROOT / "reports" / "mutants.json"
CLAIM_MUTANTS = ROOT / "reports" / "claim_mutants.json"
OUTCOMES = ("passed", "failed", "skipped", "xfailed", "xpassed")
VERDICT_TEXT = {"holds": "holds", "refuted": "refuted", "conditional": "conditional"}
EXAMPLE_TITLE = {"refuted": "Smallest counterexample found", "conditional": "Smallest case where it fails",
                 "holds": "Smallest witness found"}


# --- runs -------------------------------------------------------------------------------------

@dataclass
class Run:
    label: str  # the column heading: the implementation's name (made unique)
    slug: str  # its page: runs/<slug>.html
    record: dict
    by_base: dict = field(default_factory=dict)  # test id without parameters -> [(nodeid, entry)]

    @property
    def impl(self) -> dict:
        return self.record.get("implementation", {})

    def test_outcome(self, test: str) -> tuple[str, str]:
        """(outcome, detail) of a deciding test over its parametrisations in this run."""
        items = self.by_base.get(test, [])
        if not items:
            return "not run", "not selected in this run"
        counts = Counter(e["outcome"] for _, e in items)
        n = len(items)
        for outcome in ("failed", "xpassed", "xfailed"):
            if counts[outcome]:
                reasons = sorted({e.get("message") or e.get("reason") or "" for _, e in items
                                  if e["outcome"] == outcome} - {""})
                return outcome, f"{counts[outcome]} of {n}" + (": " + reasons[0][:300] if reasons else "")
        if counts["skipped"] == n:
            reasons = sorted({e.get("reason", "") for _, e in items} - {""})
            return "skipped", (reasons[0][:300] if reasons else "skipped")
        skipped = f", {counts['skipped']} skipped" if counts["skipped"] else ""
        return "passed", f"{counts['passed']} of {n}{skipped}"

    def claim_outcome(self, tests) -> str:
        outcomes = [self.test_outcome(t)[0] for t in tests]
        ran = [o for o in outcomes if o != "not run"]
        if not ran:
            return "not run"
        for o in ("failed", "xpassed", "xfailed"):
            if o in ran:
                return o
        return "skipped" if all(o == "skipped" for o in ran) else "passed"

    def observations(self, kind: str) -> list:
        return [o["data"] for o in self.record.get("observations", []) if o.get("kind") == kind]


def _base(nodeid: str) -> str:
    return nodeid.split("[")[0]


def load_runs(paths) -> list[Run]:
    runs, seen = [], Counter()
    for path in sorted(Path(p) for p in paths):
        record = json.loads(Path(path).read_text())
        if record.get("schema") != SCHEMA:
            raise ValueError(f"{path}: not a run record ({SCHEMA})")
        name = record.get("implementation", {}).get("name") or Path(path).stem
        seen[name] += 1
        label = name if seen[name] == 1 else f"{name} ({Path(path).stem})"
        run = Run(label, slug(label), record)
        for nodeid, entry in record.get("tests", {}).items():
            run.by_base.setdefault(_base(nodeid), []).append((nodeid, entry))
        runs.append(run)
    order = {"jax": 0, "numpy": 1, "torch": 2}
    return sorted(runs, key=lambda r: (order.get(r.impl.get("name"), 9), r.label))


# --- text and formulas ---------------------------------------------------------------------------

def esc(text) -> str:
    return html.escape(str(text), quote=True)


def mathml(tex: str, display: bool = False) -> str:
    """LaTeX to MathML (latex2mathml); what it cannot parse is shown as the TeX source."""
    from latex2mathml.converter import convert

    try:
        out = convert(tex.strip(), display="block" if display else "inline")
    except Exception:  # noqa: BLE001  any parse error: show the source rather than fail the page
        return f'<code class="tex">{esc(tex)}</code>'
    return out


_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def rich(text: str) -> str:
    """Text with $...$ (inline) and $$...$$ (display) LaTeX, as HTML with MathML."""
    out, last = [], 0
    for m in _MATH.finditer(text or ""):
        out.append(esc(text[last:m.start()]))
        out.append(mathml(m.group(1), display=True) if m.group(1) is not None else mathml(m.group(2)))
        last = m.end()
    out.append(esc((text or "")[last:]))
    return "".join(out)


def formula(tex: str) -> str:
    """A ledger ``*_tex`` field: text with $...$ math, or (no $ at all) one formula, displayed."""
    tex = (tex or "").strip()
    if not tex:
        return ""
    body = rich(tex) if "$" in tex else mathml(tex, display=True)
    return f'<div class="formula">{body}</div>'


def _natural(text: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def anchor(claim_id: str) -> str:
    return "claim-" + re.sub(r"[^A-Za-z0-9_.-]+", "-", claim_id)


# --- counterexamples -----------------------------------------------------------------------------

def assign_examples(claim_ids, found: dict) -> dict[str, list[tuple[str, str]]]:
    """Each recorded key goes to the claim with the longest id equal to it or a prefix of it up to '-'."""
    ids = sorted(claim_ids, key=len, reverse=True)
    out = defaultdict(list)
    for key, text in sorted(found.items()):
        owner = next((i for i in ids if key == i or key.startswith(i + "-")), None)
        if owner is not None:
            out[owner].append((key, text))
    return out


# --- the pictures -----------------------------------------------------------------------------

@dataclass
class Figure:
    kind: str
    title: str
    claims: tuple
    source: str
    svg: str | None
    caption: str
    runs: tuple


def _prefixed_ids(svg: str, prefix: str) -> str:
    """Make an inline SVG's ids unique in the page (matplotlib's clip-path ids repeat across figures)."""
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)


def figures(runs: list[Run], claim_ids) -> list[Figure]:
    from dnn_invariants.harness.plots import PLOTS

    out = []
    for plot in PLOTS:
        series = [(r.label, obs) for r in runs if (obs := r.observations(plot.kind))]
        claims = tuple(c for c in plot.claims if c in claim_ids)
        if not series:
            out.append(Figure(plot.kind, plot.title, claims, plot.source, None, "", ()))
            continue
        svg, caption = plot.draw(series)
        out.append(Figure(plot.kind, plot.title, claims, plot.source, svg, caption,
                          tuple(label for label, _ in series)))
    return out


def figure_html(fig: Figure, prefix: str, link_base: str = "") -> str:
    claims = ", ".join(f'<a href="{link_base}#{anchor(c)}">{esc(c)}</a>' for c in fig.claims)
    if fig.svg is None:
        return (f'<figure class="plot missing" id="plot-{fig.kind}" data-plot="{fig.kind}">'
                f"<h3>{esc(fig.title)}</h3><p class=\"nodata\">No run recorded data for this picture: run "
                f"<code>{esc(fig.source)}</code> (it is part of the corpus).</p></figure>")
    svg = _prefixed_ids(fig.svg, f"{prefix}{fig.kind}")
    return (f'<figure class="plot" id="plot-{fig.kind}" data-plot="{fig.kind}">'
            f"<h3>{esc(fig.title)}</h3><div class=\"svg\">{svg}</div>"
            f"<figcaption>{rich(fig.caption)}</figcaption>"
            f'<p class="meta">Data from {esc(", ".join(fig.runs))}, '
            f"recorded by <code>{esc(fig.source)}</code>."
            + (f" Claims: {claims}." if claims else "") + "</p></figure>")


# --- page pieces ------------------------------------------------------------------------------

CSS = """
:root { --holds: #1a7f37; --refuted: #cf222e; --conditional: #9a6700; --ink: #1f2328; --muted: #59636e;
        --line: #d1d9e0; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
       color: var(--ink); }
main { max-width: 1120px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--line); }
h3 { margin: 1.6rem 0 .6rem; } h4 { margin: .6rem 0 .15rem; font-size: .8rem; text-transform: uppercase;
letter-spacing: .04em; color: var(--muted); }
a { color: #0969da; } code, pre { font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--bg); padding: .5rem .7rem;
      border-radius: 6px; margin: .2rem 0; }
.lede { color: var(--muted); max-width: 60rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .55rem; text-align: left; vertical-align: top; }
th { background: var(--bg); } td.n { text-align: right; font-variant-numeric: tabular-nums; }
nav.toc { columns: 3 16rem; background: var(--bg); padding: .8rem 1rem; border-radius: 8px;
          font-size: .9rem; }
nav.toc ul { margin: 0; padding-left: 1rem; } nav.toc > ul { padding-left: 0; list-style: none; }
nav.toc li { break-inside: avoid; }
.claim { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 8px;
         padding: .6rem 1rem .8rem; margin: .8rem 0; background: #fff; }
.claim.holds { border-left-color: var(--holds); } .claim.refuted { border-left-color: var(--refuted); }
.claim.conditional { border-left-color: var(--conditional); }
.claim > header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; }
.claim .cid { font-weight: 700; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.badge { display: inline-block; padding: 0 .55rem; border-radius: 1rem; font-size: .8rem; font-weight: 600;
         color: #fff; background: var(--muted); }
.badge.holds { background: var(--holds); } .badge.refuted { background: var(--refuted); }
.badge.conditional { background: var(--conditional); }
.chip { display: inline-block; padding: 0 .45rem; border-radius: 4px; font-size: .78rem;
        border: 1px solid var(--line); }
.o-passed { background: #dafbe1; color: #116329; }
.o-failed { background: #ffebe9; color: #a40e26; font-weight: 700; }
.o-skipped, .o-not-run { background: #f6f8fa; color: var(--muted); }
.o-xfailed { background: #fff8c5; color: #7d4e00; } .o-xpassed { background: #ffebe9; color: #a40e26; }
.printed p, .corrected p { margin: .1rem 0; }
.statements { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 0 1.5rem; }
.formula { overflow-x: auto; padding: .25rem 0; font-size: 1.08rem; }
math[display="block"] { margin: .2rem 0; }
.tests td:first-child { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8rem; }
.figref { font-size: .85rem; color: var(--muted); margin: .4rem 0 0; }
figure.plot { margin: 1.2rem 0 2rem; padding: .8rem 1rem; border: 1px solid var(--line); border-radius: 8px; }
figure.plot .svg svg { width: 100%; height: auto; display: block; }
figure.plot figcaption { margin-top: .4rem; font-size: .95rem; }
figure.plot .meta { font-size: .8rem; color: var(--muted); margin: .3rem 0 0; }
figure.plot.missing { background: #fff8c5; }
.summary td.bad { color: var(--refuted); font-weight: 700; }
.wide { overflow-x: auto; } table.kills { font-size: .76rem; width: 100%; }
table.kills td { padding: .15rem .4rem; overflow-wrap: anywhere; }
table.mutants { table-layout: fixed; }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); }
@media print { nav.toc { display: none; } .claim { break-inside: avoid; } }
"""


def page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body><main>\n{body}\n</main></body></html>\n")


def chip(outcome: str, text: str | None = None, title: str = "") -> str:
    cls = "o-" + outcome.replace(" ", "-")
    t = f' title="{esc(title)}"' if title else ""
    return f'<span class="chip {cls}"{t}>{esc(text or outcome)}</span>'


def _impl_line(run: Run) -> str:
    impl, v = run.impl, run.record.get("versions", {})
    framework = impl.get("framework")
    fw = f"{framework} {impl.get('framework_version') or ''}".strip() if framework else "no framework named"
    return (f"{esc(impl.get('label', run.label))} (module <code>{esc(impl.get('module', '?'))}</code>, "
            f"{esc(fw)}); "
            f"Python {esc(v.get('python', '?'))}, Hypothesis profile {esc(run.record.get('profile', '?'))} "
            f"({esc(run.record.get('max_examples', '?'))} examples per property)")


def _commit(run: Run) -> str:
    commit = run.record.get("commit")
    return f", commit <code>{esc(commit)}</code>" if commit else ""


def _counts(run: Run) -> Counter:
    return Counter(e["outcome"] for e in run.record.get("tests", {}).values())


def runs_table(runs: list[Run], link_base: str = "runs/") -> str:
    rows = []
    for r in runs:
        c = _counts(r)
        rows.append(
            f"<tr><td><a href=\"{link_base}{r.slug}.html\">{esc(r.label)}</a></td><td>{_impl_line(r)}</td>"
            + "".join(f'<td class="n{" bad" if o in ("failed", "xpassed") and c[o] else ""}">{c[o]}</td>'
                      for o in OUTCOMES)
            + f"<td>{esc(r.record.get('started', ''))}, {esc(r.record.get('seconds', ''))} s"
            + _commit(r) + "</td></tr>")
    head = "".join(f"<th>{o}</th>" for o in OUTCOMES)
    return (f'<table class="summary"><tr><th>run</th><th>implementation</th>{head}<th>when</th></tr>'
            + "".join(rows) + "</table>")


# --- the claims ---------------------------------------------------------------------------------

@dataclass
class ClaimView:
    id: str
    seed: str
    claim: str
    verdict: str
    corrected: str
    tests: tuple
    problem: str
    reading: str = ""
    printed_tex: str = ""
    corrected_tex: str = ""


def claim_views(runs: list[Run], ledger_path: Path) -> list[ClaimView]:
    """The ledger's claims (its text is current), then any claim a run recorded that it no longer has."""
    views, seen = [], set()
    try:
        for c in ledger.load(ledger_path):
            views.append(ClaimView(c.id, c.seed, c.claim, c.verdict, c.corrected, c.tests, c.problem,
                                   c.reading, c.printed_tex, c.corrected_tex))
            seen.add(c.id)
    except FileNotFoundError:
        pass
    for run in runs:
        for row in run.record.get("claims", []):
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            views.append(ClaimView(
                row["id"], row.get("seed", ""), row.get("claim", ""), row.get("verdict", ""),
                row.get("corrected", ""), tuple(row.get("tests", ())),
                row.get("problem") or row["id"].split(":", 1)[-1].split("-", 1)[0], row.get("reading") or "",
                row.get("printed_tex") or "", row.get("corrected_tex") or ""))
    return views


def _examples_html(view: ClaimView, runs: list[Run], examples: dict) -> str:
    by_text = defaultdict(list)  # the same text from several runs is shown once
    for run in runs:
        for key, text in examples.get(run.label, {}).get(view.id, []):
            by_text[(key, text)].append(run.label)
    if not by_text:
        return ""
    items = []
    for (key, text), labels in by_text.items():
        who = ", ".join(labels) if len(runs) > 1 else ""
        sub = key.removeprefix(view.id).lstrip("-")
        label = " · ".join(x for x in (sub, who) if x)
        items.append((f'<p class="figref">{esc(label)}</p>' if label else "") + f"<pre>{esc(text)}</pre>")
    title = EXAMPLE_TITLE.get(view.verdict, "Shrunk example")
    return f'<div class="example"><h4>{title}</h4>{"".join(items)}</div>'


def _tests_html(view: ClaimView, runs: list[Run], link_base: str) -> str:
    if not runs:
        rows = "".join(f"<tr><td>{esc(t)}</td></tr>" for t in view.tests)
        return f'<table class="tests"><tr><th>deciding test</th></tr>{rows}</table>'
    head = "".join(f'<th><a href="{link_base}{r.slug}.html">{esc(r.label)}</a></th>' for r in runs)
    rows = []
    for t in view.tests:
        cells = []
        for r in runs:
            outcome, detail = r.test_outcome(t)
            small = f" <small>{esc(detail)}</small>" if outcome != "not run" else ""
            cells.append(f"<td>{chip(outcome, title=detail)}{small}</td>")
        rows.append(f"<tr><td>{esc(t)}</td>{''.join(cells)}</tr>")
    return f'<table class="tests"><tr><th>deciding test</th>{head}</tr>{"".join(rows)}</table>'


def claim_html(view: ClaimView, runs, examples, figure_of, claim_mutants, link_base="runs/") -> str:
    chips = " ".join(chip(r.claim_outcome(view.tests), f"{r.label}: {r.claim_outcome(view.tests)}")
                     for r in runs)
    verdict = esc(view.verdict)
    parts = [f'<article class="claim {verdict}" id="{anchor(view.id)}" data-claim="{esc(view.id)}">',
             f'<header><span class="cid">{esc(view.id)}</span>'
             f'<span class="badge {verdict}">{esc(VERDICT_TEXT.get(view.verdict, view.verdict))}</span>'
             f"{chips}</header>",
             '<div class="statements">'
             f'<div class="printed"><h4>As printed</h4><p>{esc(view.claim)}</p>'
             f"{formula(view.printed_tex)}</div>",
             f'<div class="corrected"><h4>Corrected</h4><p>{esc(view.corrected)}</p>'
             f"{formula(view.corrected_tex)}</div></div>"]
    if view.reading:
        parts.append(f'<div class="reading"><h4>Reading decided</h4><p>{rich(view.reading)}</p></div>')
    parts.append(_examples_html(view, runs, examples))
    parts.append(f"<h4>Deciding tests</h4>{_tests_html(view, runs, link_base)}")
    mutants = claim_mutants.get(view.id)
    if mutants:
        killed = sum(1 for m in mutants if m.get("killed"))
        parts.append(f'<p class="figref">Claim mutants: {killed} of {len(mutants)} killed.</p>')
    figs = figure_of.get(view.id, [])
    if figs:
        parts.append('<p class="figref">Picture: ' + ", ".join(
            f'<a href="#plot-{f.kind}">{esc(f.title)}</a>' for f in figs) + "</p>")
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


# --- kill tables --------------------------------------------------------------------------------

def _read_json(path: Path | None):
    if path is None or not Path(path).is_file():
        return None
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def claim_mutant_records(data) -> list[dict]:
    """reports/claim_mutants.json, whatever its outer shape: a list of records, or one under a key."""
    if isinstance(data, dict):
        for key in ("mutants", "claims", "records", "results"):
            if isinstance(data.get(key), list):
                return [r for r in data[key] if isinstance(r, dict)]
        if data and all(isinstance(v, dict) for v in data.values()):
            return [dict(v, mutation=v.get("mutation", k)) for k, v in data.items()]
        return []
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def _cell(value) -> str:
    if isinstance(value, bool):
        return chip("passed" if value else "failed", "killed" if value else "SURVIVED")
    if isinstance(value, (list, tuple)):
        return esc(", ".join(str(v) for v in value))
    if isinstance(value, dict):
        return esc(json.dumps(value, sort_keys=True))
    return esc("" if value is None else value)


def kill_tables_html(mutants_data, claim_records, mutants_path, claim_path, link_base="../index.html") -> str:
    out = ['<section id="kill-tables"><h2>Kill tables</h2>']
    if mutants_data and isinstance(mutants_data.get("mutants"), dict):
        s = mutants_data.get("summary", {})
        rate = f"{100 * s['kill_rate']:.0f} %" if s.get("kill_rate") is not None else "n/a"
        out.append(f"<h3>Implementation mutants</h3><p>Deliberately broken copies of the JAX implementation, "
                   f"one operation each (<code>{esc(mutants_path)}</code>): kill rate <b>{rate}</b> "
                   f"({esc(s.get('killed'))} of {esc(s.get('mutants'))}), median calls to kill "
                   f"{esc(s.get('median_calls_to_kill'))}, {esc(s.get('seconds'))} s.</p>")
        head = ["mutant", "operation", "origin", "result", "killers", "calls to kill", "entries", "seconds",
                "killed by"]
        rows = []
        for name in sorted(mutants_data["mutants"]):
            r = mutants_data["mutants"][name]
            killers = ", ".join(sorted(k.split("::", 1)[-1] for k in r.get("killers", [])))
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in (
                esc(r.get("mutant", name)), esc(r.get("operation", "")), esc(r.get("origin", "")),
                chip("passed" if r.get("killed") else "failed", "killed" if r.get("killed") else "SURVIVED"),
                esc(len(r.get("killers", []))), _cell(r.get("calls_to_kill")), _cell(r.get("entries")),
                esc(f"{r['seconds']:.1f}" if isinstance(r.get("seconds"), (int, float)) else ""),
                esc(killers or "-"))) + "</tr>")
        widths = (17, 11, 12, 6, 5, 5, 5, 5, 34)  # per cent: the killers' names need the room
        cols = "".join(f'<col style="width:{w}%">' for w in widths)
        out.append(f'<div class="wide"><table class="kills mutants"><colgroup>{cols}</colgroup><tr>'
                   + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table></div>")
    else:
        out.append("<h3>Implementation mutants</h3><p>No kill table: "
                   f"<code>{esc(mutants_path)}</code> is absent "
                   "(write it with <code>python -m pytest --mutants tests/test_mutants.py</code>).</p>")
    if claim_records:
        keys = ["claim", "mutation", "killed"]
        for r in claim_records:
            keys += [k for k in r if k not in keys]
        killed = sum(1 for r in claim_records if r.get("killed"))
        rows = []
        for r in claim_records:
            cells = []
            for k in keys:
                v = r.get(k)
                if k == "claim" and isinstance(v, str):
                    cells.append(f'<td><a href="{link_base}#{anchor(v)}">{esc(v)}</a></td>')
                else:
                    cells.append(f"<td>{_cell(v)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        out.append(f"<h3>Claim mutants</h3><p>Each a seed claim changed on purpose "
                   f"(<code>{esc(claim_path)}</code>): {killed} of {len(claim_records)} killed.</p>"
                   '<div class="wide"><table class="kills"><tr>' + "".join(f"<th>{esc(k)}</th>" for k in keys)
                   + "</tr>" + "".join(rows) + "</table></div>")
    else:
        out.append(f"<h3>Claim mutants</h3><p>No kill table: <code>{esc(claim_path)}</code> is absent.</p>")
    return "\n".join(out) + "</section>"


# --- the pages ---------------------------------------------------------------------------------

def verdict_table(seeds) -> str:
    rows = []
    for seed in sorted(seeds):
        views = [v for p in seeds[seed].values() for v in p]
        n = Counter(v.verdict for v in views)
        wrong = ", ".join(f'<a href="#{anchor(v.id)}">{esc(v.id.split(":", 1)[1])}</a>'
                          for v in views if v.verdict == "refuted")
        rows.append(f'<tr><td><a href="#seed-{esc(seed)}">Seed {esc(seed)}</a></td>'
                    f'<td class="n">{len(views)}</td>'
                    f'<td class="n">{n["holds"]}</td><td class="n">{n["refuted"]}</td>'
                    f'<td class="n">{n["conditional"]}</td><td>{wrong or "none"}</td></tr>')
    return ('<table class="summary"><tr><th>seed</th><th>claims</th><th>hold</th><th>refuted</th>'
            "<th>conditional</th><th>refuted claims (what the seed gets wrong)</th></tr>"
            + "".join(rows) + "</table>")


def index_html(views, runs, figs, examples, claim_mutants, mutants_data, claim_path) -> str:
    figure_of = defaultdict(list)
    for f in figs:
        for c in f.claims:
            figure_of[c].append(f)
    seeds = defaultdict(lambda: defaultdict(list))
    for v in views:
        seeds[v.id.split(":", 1)[0]][v.problem].append(v)
    verdicts = Counter(v.verdict for v in views)
    toc, sections = [], []
    for seed in sorted(seeds):
        problems = seeds[seed]
        files = sorted({v.seed for p in problems.values() for v in p})
        toc.append(f'<li><a href="#seed-{esc(seed)}">Seed {esc(seed)}</a><ul>' + "".join(
            f'<li><a href="#seed-{esc(seed)}-{esc(slug(p))}">{esc(p)}</a> ({len(problems[p])})</li>'
            for p in sorted(problems, key=_natural)) + "</ul></li>")
        body = [f'<section class="seed" id="seed-{esc(seed)}"><h2>Seed {esc(seed)} '
                f"<small>({esc(', '.join(files))})</small></h2>"]
        for p in sorted(problems, key=_natural):
            vs = problems[p]
            tally = ", ".join(f"{n} {k}" for k, n in sorted(Counter(v.verdict for v in vs).items()))
            body.append(f'<section class="problem" id="seed-{esc(seed)}-{esc(slug(p))}">'
                        f"<h3>Problem {esc(p)} <small>({tally})</small></h3>")
            body += [claim_html(v, runs, examples, figure_of, claim_mutants) for v in vs]
            body.append("</section>")
        body.append("</section>")
        sections.append("\n".join(body))
    failing = [v.id for v in views for r in runs if r.claim_outcome(v.tests) in ("failed", "xpassed")]
    kills = []
    if mutants_data and isinstance(mutants_data.get("summary"), dict):
        s = mutants_data["summary"]
        kills.append(f"implementation mutants {s.get('killed')} of {s.get('mutants')} killed")
    else:
        kills.append("implementation mutants: none recorded (mutants.json absent)")
    kills.append(f"claim mutants {sum(1 for rs in claim_mutants.values() for r in rs if r.get('killed'))} of "
                 f"{sum(len(rs) for rs in claim_mutants.values())} killed" if claim_mutants
                 else f"claim mutants: none recorded ({claim_path.name} absent)")
    head = [
        "<h1>Seed claims, checked</h1>",
        f'<p class="lede">{len(views)} checkable claims from {len(seeds)} homework and quiz solutions: '
        f"{verdicts['holds']} hold, {verdicts['refuted']} are refuted, {verdicts['conditional']} hold only "
        "under a condition. Each card shows the claim as printed, the verdict, the corrected statement, the "
        "smallest counterexample the corpus found (shrunk by Hypothesis) and the tests that decide it, with "
        "their outcome against each implementation run below. An outcome <em>passed</em> means the verdict "
        "stands against that implementation: the tests of a refuted claim pass by finding its "
        "counterexample.</p>",
        '<h2 id="verdicts">Verdicts by seed</h2>' + verdict_table(seeds),
        "<h2 id=\"runs\">Runs</h2>" + (runs_table(runs) if runs else "<p>No run recorded.</p>"),
        "<p>" + ("<b class=\"o-failed\">Claims whose tests failed in some run: "
                 + esc(", ".join(sorted(set(failing)))) + "</b>" if failing
                 else "No deciding test failed in any run.")
        + f" Kill tables on each run page: {esc('; '.join(kills))}.</p>",
        '<nav class="toc"><ul><li><a href="#pictures">Pictures</a><ul>' + "".join(
            f'<li><a href="#plot-{f.kind}">{esc(f.title)}</a></li>' for f in figs) + "</ul></li>"
        + "".join(toc) + "</ul></nav>",
        '<section id="pictures"><h2>Pictures</h2>' + "".join(figure_html(f, "i-") for f in figs)
        + "</section>",
    ]
    foot = ("<footer>Built by <code>python -m dnn_invariants.harness.html_report</code> from "
            + esc(", ".join(f"runs/{r.slug}.json" for r in runs) or "no run") + "; formulas as MathML, "
            "pictures as SVG, no network needed.</footer>")
    return page("dnn-invariants: seed claims", "\n".join(head + sections + [foot]))


def run_html(run: Run, views, figs, mutants_data, claim_records, mutants_path, claim_path) -> str:
    tests = run.record.get("tests", {})
    fams = defaultdict(Counter)
    seconds = defaultdict(float)
    for nodeid, e in tests.items():
        fams[family(nodeid)][e["outcome"]] += 1
        seconds[family(nodeid)] += e.get("duration", 0.0)
    fam_rows = "".join(
        f"<tr><td>{esc(f)}</td>" + "".join(
            f'<td class="n{" bad" if o in ("failed", "xpassed") and fams[f][o] else ""}">{fams[f][o]}</td>'
            for o in OUTCOMES)
        + f'<td class="n">{sum(fams[f].values())}</td><td class="n">{seconds[f]:.1f}</td></tr>'
        for f in sorted(fams))
    head = "".join(f"<th>{o}</th>" for o in OUTCOMES)
    v = run.record.get("versions", {})
    parts = [
        f'<p><a href="../index.html">← all claims</a></p><h1>Run: {esc(run.label)}</h1>',
        f"<p>{_impl_line(run)}. Shapes: {esc(run.record.get('shapes', '?'))}. Started "
        f"{esc(run.record.get('started', '?'))}, {esc(run.record.get('seconds', '?'))} s"
        + _commit(run) + ".</p>",
        "<p>Versions: " + esc(", ".join(f"{k} {val}" for k, val in sorted(v.items()))) + ".</p>",
        f"<p>Command: <code>pytest {esc(' '.join(run.record.get('args', [])))}</code></p>",
        '<h2 id="families">Families</h2><table class="summary">'
        f"<tr><th>family (folder of properties/)</th>{head}"
        f"<th>total</th><th>seconds</th></tr>{fam_rows}</table>",
    ]
    failed = [(n, e) for n, e in sorted(tests.items()) if e["outcome"] == "failed"]
    parts.append('<h2 id="failures">Failures</h2>' + ("".join(
        f"<h4>{esc(n)}</h4><pre>{esc(e.get('message', ''))}</pre>" for n, e in failed)
        if failed else "<p>No test failed in this run.</p>"))
    expected = [(n, e) for n, e in sorted(tests.items()) if e["outcome"] in ("xfailed", "xpassed")]
    parts.append(
        '<h2 id="expected-failures">Expected failures</h2><p>Properties expected to fail against this '
        "implementation, each with its reason (<em>xfailed</em>: it failed as expected; <em>xpassed</em>: it "
        "passed although a failure was expected).</p>"
        + ('<table><tr><th>test</th><th>outcome</th><th>reason</th></tr>' + "".join(
            f"<tr><td><code>{esc(n)}</code></td><td>{chip(e['outcome'])}</td>"
            f"<td>{esc(e.get('reason', ''))}</td></tr>"
            for n, e in expected) + "</table>" if expected else "<p>None in this run.</p>"))
    skipped = defaultdict(list)
    for n, e in sorted(tests.items()):
        if e["outcome"] == "skipped":
            skipped[e.get("reason", "")].append(n)
    parts.append('<h2 id="skipped">Skipped, by reason</h2>' + ("<table><tr><th>reason</th><th>tests</th></tr>"
                 + "".join(f"<tr><td>{esc(reason or '(no reason given)')}</td><td>{len(ns)}: "
                           f"{esc(', '.join(ns))}</td></tr>" for reason, ns in sorted(skipped.items()))
                 + "</table>" if skipped else "<p>Nothing skipped.</p>"))
    rows = []
    for view in views:
        outcome = run.claim_outcome(view.tests)
        rows.append(f'<tr><td><a href="../index.html#{anchor(view.id)}">{esc(view.id)}</a></td>'
                    f'<td><span class="badge {esc(view.verdict)}">{esc(view.verdict)}</span></td>'
                    f"<td>{chip(outcome)}</td><td>{esc(view.claim)}</td></tr>")
    parts.append(f'<h2 id="claims">Seed claims in this run</h2><table><tr><th>claim</th><th>verdict</th>'
                 f"<th>outcome</th><th>as printed</th></tr>{''.join(rows)}</table>")
    parts.append('<h2 id="pictures">Pictures from this run</h2>'
                 + "".join(figure_html(f, "r-", "../index.html") for f in figs))
    parts.append(kill_tables_html(mutants_data, claim_records, mutants_path, claim_path))
    return page(f"dnn-invariants: run {run.label}", "\n".join(parts))


def build_site(runs: list[Run], out: Path, *, ledger_path: Path = ledger.LEDGER, mutants: Path = MUTANTS,
               claim_mutants: Path = CLAIM_MUTANTS) -> Path:
    """Write index.html, runs/<run>.html and plots/*.svg into ``out``; return the index's path."""
    out = Path(out)
    (out / "runs").mkdir(parents=True, exist_ok=True)
    (out / "plots").mkdir(exist_ok=True)
    views = claim_views(runs, ledger_path)
    ids = {v.id for v in views}
    examples = {r.label: assign_examples(ids, r.record.get("counterexamples", {})) for r in runs}
    mutants_data = _read_json(mutants)
    claim_records = claim_mutant_records(_read_json(claim_mutants))
    by_claim = defaultdict(list)
    for rec in claim_records:
        if isinstance(rec.get("claim"), str):
            by_claim[rec["claim"]].append(rec)
    figs = figures(runs, ids)
    for f in figs:
        if f.svg is not None:
            (out / "plots" / f"{f.kind}.svg").write_text(
                '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + f.svg)
    index = out / "index.html"
    index.write_text(index_html(views, runs, figs, examples, by_claim, mutants_data, Path(claim_mutants)))
    for run in runs:
        own = figures([run], ids)
        (out / "runs" / f"{run.slug}.html").write_text(
            run_html(run, views, own, mutants_data, claim_records, Path(mutants), Path(claim_mutants)))
    return index


def build_from_dir(site: Path, **kwargs) -> Path:
    return build_site(load_runs(sorted((Path(site) / "runs").glob("*.json"))), Path(site), **kwargs)


# --- the command --------------------------------------------------------------------------------

def _pytest_command(impl: str, record: Path, profile: str | None, extra: list[str]) -> list[str]:
    command = [sys.executable, "-m", "pytest", f"--impl={impl}", f"--run-json={record}"]
    if not (ROOT / "conftest.py").is_file():  # installed: load the corpus's plugin by name
        command[3:3] = ["-p", "dnn_invariants.harness.plugin"]
    if profile:
        command.append(f"--hypothesis-profile={profile}")
    return command + extra


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    parser = argparse.ArgumentParser(
        prog="python -m dnn_invariants.harness.html_report",
        description="Run the corpus against implementations and/or merge run records into a static HTML "
                    "report. Arguments after -- go to every pytest run.")
    parser.add_argument("--run", action="append", default=[], metavar="IMPL",
                        help="run the corpus against IMPL (jax, numpy, torch, a module path); repeatable")
    parser.add_argument("--merge", nargs="+", action="extend", default=[], metavar="RUN.json",
                        help="run records (--run-json / --html-report) to add to the site")
    parser.add_argument("-o", "--output", default=str(ROOT / "reports" / "html"), metavar="DIR",
                        help="the site's folder (default: reports/html); its runs/ keeps the records")
    parser.add_argument("--profile", help="Hypothesis profile of the runs (dev, ci, thorough)")
    parser.add_argument("--clean", action="store_true", help="drop the records already in DIR/runs/ first")
    parser.add_argument("--mutants", default=str(MUTANTS), help="implementation kill table (JSON)")
    parser.add_argument("--claim-mutants", default=str(CLAIM_MUTANTS), help="claim kill table (JSON)")
    args = parser.parse_args(argv)
    out = Path(args.output).resolve()
    runs_dir = out / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    if args.clean:
        for old in runs_dir.glob("*"):
            old.unlink()
    for path in args.merge:
        record = json.loads(Path(path).read_text())
        if record.get("schema") != SCHEMA:
            parser.error(f"{path} is not a run record")
        target = runs_dir / f"{slug(record['implementation']['name'])}.json"
        if Path(path).resolve() != target:
            shutil.copyfile(path, target)
    worst = 0
    for impl in args.run:
        record = runs_dir / f"{slug(impl)}.json"
        record.unlink(missing_ok=True)
        command = _pytest_command(impl, record, args.profile, extra)
        print("+ " + " ".join(command), flush=True)
        code = subprocess.run(command, cwd=ROOT).returncode
        if not record.is_file():
            print(f"html_report: the run against {impl!r} wrote no record (pytest exit code {code})",
                  file=sys.stderr)
            return code or 2
        worst = max(worst, code)
    if not any(runs_dir.glob("*.json")):
        parser.error(f"no run records in {runs_dir}: give --run IMPL or --merge RUN.json")
    index = build_from_dir(out, mutants=Path(args.mutants), claim_mutants=Path(args.claim_mutants))
    print(f"html_report: {index} ({', '.join(r.stem for r in sorted(runs_dir.glob('*.json')))})")
    if worst:
        print(f"html_report: some runs had failing tests (worst pytest exit code {worst}); "
              "the report shows them",
              file=sys.stderr)
    return 1 if worst == 1 else worst


if __name__ == "__main__":
    sys.exit(main())
