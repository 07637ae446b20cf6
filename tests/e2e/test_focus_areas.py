"""A committee starts from an empty workspace: the portfolio says how to start,
and the focus areas are added, renamed and renumbered, reordered and deleted in
the app (no CLI step after the empty workspace is made)."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click, open_portfolio, screenshot, wait_for, wait_text, wait_until


def order(d) -> list[str]:
    """The focus area numbers in the management table, in their order."""
    return d.execute_script(
        "return [...document.querySelectorAll('#fa-table tbody tr[data-focus-area]')].map(e => e.dataset.focusArea)"
    )


def portfolio_order(d) -> list[str]:
    """The focus area sections of the portfolio, in their order."""
    return d.execute_script("return [...document.querySelectorAll('section.focus-area')].map(e => e.dataset.focusArea)")


def add_area(d, number: str, name: str) -> None:
    field = wait_for(d, "input#fa-number")
    field.clear()
    if number:
        field.send_keys(number)
    name_field = d.find_element(By.CSS_SELECTOR, "input#fa-name")
    name_field.clear()
    name_field.send_keys(name)
    click(d, "button#fa-submit")


def test_focus_areas_from_an_empty_workspace(launch_app, run_cli, tmp_path, data_dir):
    ws = tmp_path / "empty.steerco"
    run_cli(ws, "init", "--name", "Styregruppen")
    d = launch_app(ws, data_dir, lang="da").driver
    open_portfolio(d)

    # Nothing searched: how to start, not "no initiative matches".
    empty = wait_text(d, "#portfolio-empty", "Tilføj et fokusområde")
    assert "demo" in empty.text.lower()
    assert "matcher søgningen" not in d.find_element(By.CSS_SELECTOR, "main#portfolio").text
    wait_for(d, "#fa-none")
    screenshot(d, "portfolio-empty-da")

    add_area(d, "1", "Data")
    wait_for(d, '#fa-table tr[data-focus-area="1"]')
    add_area(d, "2", "Borgere")
    wait_for(d, '#fa-table tr[data-focus-area="2"]')
    # No number typed: the next free one (shown as the placeholder).
    add_area(d, "", "Drift")
    wait_for(d, '#fa-table tr[data-focus-area="3"]')
    assert order(d) == ["1", "2", "3"]
    wait_until(lambda: portfolio_order(d) == ["1", "2", "3"], message="the portfolio shows the areas")

    # Rename and renumber in place.
    click(d, '#fa-table tr[data-focus-area="1"] button.fa-edit-button')
    number = wait_for(d, "input#fa-edit-number")
    number.clear()
    number.send_keys("7")
    name = d.find_element(By.CSS_SELECTOR, "input#fa-edit-name")
    name.clear()
    name.send_keys("Gode data")
    d.find_element(By.CSS_SELECTOR, "input#fa-edit-name-en").send_keys("Good data")
    click(d, "button#fa-edit-save")
    wait_text(d, '#fa-table tr[data-focus-area="7"] td.fa-name', "Gode data")
    # Never moved by hand: the areas follow their numbers.
    wait_until(lambda: order(d) == ["2", "3", "7"], message="order by number")

    # Reorder: 7 up one place, and the portfolio follows.
    click(d, '#fa-table tr[data-focus-area="7"] button.fa-up')
    wait_until(lambda: order(d) == ["2", "7", "3"], message="7 moved up")
    wait_until(lambda: portfolio_order(d) == ["2", "7", "3"], message="the portfolio in the new order")
    click(d, '#fa-table tr[data-focus-area="2"] button.fa-down')
    wait_until(lambda: order(d) == ["7", "2", "3"], message="2 moved down")
    screenshot(d, "focus-areas-da")

    # Delete an empty one.
    click(d, '#fa-table tr[data-focus-area="3"] button.fa-delete')
    wait_until(lambda: order(d) == ["7", "2"], message="3 deleted")
    wait_until(lambda: portfolio_order(d) == ["7", "2"], message="3 gone from the portfolio")
    # Still no initiative: still the guidance.
    wait_for(d, "#portfolio-empty")

    # The same in English.
    Select(wait_for(d, "select#language")).select_by_value("en")
    wait_text(d, "#portfolio-empty", "Start your portfolio")
    wait_text(d, "#h-focus-areas", "Focus areas")
    wait_text(d, '#fa-table tr[data-focus-area="7"]', "Good data")
    screenshot(d, "portfolio-empty-en")
    click(d, '#fa-table tr[data-focus-area="2"] button.fa-edit-button')
    wait_for(d, "input#fa-edit-name")
    screenshot(d, "focus-areas-en")


def test_initiatives_without_a_focus_area_show_and_count(launch_app, run_cli, tmp_path, data_dir):
    ws = tmp_path / "loose.steerco"
    run_cli(ws, "init", "--name", "Styregruppen")
    run_cli(ws, "focus-area", "add", "--number", "1", "--name", "Data")
    run_cli(ws, "initiative", "add", "--code", "1.1", "--title", "Datadeling", "--focus-area", "1")
    run_cli(ws, "initiative", "add", "--code", "X.1", "--title", "Løst initiativ")
    run_cli(ws, "initiative", "status", "X.1", "--rag", "red")
    d = launch_app(ws, data_dir, lang="da").driver
    open_portfolio(d)

    loose = wait_text(d, 'section.focus-area[data-focus-area=""]', "Uden fokusområde")
    assert "Løst initiativ" in loose.text
    assert not d.find_elements(By.CSS_SELECTOR, "#portfolio-empty")

    click(d, "a#nav-dashboard")
    row = wait_text(d, '#focus-counts tbody tr[data-focus-area=""]', "Uden fokusområde")
    assert row.find_element(By.CSS_SELECTOR, '[data-rag="red"][data-count]').get_attribute("data-count") == "1"
    totals = [int(td.text) for td in d.find_elements(By.CSS_SELECTOR, "#focus-counts tfoot td")]
    assert sum(totals) == 2, totals
    screenshot(d, "dashboard-no-focus-area-da")

    Select(wait_for(d, "select#language")).select_by_value("en")
    wait_text(d, '#focus-counts tbody tr[data-focus-area=""]', "No focus area")
    screenshot(d, "dashboard-no-focus-area-en")
