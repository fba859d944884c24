"""The HTML report's pictures: SVG plots drawn from the observations of one or more runs.

Each plot takes ``series``, a list of ``(run label, [data, ...])`` with the
``data`` of every ``channel.observe(kind, ...)`` record of its kind in that run
(properties/*/test_report_data.py record them), and returns ``(svg, caption)``:
the SVG text (text kept as text, deterministic: fixed hash salt, no date) and a
one-sentence caption, computed from the same data, in which ``$...$`` is LaTeX
(the page renders it as MathML). Several runs draw into one figure, one colour
and marker per run.

Matplotlib is used without pyplot (no global figure state, Agg-free SVG canvas).
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

RC = {
    "svg.fonttype": "none",  # text stays text: selectable, scalable, no glyph paths
    "svg.hashsalt": "dnn-invariants",  # deterministic clip-path ids
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "legend.fontsize": 8.0,
}
RUN_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")
RUN_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
TRUTH, SEED_A, SEED_B = "#222222", "#d62728", "#9467bd"


def _figure(width: float, height: float, ncols: int = 1):
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasSVG(fig)
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "dnn-invariants"})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML declaration and doctype: the page inlines it


def _style(i: int) -> dict:
    return dict(color=RUN_COLOURS[i % len(RUN_COLOURS)], marker=RUN_MARKERS[i % len(RUN_MARKERS)])


def _offsets(n: int, spread: float) -> list[float]:
    return [0.0] if n == 1 else list(np.linspace(-spread, spread, n))


def _fmt(v: float) -> str:
    return f"{v:.3g}"


# --- 1. Var(y_L) against depth (seeds 003/004 P2) ----------------------------------------------

def init_variance(series):
    import matplotlib

    with matplotlib.rc_context(RC):
        widths = sorted({r["width"] for _, obs in series for d in obs for r in d["rows"]})
        fig, axes = _figure(7.6, 3.8, len(widths))
        offsets = _offsets(len(series), 0.12)
        leaves: dict[int, dict[str, int | None]] = defaultdict(dict)
        for ax, n in zip(axes, widths):
            drawn_reference = False
            for i, (label, obs) in enumerate(series):
                rows = sorted((r for d in obs for r in d["rows"] if r["width"] == n),
                              key=lambda r: r["depth"])
                if not rows:
                    continue
                depth = np.array([r["depth"] for r in rows], float)
                mean = np.array([r["mean"] for r in rows])
                half = np.array([r["half"] for r in rows])
                style = _style(i)
                ax.fill_between(depth, mean - half, mean + half, color=style["color"], alpha=0.15, lw=0,
                                label=f"{label}: confidence band")
                ax.errorbar(depth + offsets[i], mean, yerr=half, fmt=style["marker"], ms=4, capsize=2,
                            color=style["color"], label=f"{label}: Monte Carlo estimate")
                outside = [r["depth"] for r in rows if abs(r["mean"] - r["product"]) > r["half"]]
                leaves[n][label] = min(outside) if outside else None
                if not drawn_reference:
                    ax.plot(depth, [r["recursion"] for r in rows], "-", color=TRUTH, lw=1.2,
                            label="recursion $V_{l+1} = V_l/3 + 1/(3n_l)$")
                    ax.plot(depth, [r["product"] for r in rows], "--", color=SEED_A, lw=1.4,
                            label="seed 003: $\\prod_l\\,(n_l+1)/(3n_l)$")
                    drawn_reference = True
            ax.set_ylim(bottom=0)
            ax.set_xlabel("depth L (layers)")
            ax.set_ylabel("Var($y_L$)")
            ax.set_title(f"constant width n = {n}")
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=3)
        svg = _svg(fig)
    parts = []
    for n, by_run in sorted(leaves.items()):
        depths = set(by_run.values())
        if len(depths) == 1:
            d = depths.pop()
            parts.append(f"at width {n} from depth {d} on" if d else f"at width {n} at no depth drawn")
        else:
            parts.append(f"at width {n} from depth " + ", ".join(
                f"{d} ({label})" for label, d in by_run.items()))
    count = next((d.get("count") for _, obs in series for d in obs), None)
    caption = (
        "The variance of the output of a linear network of constant width under the implementation's "
        f"default init, estimated over {count:,} initialisations per depth (points, with the band of the "
        "empirical-Bernstein interval at false-alarm $10^{-9}$), follows the recursion "
        "$V_{l+1} = V_l/3 + 1/(3n_l)$ and excludes seed 003's product "
        "$\\prod_{l} (n_l+1)/(3n_l)$ " + " and ".join(parts) + ".")
    return svg, caption


# --- 2. The batch-norm diagonal (seed 000 11.5, seed 002 P1) -----------------------------------

def bn_diagonal(series):
    import matplotlib

    with matplotlib.rc_context(RC):
        sizes = sorted({d["entries"] for _, obs in series for d in obs})
        fig, axes = _figure(7.6, 3.9, len(sizes))
        worst = {}
        for ax, size in zip(axes, sizes):
            first = next(d for _, obs in series for d in obs if d["entries"] == size)
            xhat = np.array(first["xhat"])
            limit = max(math.sqrt(max(size - 1, 1)), float(np.max(np.abs(xhat)))) * 1.05
            grid = np.linspace(-limit, limit, 201)
            ax.plot(grid, 1 - (1 + grid**2) / size, "-", color=TRUTH, lw=1.3,
                    label="true: $1 - 1/I - \\hat{x}_i^2/I$")
            ax.plot(grid, 1 - grid**2 * (size - 1) / size, "--", color=SEED_A, lw=1.2,
                    label="seed 000 11.5: $1 - \\hat{x}_i^2 (I-1)/I$")
            ax.plot(grid, np.ones_like(grid), ":", color=SEED_B, lw=1.6,
                    label="seed 002: \u03b3/\u221a(\u03c3\u00b2+\u03b5), i.e. 1")
            scale = first["scale"]
            ax.plot(xhat, np.array(first["seed000"]) / scale, "v", color=SEED_A, ms=4, mfc="none")
            ax.plot(xhat, np.array(first["seed002"]) / scale, "^", color=SEED_B, ms=4, mfc="none")
            for i, (label, obs) in enumerate(series):
                for d in (d for d in obs if d["entries"] == size):
                    style = _style(i)
                    ax.plot(np.array(d["xhat"]), np.array(d["implementation"]) / d["scale"], style["marker"],
                            color=style["color"], ms=5 - i, ls="none", label=f"{label}: computed entries")
                    true = np.array(d["true"])
                    worst[size] = (float(np.max(np.abs(np.array(d["seed000"]) - true) / d["scale"])),
                                   float(np.max(np.abs(np.array(d["seed002"]) - true) / d["scale"])))
            ax.set_xlabel("standardised entry $\\hat{x}_i$ = "
                          "(x\u1d62 \u2212 \u03bc)/\u221a(\u03c3\u00b2+\u03b5)")
            ax.set_ylabel("$\\partial y_i/\\partial x_i$ in units of \u03b3/\u221a(\u03c3\u00b2+\u03b5)")
            ax.set_title(f"one batch of I = {size} entries")
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=3)
        svg = _svg(fig)
    off = "; ".join(f"for I = {s} by up to {_fmt(a)} and {_fmt(b)}" for s, (a, b) in sorted(worst.items()))
    caption = (
        "Over a batch, the diagonal $\\partial y_i/\\partial x_i$ that the implementation's backward gives "
        "(filled markers) lies on the true $\\frac{\\gamma}{\\sqrt{\\sigma^2+\\epsilon}}"
        "(1 - \\frac{1}{I} - \\frac{\\hat{x}_i^2}{I})$, while seed 000 11.5's formula and seed 002's "
        "$\\gamma/\\sqrt{\\sigma^2+\\epsilon}$ (open markers) miss it, in units of "
        f"$\\gamma/\\sqrt{{\\sigma^2+\\epsilon}}$, {off}.")
    return svg, caption


# --- 3. The dropout commutation gap (seeds 003/004 P1) ------------------------------------------

def dropout_gap(series):
    import matplotlib

    with matplotlib.rc_context(RC):
        names = []
        for _, obs in series:
            for d in obs:
                names += [a["name"] for a in d["activations"] if a["name"] not in names]
        fig, axes = _figure(7.6, 4.0)
        ax = axes[0]
        offsets = _offsets(len(series), 0.22)
        commutes: dict[str, bool] = {}
        largest: dict[str, float] = {}
        for i, (label, obs) in enumerate(series):
            style = _style(i)
            for d in obs:
                kept = np.array(d["kept"], bool)
                for a in d["activations"]:
                    if "gap" not in a:
                        continue
                    gap, bound = np.array(a["gap"]), np.array(a["bound"])
                    x = names.index(a["name"]) + offsets[i]
                    jitter = np.linspace(-0.06, 0.06, gap.size)
                    ax.plot(x + jitter[kept], gap[kept], style["marker"], color=style["color"], ms=3,
                            ls="none", alpha=0.8, label=f"{label}: kept entries")
                    ax.plot(x + jitter[~kept], gap[~kept], style["marker"], color=style["color"], ms=3,
                            ls="none", mfc="none", alpha=0.8, label=f"{label}: dropped entries")
                    ok = bool(np.all(np.abs(gap) <= bound))
                    commutes[a["name"]] = commutes.get(a["name"], True) and ok
                    largest[a["name"]] = max(largest.get(a["name"], 0.0), float(np.max(np.abs(gap))))
        ax.axhline(0.0, color=TRUTH, lw=0.8)
        ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
        for tick, name in zip(ax.get_xticklabels(), names):
            tick.set_color("#1a7f37" if commutes.get(name) else SEED_A)
        ax.set_ylabel("$f(\\mathrm{drop}(y)) - \\mathrm{drop}(f(y))$")
        first = next((d for _, obs in series for d in obs), {})
        ax.set_title(f"one dropout mask, p = {first.get('p')}, on {len(first.get('y', []))} inputs in "
                     f"[{_fmt(min(first.get('y', [0])))}, {_fmt(max(first.get('y', [0])))}]"
                     " (green: commutes to rounding)")
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles))
        fig.legend(unique.values(), unique.keys(), loc="outside lower center", ncols=4)
        svg = _svg(fig)
    yes = [n for n in names if commutes.get(n)]
    no = sorted((n for n in names if n in commutes and not commutes[n]), key=lambda n: -largest[n])
    caption = (
        "With the same dropout mask applied before and after the activation, the gap "
        "$f(\\mathrm{drop}(y)) - \\mathrm{drop}(f(y))$ is zero to rounding for "
        f"{', '.join(yes) or 'no activation'} (the positively homogeneous ones, $f(cy) = c f(y)$), and "
        f"reaches {', '.join(f'{_fmt(largest[n])} for {n}' for n in no) or 'nothing'} "
        "(a dropped entry gives $f(0)$, a kept one $f(y/(1-p)) - f(y)/(1-p)$).")
    return svg, caption


# --- 4. sigma_min of the residual Jacobian (seeds 003/004 P3 iii) -------------------------------

def residual_sigma_min(series):
    import matplotlib

    with matplotlib.rc_context(RC):
        fig, axes = _figure(7.6, 4.4)
        ax = axes[0]
        top = max([p["norm"] for _, obs in series for d in obs for p in d["points"]] + [1.0])
        grid = np.linspace(0, top, 200)
        grid = grid[grid <= 1.0]
        ax.fill_between(grid, 0, 1 - grid, color="#1a7f37", alpha=0.10, lw=0)
        ax.plot(grid, 1 - grid, "-", color="#1a7f37", lw=1.2,
                label="bound $1 - \\|DA\\|_2$ (holds while $\\|DA\\|_2 < 1$)")
        ax.axvline(1.0, color="#888888", lw=0.8, ls=":")
        seed_case, below = None, 0
        for i, (label, obs) in enumerate(series):
            colour = _style(i)["color"]
            for d in obs:
                groups: dict[str, list] = {}
                for p in d["points"]:
                    groups.setdefault(p["series"], []).append(p)
                for name, pts in sorted(groups.items()):
                    pts = sorted(pts, key=lambda p: p["norm"])
                    x = [p["norm"] for p in pts]
                    y = [p["sigma_min"] for p in pts]
                    if "random" in name:
                        ax.plot(x, y, _style(i)["marker"], ls="none", color=colour, ms=3.5, alpha=0.6,
                                label=f"{label}: {name}")
                    else:
                        ax.plot(x, y, "-", marker="D", color=colour, ms=3.5, lw=0.9, mfc="none",
                                label=f"{label}: {name}")
                below += sum(1 for p in d["points"] if p["norm"] >= 1 and p["sigma_min"] < 1e-12)
                seed_case = seed_case or d.get("seed_case")
        if seed_case:
            ax.plot([seed_case["norm"]], [seed_case["sigma_min"]], "*", color=SEED_A, ms=15, zorder=5,
                    label="seeds 003/004 P3 (iii), \u201cthe identity prevents vanishing\u201d: "
                          "a counterexample")
            ax.annotate(seed_case["text"].replace(": ", ":\n", 1),
                        (seed_case["norm"], seed_case["sigma_min"]),
                        xytext=(1.2, -0.11), textcoords="data", fontsize=8, color=SEED_A, va="center",
                        arrowprops=dict(arrowstyle="->", color=SEED_A, lw=0.8))
        ax.set_xlabel("$\\|D A\\|_2$ (D = diag \u03c3\u2032(Ay + b))")
        ax.set_ylabel("smallest singular value of $I + DA$")
        ax.set_ylim(bottom=-0.18)
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=2)
        svg = _svg(fig)
    case = (f"the seeds' case {seed_case['text']} (star) has "
            f"$\\sigma_{{\\min}} = {_fmt(seed_case['sigma_min'])}$"
            if seed_case else "the seeds' case was not recorded")
    caption = (
        "The smallest singular value of the residual layer's Jacobian $I + DA$, read off the "
        "implementation's backward, stays above $1 - \\|DA\\|_2$ while $\\|DA\\|_2 < 1$, and beyond that it "
        f"can reach zero ({below // max(len(series), 1)} layer(s) per run with "
        f"$\\sigma_{{\\min}} = 0$): {case}, "
        "so the identity "
        "alone does not prevent vanishing gradients.")
    return svg, caption


# --- 5. Parameter counts, printed against counted ------------------------------------------------

def param_counts(series):
    import matplotlib

    with matplotlib.rc_context(RC):
        rows = [r for r in series[0][1][0]["rows"]] if series and series[0][1] else []
        labels = [f"{r['seed']}: {r['label']}" for r in rows]
        fig, axes = _figure(7.6, 1.6 + 0.24 * len(rows))
        ax = axes[0]
        y = np.arange(len(rows))[::-1]
        printed = np.array([r["printed"] for r in rows], float)
        ax.plot(printed, y, "D", ms=7, mfc="none", color=TRUTH, ls="none", label="printed in the seed")
        expressions = [(yy, r["expression"]) for yy, r in zip(y, rows)
                       if r.get("expression") is not None and r["expression"] != r["printed"]]
        if expressions:
            ax.plot([e for _, e in expressions], [yy for yy, _ in expressions], "x", color=SEED_A, ms=7,
                    ls="none", label="what the printed expression evaluates to")
            for yy, e in expressions:
                ax.plot([printed[list(y).index(yy)], e], [yy, yy], "-", color=SEED_A, lw=0.6, alpha=0.6)
        mismatches = {}
        for i, (label, obs) in enumerate(series):
            style = _style(i)
            for d in obs:
                counted = np.array([r["counted"] for r in d["rows"]], float)
                ax.plot(counted, y, style["marker"], color=style["color"], ms=4.5 - i * 0.7, ls="none",
                        label=f"{label}: counted")
                for r in d["rows"]:
                    if r["counted"] != r["printed"]:
                        mismatches[f"{r['seed']}: {r['label']}"] = (r["printed"], r["counted"])
        ax.set_yticks(y, labels)
        for tick, label in zip(ax.get_yticklabels(), labels):
            if label in mismatches:
                tick.set_color(SEED_A)
                tick.set_fontweight("bold")
        ax.set_xscale("log")
        ax.set_xlabel("parameters (log scale)")
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=2)
        svg = _svg(fig)
    n_match = len(rows) - len(mismatches)
    wrong = "; ".join(f"{k} printed {p:,}, counted {c:,}" for k, (p, c) in mismatches.items())
    caption = (
        f"Of the {len(rows)} parameter counts the seeds print, {n_match} match what the implementation "
        "counts "
        f"on its own layer objects{' (' + wrong + ')' if wrong else ''}, and {len(expressions)} printed "
        "layer expressions of seed 001 Q3 evaluate to something other than the value printed after them "
        "(crosses).")
    return svg, caption


@dataclass(frozen=True)
class Plot:
    kind: str  # the observation kind it draws
    title: str
    claims: tuple[str, ...]  # ledger ids it illustrates (those present in the ledger are linked)
    draw: object
    source: str  # the test that records the data


PLOTS = (
    Plot("init_variance_depth", "Variance through a linear network, against depth",
         ("003:P2-product", "004:P2-recursion", "004:P2-unrolled", "003:P2-layer1"), init_variance,
         "properties/initialisation/test_report_data.py::test_variance_against_depth"),
    Plot("bn_diagonal", "Batch norm: the diagonal of the Jacobian over a batch",
         ("000:11.5", "002:P1-derivative"), bn_diagonal,
         "properties/batch_norm/test_report_data.py::test_bn_diagonal_over_a_batch"),
    Plot("dropout_gap", "Dropout before or after the activation: the gap",
         ("003:P1-condition", "004:P1-homogeneous", "003:P1-relu", "003:P1-leaky", "003:P1-sigmoid",
          "004:P1-a", "004:P1-b", "004:P1-c"), dropout_gap,
         "properties/dropout/test_report_data.py::test_commutation_gap_per_activation"),
    Plot("residual_sigma_min", "Residual layers: does the identity keep the gradient?",
         ("003:P3-iii", "004:P3-iii", "003:P3-iii-zero", "004:P3-iii-zero"), residual_sigma_min,
         "properties/residual/test_report_data.py::test_smallest_singular_value_against_branch_norm"),
    Plot("param_counts", "Parameter counts of the seed architectures, printed against counted",
         ("000:11.6", "000:11.6-bn", "000:11.8-1", "000:11.8-2", "001:Q3-totals", "001:Q3-layers",
          "003:P4a-dense", "003:P4a-split"), param_counts,
         "properties/parameter_counts/test_report_data.py::test_printed_against_counted"),
)
