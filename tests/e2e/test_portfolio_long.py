"""A long portfolio (360 initiatives in 3 focus areas, imported by the CLI from
a spreadsheet) keeps only the rows near the window in the page: the tables
still tell their full size and each row's place (aria-rowcount,
aria-rowindex), the last row is reached by scrolling, Tab walks on from row to
row past the rows first rendered, and the filter finds a row far down.
Screenshots `portfolio-long-da`, `portfolio-long-end-da`."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import active, click, open_portfolio, screenshot, wait_for, wait_text, wait_until
from test_keyboard import press

AREAS = 3
PER_AREA = 120


def long_workspace(run_cli, tmp_path):
    ws = tmp_path / "long.steerco"
    run_cli(ws, "init", "--name", "Stor portefølje")
    lines = ["Fokusområde;Nr.;Titel;Ansvarlig"]
    for a in range(1, AREAS + 1):
        for n in range(1, PER_AREA + 1):
            lines.append(f"{a} Område {a};{a}.{n};Initiativ {a}.{n};Ejer {n % 7}")
    sheet = tmp_path / "long.csv"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_cli(ws, "import", "spreadsheet", str(sheet))
    return ws


def in_page(d) -> list[str]:
    return d.execute_script("return [...document.querySelectorAll('tr[data-code]')].map(e => e.dataset.code)")


def test_long_portfolio_is_virtual_and_every_row_reachable(launch_app, run_cli, tmp_path, data_dir):
    ws = long_workspace(run_cli, tmp_path)
    d = launch_app(ws, data_dir, lang="da").driver
    open_portfolio(d)
    wait_for(d, 'tr[data-code="1.1"]')
    wait_text(d, "#portfolio-count", "360")

    codes = in_page(d)
    assert 10 < len(codes) < 200, f"{len(codes)} rows in the page"
    counts = d.execute_script(
        "return [...document.querySelectorAll('table.portfolio-table')].map(t => t.getAttribute('aria-rowcount'))"
    )
    assert counts == [str(PER_AREA + 1)] * AREAS
    assert d.find_element(By.CSS_SELECTOR, 'tr[data-code="1.5"]').get_attribute("aria-rowindex") == "6"
    screenshot(d, "portfolio-long-da")

    # Scrolled to the end of the last area: its last row, in its place.
    d.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    last = wait_for(d, f'tr[data-code="3.{PER_AREA}"]')
    assert last.get_attribute("aria-rowindex") == str(PER_AREA + 1)
    assert "1.1" not in in_page(d), "rows far above the window are out of the page"
    screenshot(d, "portfolio-long-end-da")

    # Tab from the first row's link walks row by row, past the rows first rendered.
    d.execute_script("window.scrollTo(0, 0)")
    wait_for(d, 'tr[data-code="1.1"]')
    d.execute_script("document.querySelector('tr[data-code=\"1.1\"] a').focus()")
    steps = 60
    for n in range(2, steps + 2):
        press(d, Keys.TAB)
        wait_until(lambda n=n: active(d)["code"] == f"1.{n}", timeout=5, message=f"focus on row 1.{n}")
    shown = d.execute_script(
        "const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight"
    )
    assert shown, "the focused row is scrolled into the window"

    # The app's own filter finds a row that is not in the page.
    d.execute_script("window.scrollTo(0, 0)")
    assert "2.117" not in in_page(d)
    click(d, "#search")
    press(d, "Initiativ 2.117")
    wait_until(lambda: in_page(d) == ["2.117"], message="the filter finds 2.117")
