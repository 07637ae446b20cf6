"""Scroll benchmark (not part of `make test`: tools/app-bench runs it for `make bench`).

Opens the portfolio of the 1,000-initiative bench workspace ($STEERCO_BENCH_WS)
and scrolls it from top to bottom, one step of 200 px per animation frame,
recording the time between frames (requestAnimationFrame timestamps). A stall
is a frame gap over 50 ms. Then checks that every row is reachable: a jump to
the end shows the last row, and stepping through the page a window at a time
meets all 1,000 rows (the long list keeps only the rows near the window in the
page, each with its aria-rowindex).
"""

import os
from pathlib import Path

from conftest import open_portfolio, screenshot, wait_for

SCROLL = """
const done = arguments[arguments.length - 1];
const gaps = [];
let last = null, y = 0;
const max = document.documentElement.scrollHeight - window.innerHeight;
function step(t) {
  if (last !== null) gaps.push(t - last);
  last = t;
  y += 200;
  window.scrollTo(0, y);
  if (y < max) requestAnimationFrame(step); else done({ gaps, height: max });
}
window.scrollTo(0, 0);
requestAnimationFrame(step);
"""

# From the top, a jump to the end of the page: ms until the last row is in it.
JUMP = """
const done = arguments[arguments.length - 1];
window.scrollTo(0, 0);
requestAnimationFrame(() => {
  const start = performance.now();
  window.scrollTo(0, document.documentElement.scrollHeight);
  const last = arguments[0];
  (function poll() {
    if (document.querySelector(`tr[data-code="${last}"]`)) done(performance.now() - start);
    else if (performance.now() - start > 5000) done(null);
    else requestAnimationFrame(poll);
  })();
});
"""

# Every row met when stepping a window at a time, and the rows the tables say they hold.
WALK = """
const done = arguments[arguments.length - 1];
const seen = new Set();
let y = 0;
const rowcount = [...document.querySelectorAll('table.portfolio-table')]
  .reduce((n, t) => n + Number(t.getAttribute('aria-rowcount')) - 1, 0);
function step() {
  for (const tr of document.querySelectorAll('tr[data-code]')) seen.add(tr.dataset.code);
  if (y >= document.documentElement.scrollHeight) return done({ seen: seen.size, rowcount });
  y += window.innerHeight;
  window.scrollTo(0, y);
  requestAnimationFrame(() => requestAnimationFrame(step));
}
window.scrollTo(0, 0);
requestAnimationFrame(step);
"""


def test_scroll_bench_portfolio(launch_app, data_dir):
    ws = Path(os.environ["STEERCO_BENCH_WS"])
    d = launch_app(ws, data_dir).driver
    open_portfolio(d)
    wait_for(d, "tr[data-code]", timeout=30)
    in_page = len(d.find_elements("css selector", "tr[data-code]"))
    result = d.execute_async_script(SCROLL)
    gaps = sorted(result["gaps"])

    def p(q: float) -> float:
        return gaps[min(len(gaps) - 1, int(len(gaps) * q))]

    stalls = sum(1 for g in gaps if g > 50)
    screenshot(d, "bench-portfolio-end")
    codes = d.execute_script("return [...document.querySelectorAll('tr[data-code]')].map(e => e.dataset.code)")
    jump = d.execute_async_script(JUMP, codes[-1])
    walk = d.execute_async_script(WALK)
    print(
        f"\napp, bench workspace: scrolled {result['height']} px over {walk['rowcount']} rows "
        f"({in_page} in the page at a time) in {len(gaps)} frames: "
        f"frame gap median {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms (target < 20), max {gaps[-1]:.1f} ms, "
        f"{stalls} over 50 ms; the last row shown {jump:.0f} ms after a jump to the end; "
        f"{walk['seen']} rows met stepping through"
    )
    assert walk["rowcount"] >= 1000
    assert walk["seen"] == walk["rowcount"], "every row reachable by scrolling"
    assert jump is not None
