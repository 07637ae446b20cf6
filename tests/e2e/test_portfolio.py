"""The portfolio and an initiative page: read, add a status, edit, persist."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    RAG_LABELS,
    click,
    open_initiative,
    open_portfolio,
    rag_css,
    wait_for,
    wait_text,
    wait_until,
)


def status_rows(d):
    return d.find_elements(By.CSS_SELECTOR, "table#status-history tr[data-status-id]")


def test_add_status_shows_in_portfolio_and_persists(launch_app, workspace, data_dir):
    app = launch_app(workspace, data_dir)
    d = app.driver
    open_portfolio(d)
    sections = wait_until(
        lambda: len(s := d.find_elements(By.CSS_SELECTOR, "section[data-focus-area]")) == 9 and s,
        message="9 focus-area sections",
    )
    assert sorted(int(s.get_attribute("data-focus-area")) for s in sections) == list(range(1, 10))
    assert all(s.find_elements(By.CSS_SELECTOR, "h2") for s in sections)
    wait_for(d, 'tr[data-code="8.1"] a[data-initiative-link]')
    # The demo's sample status of 8.1 is not red, so red below is a real change.
    assert not d.find_elements(By.CSS_SELECTOR, rag_css("8.1", "overall", "red"))

    open_initiative(d, "8.1")
    before = len(status_rows(d))
    Select(wait_for(d, "select#status-dimension")).select_by_value("overall")
    Select(wait_for(d, "select#status-rag")).select_by_value("red")
    wait_for(d, "textarea#status-reason").send_keys("Leverandøren er forsinket")
    click(d, "#submit-status")
    wait_until(lambda: len(status_rows(d)) == before + 1, message="one more status row")
    wait_text(d, "table#status-history tr[data-status-id]", "Leverandøren er forsinket")
    wait_until(lambda: d.find_element(By.CSS_SELECTOR, "#message[role=status]").text.strip(), message="a confirmation")
    assert not d.find_element(By.CSS_SELECTOR, "#error[role=alert]").text.strip()

    click(d, "a#nav-portfolio")
    open_portfolio(d)
    assert_real_red(d)

    # Restart on the same data folder, naming no workspace: the app opens the
    # last one it had open, and the status is in that file.
    app.quit()
    d = launch_app(None, data_dir).driver
    open_portfolio(d)
    assert_real_red(d)


def assert_real_red(d):
    """8.1's overall cell is red with its label, and no longer marked as sample data."""
    cell = 'tr[data-code="8.1"] td[data-dimension="overall"]'
    wait_until(
        lambda: (
            d.find_elements(By.CSS_SELECTOR, rag_css("8.1", "overall", "red"))
            and not d.find_elements(By.CSS_SELECTOR, f"{cell} .sample-marker")
        ),
        message="8.1 overall red and not sample",
    )
    assert RAG_LABELS["da"]["red"] in d.find_element(By.CSS_SELECTOR, rag_css("8.1", "overall")).text


def test_edit_initiative_and_add_milestone(app):
    d = app.driver
    open_portfolio(d)
    open_initiative(d, "8.1")

    title = wait_for(d, "#field-title")
    title.clear()
    title.send_keys("Gode data – ny titel")
    lead = wait_for(d, "#field-lead")
    lead.clear()
    lead.send_keys("Digitaliseringsstyrelsen")
    Select(wait_for(d, "select#field-phase")).select_by_value("implementation")
    click(d, "#save-initiative")
    wait_text(d, "h1#initiative-title", "Gode data – ny titel")
    # The change log names who changed it.
    wait_text(d, "table#change-history tbody tr", "Testbruger")
    # When, in the workspace's time zone: STEERCO_NOW 09:00 UTC is 10:00 in
    # Copenhagen, on a computer running on UTC. (The first cell, read in one
    # step: the table may re-render under a held element.)
    change = d.execute_script("return document.querySelector('table#change-history tbody tr td').textContent")
    assert re.search(r"\b10[.:]00\b", change), f"10:00 Copenhagen time: {change}"

    rows = len(d.find_elements(By.CSS_SELECTOR, "table#milestones tbody tr"))
    wait_for(d, "#milestone-title").send_keys("Pilot i tre kommuner")
    set_date(d, "#milestone-due", "2026-06-30")
    click(d, "#submit-milestone")
    wait_until(
        lambda: len(d.find_elements(By.CSS_SELECTOR, "table#milestones tbody tr")) == rows + 1,
        message="one more milestone",
    )
    wait_text(d, "table#milestones tbody tr", "Pilot i tre kommuner")

    click(d, "a#nav-portfolio")
    wait_text(d, 'tr[data-code="8.1"] a[data-initiative-link]', "Gode data – ny titel")


def set_date(d, css, iso):
    """Fill an <input type=date>. Typing into WebKit's date fields depends on
    the locale's field order, so set the value and fire the events a user's
    edit would."""
    d.execute_script(
        """const e = document.querySelector(arguments[0]);
           e.value = arguments[1];
           e.dispatchEvent(new Event('input', {bubbles: true}));
           e.dispatchEvent(new Event('change', {bubbles: true}));""",
        css,
        iso,
    )
