"""The chair's overview on the demo: the dashboard (counts that open what is
behind them, overdue actions, slipped milestones, budget, timeline), the risk
heat map (click and keyboard on a cell, inherent/residual, movement), the risk
register (add, reassess, close, reopen), the banding, and a highlight narrative."""

import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import click, open_initiative, open_portfolio, screenshot, wait_for, wait_text, wait_until

CELL = 'button.heat-cell[data-likelihood="{l}"][data-impact="{i}"]'


def seed(run_cli, workspace):
    """A fresh red status for 8.1, an over-budget year, a held meeting
    (2026-02-02, closed) whose action is overdue on 2026-03-01, and 7 tasks
    of the committee's own due after that action, overdue too (8 in all: more
    than the dashboard's first 6)."""
    run_cli(workspace, "initiative", "status", "8.1", "--rag", "red", "--note", "Leverandøren er forsinket")
    run_cli(workspace, "initiative", "budget", "8.1", "--year", "2025", "--budget", "1000000", "--actual", "1250000")
    run_cli(workspace, "committee", "add", "--name", "Porteføljestyregruppen", "--kind", "portfolio")
    run_cli(
        workspace, "member", "add", "--committee", "Porteføljestyregruppen", "--name", "Anne Formand", "--role", "chair"
    )
    m = run_cli(
        workspace,
        "meeting",
        "add",
        "--committee",
        "Porteføljestyregruppen",
        "--title",
        "Møde 1",
        "--at",
        "2026-02-02T10:00",
        "--duration",
        "60",
    ).stdout.strip()
    run_cli(workspace, "agenda", "add", m, "--title", "Status", "--initiative", "8.1", "--duration", "30")
    run_cli(workspace, "meeting", "state", m, "open")
    run_cli(
        workspace,
        "outcome",
        "add",
        m,
        "--item",
        "1",
        "--action",
        "Plan for udbud",
        "--owner",
        "Anne Formand",
        "--due",
        "2026-02-15",
    )
    run_cli(workspace, "meeting", "state", m, "closed")
    for n in range(7):
        run_cli(
            workspace,
            "task",
            "add",
            "--title",
            f"Egen opgave {n + 1}",
            "--due",
            f"2026-02-{16 + n}",
            "--committee",
            "Porteføljestyregruppen",
        )


def count(d, l, i) -> int:
    return int(d.find_element(By.CSS_SELECTOR, CELL.format(l=l, i=i)).get_attribute("data-count"))


def cell_counts(d) -> dict:
    return {
        (int(c.get_attribute("data-likelihood")), int(c.get_attribute("data-impact"))): int(
            c.get_attribute("data-count")
        )
        for c in d.find_elements(By.CSS_SELECTOR, "button.heat-cell")
    }


def set_date(d, css, value):
    """Date inputs: set the value and fire the events (typing depends on the locale)."""
    d.execute_script(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
        css,
        value,
    )


def set_number(d, css, value):
    el = wait_for(d, css)
    el.clear()
    el.send_keys(str(value))


def message(d, text):
    wait_text(d, "#message[role=status]", text)
    assert not d.find_element(By.CSS_SELECTOR, "#error[role=alert]").text.strip()


