"""Open a page of the HTML report in headless Chromium (Debian's) and say what a reader would not see.

``check(path, claim_ids, plot_kinds)`` loads the file with every network request
refused (the page must need none), and returns a ``Result``: console errors,
page errors, requests that left the folder, ledger ids without a visible claim
card, plot kinds without a visible SVG, and MathML that did not lay out. It
saves a screenshot when asked. Chromium runs through Playwright's Python
package with ``executable_path`` set (no browser download), a fresh profile
folder, and the flags that running as root in a container needs.

Also a command: ``python tests/browser_check.py reports/html/index.html [out.png [css selector]]``
(every ledger claim and every plot must be visible in index.html).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Present and visible: in the DOM, laid out with a non-zero box, and no ancestor hidden.
_VISIBLE = """
(el) => {
  if (!el || !el.isConnected) return false;
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return false;
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse'
        || parseFloat(s.opacity) === 0) return false;
  }
  return true;
}
"""

_INVENTORY = """
(visible) => {
  const isVisible = eval(visible);
  const claims = {}, plots = {};
  for (const el of document.querySelectorAll('[data-claim]')) claims[el.dataset.claim] = isVisible(el);
  for (const el of document.querySelectorAll('figure[data-plot]')) {
    const svg = el.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : null;
    plots[el.dataset.plot] = !!svg && isVisible(svg) && isVisible(el) && box.width > 50 && box.height > 50
      && svg.querySelectorAll('path, use, text').length > 10;
  }
  const maths = [...document.querySelectorAll('math')];
  const flat = maths.filter(m => {
    const r = m.getBoundingClientRect(); return r.width <= 0 || r.height <= 0; });
  return {claims, plots, maths: maths.length, flatMaths: flat.length,
          title: document.title, height: document.documentElement.scrollHeight};
}
"""


@dataclass
class Result:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    missing_claims: list[str] = field(default_factory=list)
    hidden_claims: list[str] = field(default_factory=list)
    missing_plots: list[str] = field(default_factory=list)
    maths: int = 0
    flat_maths: int = 0
    title: str = ""
    height: int = 0

    def problems(self) -> list[str]:
        out = [f"console error: {e}" for e in self.console_errors]
        out += [f"page error: {e}" for e in self.page_errors]
        out += [f"network request: {u}" for u in self.external_requests]
        out += [f"claim not in the page: {c}" for c in self.missing_claims]
        out += [f"claim in the page but not visible: {c}" for c in self.hidden_claims]
        out += [f"plot missing or not visible: {p}" for p in self.missing_plots]
        if self.flat_maths:
            out.append(f"{self.flat_maths} of {self.maths} formulas have no size")
        return out


def available() -> str | None:
    """Why the check cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install '.[report]' playwright)"
    return None


def check(path: Path, claim_ids=(), plot_kinds=(), *, screenshot: Path | None = None,
          full_page: bool = False, clip_selector: str | None = None, width: int = 1280,
          height: int = 1600) -> Result:
    from playwright.sync_api import sync_playwright

    path = Path(path).resolve()
    folder = path.parent
    result = Result()
    profile = Path(tempfile.mkdtemp(prefix="dnn-invariants-chromium-"))
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
                viewport={"width": width, "height": height}, offline=True)
            try:
                page = context.new_page()

                def route(r):
                    url = r.request.url
                    if url.startswith("file://") and Path(url[7:].split("#")[0].split("?")[0]).is_relative_to(
                            folder):
                        r.continue_()
                    else:
                        result.external_requests.append(url)
                        r.abort()

                page.route("**/*", route)
                page.on("console", lambda m: m.type == "error" and result.console_errors.append(m.text))
                page.on("pageerror", lambda e: result.page_errors.append(str(e)))
                page.goto(path.as_uri(), wait_until="load")
                inv = page.evaluate(_INVENTORY, _VISIBLE)
                result.missing_claims = sorted(set(claim_ids) - set(inv["claims"]))
                result.hidden_claims = sorted(c for c, ok in inv["claims"].items() if not ok)
                result.missing_plots = sorted(k for k in plot_kinds if not inv["plots"].get(k))
                result.maths, result.flat_maths = inv["maths"], inv["flatMaths"]
                result.title, result.height = inv["title"], inv["height"]
                if screenshot is not None:
                    Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                    if clip_selector:
                        page.locator(clip_selector).first.screenshot(path=str(screenshot))
                    else:
                        page.screenshot(path=str(screenshot), full_page=full_page)
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return result


if __name__ == "__main__":
    target = Path(sys.argv[1])
    shot = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    selector = sys.argv[3] if len(sys.argv) > 3 else None
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout, run as a script
    from dnn_invariants.harness import ledger
    from dnn_invariants.harness.plots import PLOTS

    ids, kinds = [c.id for c in ledger.load()], [p.kind for p in PLOTS]
    if target.name != "index.html":  # a run page: its plots only, no claim cards
        ids, kinds = [], []
    r = check(target, ids, kinds, screenshot=shot, clip_selector=selector)
    print(f"{r.title}: {r.height}px tall, {r.maths} formulas")
    print("\n".join(r.problems()) or "no problems")
