"""Scroll benchmark (not part of `make test`: tools/app-bench runs it for `make bench`).

Opens the portfolio of the 1,000-initiative bench workspace ($STEERCO_BENCH_WS)
and scrolls it from top to bottom, one step of 200 px per animation frame,
recording the time between frames. A stall is a frame gap over 50 ms.
"""

import os
from pathlib import Path

from conftest import open_portfolio, wait_for, wait_until

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
requestAnimationFrame(step);
"""


def test_scroll_bench_portfolio(launch_app, data_dir):
    ws = Path(os.environ["STEERCO_BENCH_WS"])
    d = launch_app(ws, data_dir).driver
    open_portfolio(d)
    wait_for(d, "tr[data-code]", timeout=30)
    # The portfolio renders in chunks; scroll once every row is in.
    wait_until(lambda: len(d.find_elements("css selector", "tr[data-code]")) >= 1000, timeout=30, message="1000 rows")
    rows = len(d.find_elements("css selector", "tr[data-code]"))
    result = d.execute_async_script(SCROLL)
    gaps = sorted(result["gaps"])

    def p(q: float) -> float:
        return gaps[min(len(gaps) - 1, int(len(gaps) * q))]

    stalls = sum(1 for g in gaps if g > 50)
    print(
        f"\napp, bench workspace: scrolled {result['height']} px over {rows} rows in {len(gaps)} frames: "
        f"frame gap median {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, max {gaps[-1]:.1f} ms, {stalls} over 50 ms"
    )
    assert rows >= 1000