def test_chair_overview(launch_app, workspace, data_dir, run_cli):
    seed(run_cli, workspace)
    exports = data_dir.parent / "exports"
    exports.mkdir(exist_ok=True)
    d = launch_app(workspace, data_dir, env={"STEERCO_SAVE_DIR": str(exports)}).driver
    open_portfolio(d)

    # --- The dashboard -------------------------------------------------------
    click(d, "a#nav-dashboard")
    wait_for(d, "main#dashboard table#focus-counts")
    red = wait_for(d, 'tr[data-focus-area="8"] button.count[data-rag="red"]')
    assert red.get_attribute("data-count") == "1" and red.text.strip() == "1"
    # The 2016-2017 sample statuses are older than 90 days: grey, with the date shown.
    wait_text(d, '#dash-grid .stale[data-grey="stale"]', "for gammel")
    assert d.find_elements(
        By.CSS_SELECTOR, '#dash-grid tr[data-code="8.1"] td[data-dimension="overall"] span.rag[data-rag="red"]'
    )
    assert "Rød" in d.find_element(By.CSS_SELECTOR, '#dash-grid tr[data-code="8.1"] td[data-dimension="overall"]').text
    # The number opens what is behind it.
    click(d, 'tr[data-focus-area="8"] button.count[data-rag="red"]')
    items = wait_until(
        lambda: d.find_elements(By.CSS_SELECTOR, "#drill-list li[data-code]"), message="the list behind the count"
    )
    assert [li.get_attribute("data-code") for li in items] == ["8.1"]
    assert d.execute_script("return document.activeElement.closest('#drill') !== null"), "focus moves to the list"
    grey = d.find_element(By.CSS_SELECTOR, 'tr[data-focus-area="1"] button.count[data-rag="grey"]')
    n_grey = int(grey.get_attribute("data-count"))
    click(d, 'tr[data-focus-area="1"] button.count[data-rag="grey"]')
    wait_until(
        lambda: len(d.find_elements(By.CSS_SELECTOR, "#drill-list li[data-code]")) == n_grey,
        message=f"{n_grey} grey initiatives",
    )
    # The cards: an overdue action, slipped milestones, top risks, budget over.
    wait_text(d, "#overdue-actions li[data-task-id]", "Plan for udbud")
    assert d.find_elements(By.CSS_SELECTOR, "#milestones-slipped li[data-milestone-id] .slip-mark")
    assert len(d.find_elements(By.CSS_SELECTOR, "#top-risks li[data-risk-id]")) == 10
    wait_text(d, '#budget tr[data-code="8.1"][data-year="2025"] .over-budget', "over budget")
    assert "+250.000" in d.find_element(By.CSS_SELECTOR, '#budget tr[data-code="8.1"][data-year="2025"]').text
    screenshot(d, "dashboard")
    # The first 6 (due first) and the count of all (the demo's own and the 8
    # seeded: more than 6); "show all" reads the whole list, in the same order.
    total = int(d.find_element(By.CSS_SELECTOR, "#h-overdue .count-chip").text)
    assert total >= 8
    shown = lambda: [li.text for li in d.find_elements(By.CSS_SELECTOR, "#overdue-actions li[data-task-id]")]  # noqa: E731
    first = shown()
    assert len(first) == 6
    click(d, "#overdue-actions button.show-all")
    wait_until(lambda: len(shown()) == total, message=f"all {total} overdue actions")
    every = shown()
    assert every[:6] == first and "Egen opgave 7" in every[-1]
    assert any("Plan for udbud" in t for t in every)
    assert d.find_element(By.CSS_SELECTOR, "#overdue-actions button.show-all").get_attribute("aria-expanded") == "true"
    screenshot(d, "dashboard-overdue-all")
    click(d, "#overdue-actions button.show-all")
    wait_until(lambda: len(shown()) == 6, message="back to the first 6")
    # The timeline: one SVG per focus area with milestones, slipped ones marked.
    assert d.find_elements(By.CSS_SELECTOR, "#timeline svg.timeline g.tl-milestone")
    assert d.find_elements(By.CSS_SELECTOR, '#timeline g.tl-milestone[data-slipped="true"] text.tl-bang')
    d.execute_script("document.querySelector('#timeline').scrollIntoView()")
    screenshot(d, "timeline")

    # --- The heat map --------------------------------------------------------
    click(d, "a#nav-risks")
    wait_for(d, "main#risks table#heatmap")
    wait_until(lambda: len(d.find_elements(By.CSS_SELECTOR, "button.heat-cell")) == 25, message="25 cells")
    # Rows run from likelihood 5 down to 1, columns impact 1 to 5.
    first_row = d.find_elements(By.CSS_SELECTOR, "table#heatmap tbody tr")[0].find_elements(
        By.CSS_SELECTOR, "button.heat-cell"
    )
    assert [(b.get_attribute("data-likelihood"), b.get_attribute("data-impact")) for b in first_row] == [
        ("5", str(i)) for i in range(1, 6)
    ]
    inherent = cell_counts(d)
    total = sum(inherent.values())
    assert total > 0
    # The default "since" is the last meeting held.
    assert d.find_element(By.CSS_SELECTOR, "#heat-since").get_attribute("value") in ("02.02.2026", "2026-02-02")
    # Click a cell with risks: the list behind it.
    (l, i) = next(k for k, v in sorted(inherent.items(), reverse=True) if v > 0)
    click(d, CELL.format(l=l, i=i))
    wait_until(
        lambda: len(d.find_elements(By.CSS_SELECTOR, "#heat-cell-risks li[data-risk-id]")) == inherent[(l, i)],
        message="the risks behind the cell",
    )
    assert d.find_element(By.CSS_SELECTOR, "#heat-cell-risks").get_attribute("data-likelihood") == str(l)
    label = d.find_element(By.CSS_SELECTOR, CELL.format(l=l, i=i)).get_attribute("textContent")
    assert f"Sandsynlighed {l}, konsekvens {i}" in label and ("Lav" in label or "Mellem" in label or "Høj" in label)
    # The keyboard: cells are buttons; Tab to the next one and press Enter.
    d.execute_script("document.querySelector(arguments[0]).focus()", CELL.format(l=3, i=2))
    d.switch_to.active_element.send_keys(Keys.TAB)
    assert d.switch_to.active_element.get_attribute("data-impact") == "3"
    d.switch_to.active_element.send_keys(Keys.ENTER)
    wait_until(
        lambda: d.find_element(By.CSS_SELECTOR, "#heat-cell-risks").get_attribute("data-impact") == "3",
        message="Enter opens the cell",
    )
    assert d.find_element(By.CSS_SELECTOR, "#heat-cell-risks").get_attribute("data-likelihood") == "3"
    assert len(d.find_elements(By.CSS_SELECTOR, "#heat-cell-risks li[data-risk-id]")) == inherent[(3, 3)]

    # Residual: the same risks, most of them lower (the demo mitigates likelihood by one).
    click(d, "#heat-residual")
    wait_until(lambda: cell_counts(d) != inherent, message="residual counts")
    assert d.find_element(By.CSS_SELECTOR, "#heat-residual").get_attribute("aria-pressed") == "true"
    residual = cell_counts(d)
    assert sum(residual.values()) == total
    # Nothing sits higher than it did: residual likelihood is the inherent one less one (at least 1).
    assert sum(v for (rl, _), v in residual.items() if rl >= 4) <= sum(v for (rl, _), v in inherent.items() if rl >= 4)
    click(d, "#heat-inherent")
    wait_until(lambda: cell_counts(d) == inherent, message="inherent again")

    # Movement since a date: the demo's second assessment (2017-12-15) moved every risk.
    set_date(d, "#heat-since", "2017-09-01")
    wait_until(lambda: d.find_elements(By.CSS_SELECTOR, "button.heat-cell .moved-mark"), message="moved marks")
    moved = sum(int(c.get_attribute("data-moved")) for c in d.find_elements(By.CSS_SELECTOR, "button.heat-cell"))
    assert moved == total

    # --- Add a risk, see the count move; reassess, see it move again ----------
    top = count(d, 5, 5)
    sel = Select(wait_for(d, "select#risk-initiative"))
    sel.select_by_index(next(k for k, o in enumerate(sel.options) if o.text.startswith("8.1 ")))
    wait_for(d, "#risk-title").send_keys("Nøglemedarbejder stopper")
    wait_for(d, "#risk-cause").send_keys("Få personer kender løsningen")
    wait_for(d, "#risk-consequence").send_keys("Forsinkelse på et halvt år")
    Select(wait_for(d, "#risk-likelihood")).select_by_value("5")
    Select(wait_for(d, "#risk-impact")).select_by_value("5")
    wait_for(d, "#risk-mitigation").send_keys("Videndeling i teamet")
    Select(wait_for(d, "#risk-owner")).select_by_visible_text("Anne Formand")
    set_date(d, "#risk-review", "2026-06-01")
    click(d, "#submit-risk")
    message(d, "Nøglemedarbejder stopper")
    wait_until(lambda: count(d, 5, 5) == top + 1, message="the new risk in cell 5×5")
    row = wait_text(d, "table#risk-register tr[data-risk-id]", "Nøglemedarbejder stopper")
    rid = row.get_attribute("data-risk-id")
    assert row.get_attribute("data-band") == "high" and row.get_attribute("data-status") == "open"
    for text in ("Få personer kender løsningen", "Videndeling i teamet", "Anne Formand", "5×5 = 25", "Høj", "Åben"):
        assert text in row.text, text
    click(d, CELL.format(l=5, i=5))
    wait_for(d, f'#heat-cell-risks li[data-risk-id="{rid}"] .moved-chip')
    screenshot(d, "heatmap")

    low = count(d, 2, 2)
    click(d, f'tr[data-risk-id="{rid}"] button.reassess')
    form = f'tr[data-assess-for="{rid}"] form.assess-form'
    Select(wait_for(d, f"{form} select.assess-l")).select_by_value("2")
    Select(wait_for(d, f"{form} select.assess-i")).select_by_value("2")
    Select(wait_for(d, f"{form} select.assess-rl")).select_by_value("1")
    Select(wait_for(d, f"{form} select.assess-ri")).select_by_value("2")
    click(d, f"{form} button.assess-submit")
    message(d, "revurderet")
    wait_until(lambda: count(d, 5, 5) == top and count(d, 2, 2) == low + 1, message="the count moved from 5×5 to 2×2")
    row = wait_for(d, f'tr[data-risk-id="{rid}"]')
    wait_until(
        lambda: "2×2 = 4" in d.find_element(By.CSS_SELECTOR, f'tr[data-risk-id="{rid}"]').text, message="new score"
    )
    assert "1×2 = 2" in row.text and row.get_attribute("data-band") == "low"
    # The earlier assessment stays visible.
    click(d, f'tr[data-risk-id="{rid}"] details.risk-history summary')
    wait_until(
        lambda: (
            d.find_element(By.CSS_SELECTOR, f'tr[data-risk-id="{rid}"] details.risk-history').get_attribute("open")
            is not None
        ),
        message="history open",
    )
    assert "5×5 = 25" in d.find_element(
        By.CSS_SELECTOR, f'tr[data-risk-id="{rid}"] details.risk-history li'
    ).get_attribute("textContent")

    # Close and reopen: a closed risk leaves the heat map.
    click(d, f'tr[data-risk-id="{rid}"] button.risk-toggle')
    wait_until(
        lambda: d.find_element(By.CSS_SELECTOR, f'tr[data-risk-id="{rid}"]').get_attribute("data-status") == "closed",
        message="closed",
    )
    wait_until(lambda: count(d, 2, 2) == low, message="closed risk off the map")
    click(d, f'tr[data-risk-id="{rid}"] button.risk-toggle')
    wait_until(
        lambda: d.find_element(By.CSS_SELECTOR, f'tr[data-risk-id="{rid}"]').get_attribute("data-status") == "open",
        message="reopened",
    )
    wait_until(lambda: count(d, 2, 2) == low + 1, message="reopened risk on the map")
    d.execute_script(
        "document.querySelector(arguments[0]).open = true", f'tr[data-risk-id="{rid}"] details.risk-history'
    )
    d.execute_script(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", f'tr[data-risk-id="{rid}"]'
    )
    screenshot(d, "risk-register")

    # --- Banding ---------------------------------------------------------------
    assert d.find_element(By.CSS_SELECTOR, CELL.format(l=3, i=3)).get_attribute("data-band") == "medium"
    assert d.find_element(By.CSS_SELECTOR, CELL.format(l=2, i=2)).get_attribute("data-band") == "low"
    set_number(d, "#band-low", 2)
    set_number(d, "#band-medium", 6)
    set_number(d, "#grey-after", 120)
    click(d, "#save-settings")
    message(d, "grå efter 120 dage")
    wait_until(
        lambda: d.find_element(By.CSS_SELECTOR, CELL.format(l=3, i=3)).get_attribute("data-band") == "high",
        message="9 is high now",
    )
    assert d.find_element(By.CSS_SELECTOR, CELL.format(l=2, i=2)).get_attribute("data-band") == "medium"
    # The new risk's residual 1×2 = 2 is still low; the register bands by the new bands.
    assert d.find_element(By.CSS_SELECTOR, f'tr[data-risk-id="{rid}"]').get_attribute("data-band") == "low"
    assert "Høj: score 7-25" in d.find_element(By.CSS_SELECTOR, "ul.heat-legend").text
    # An impossible banding cannot be saved.
    set_number(d, "#band-medium", 1)
    wait_for(d, "#bands-invalid")
    assert not d.find_element(By.CSS_SELECTOR, "#save-settings").is_enabled()
    click(d, "a#nav-dashboard")
    wait_text(d, "#dash-asof", "120 dage")

    # --- The highlight narrative -----------------------------------------------
    click(d, "a#nav-portfolio")
    open_portfolio(d)
    open_initiative(d, "8.1")
    assert Select(wait_for(d, "select#highlight-period")).first_selected_option.get_attribute("value") == "2026-Q1"
    wait_for(d, f'table#risk-register tr[data-risk-id="{rid}"]')
    summary = wait_for(d, "#hl-status-summary")
    summary.send_keys("Udbuddet er forsinket en måned.")
    wait_for(d, "#hl-decisions-needed").send_keys("Godkend ny tidsplan.")
    click(d, "#save-highlight")
    message(d, "2026-Q1")
    # Another period is empty; back to this one, the text is there.
    Select(wait_for(d, "select#highlight-period")).select_by_value("2025-Q4")
    wait_until(
        lambda: d.find_element(By.CSS_SELECTOR, "#hl-status-summary").get_attribute("value") == "",
        message="empty 2025-Q4",
    )
    Select(wait_for(d, "select#highlight-period")).select_by_value("2026-Q1")
    wait_until(
        lambda: (
            d.find_element(By.CSS_SELECTOR, "#hl-status-summary").get_attribute("value")
            == "Udbuddet er forsinket en måned."
        ),
        message="the saved narrative",
    )
    assert d.find_element(By.CSS_SELECTOR, "#hl-decisions-needed").get_attribute("value") == "Godkend ny tidsplan."
    d.execute_script("document.querySelector('#h-risks').scrollIntoView()")
    screenshot(d, "initiative-risks-highlight")

    # --- Reports: the highlight report from this page, the annual status
    # report from the dashboard (STEERCO_SAVE_DIR stands in for the dialog).
    Select(wait_for(d, "select#highlight-format")).select_by_value("md")
    click(d, "#export-highlight")
    wait_text(d, "#message[role=status]", "highlight-8.1-2026-Q1.md")
    highlight = (exports / "highlight-8.1-2026-Q1.md").read_text()
    assert "Udbuddet er forsinket en måned." in highlight and "Godkend ny tidsplan." in highlight
    click(d, "a#nav-dashboard")
    Select(wait_for(d, "select#report-year")).select_by_value("2026")
    click(d, "#export-status-report")
    wait_text(d, "#message[role=status]", "statusredegoerelse-2026.pdf")
    pdf = exports / "statusredegoerelse-2026.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Statusredegørelse 2026" in text and "Eksempeldata" in text
