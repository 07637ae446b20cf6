"""A screenshot of every main view in both languages: target/screenshots/<view>-<lang>.png."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click, open_initiative, open_portfolio, screenshot, wait_for, wait_until

LANGS = ["da", "en"]


def shot(d, name, lang):
    wait_until(lambda: d.execute_script("return document.documentElement.lang") == lang, message=f"lang {lang}")
    screenshot(d, f"{name}-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_start(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang).driver
    wait_for(d, "#open-demo")
    shot(d, "start", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_identity(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang, env={"STEERCO_USER": None}).driver
    wait_for(d, "form#identity")
    shot(d, "identity", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_portfolio_and_initiative(launch_app, workspace, data_dir, lang):
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    wait_for(d, 'tr[data-code="8.1"]')
    shot(d, "portfolio", lang)
    open_initiative(d, "8.1")
    wait_for(d, "table#status-history tr[data-status-id]")
    shot(d, "initiative", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_meeting_corrections(launch_app, workspace, data_dir, lang):
    """The demo's draft meeting with its edit form and an item's edit form
    open; then opened, a note recorded and its correction form open."""
    d = launch_app(workspace, data_dir, lang=lang).driver
    d.set_window_size(1024, 700)
    open_portfolio(d)
    click(d, "a#nav-meetings")
    click(d, 'tr[data-meeting-id]:has([data-state="draft"]) a[data-meeting-link]')
    wait_for(d, '#meeting-state[data-state="draft"]')
    click(d, "#meeting-edit")
    wait_for(d, "#meeting-edit-form")
    item = 'li[data-item-number="2"]'
    click(d, f"{item} .edit-item")
    wait_for(d, f"{item} form.item-edit")
    d.execute_script("window.scrollTo(0, 0)")
    shot(d, "meeting-edit", lang)
    d.execute_script("document.querySelector(arguments[0]).scrollIntoView()", item)
    shot(d, "agenda-item-edit", lang)

    click(d, f"{item} .cancel-item-edit")
    click(d, "#cancel-meeting-edit")
    click(d, "#state-open")
    wait_for(d, '#meeting-state[data-state="open"]')
    form = f"{item} form.outcome-form"
    Select(wait_for(d, f"{form} select.outcome-kind")).select_by_value("note")
    wait_for(d, f"{form} textarea.outcome-text").send_keys("Status gennemgået" if lang == "da" else "Status reviewed")
    click(d, f"{form} button.outcome-submit")
    click(d, f"{item} li[data-outcome-kind] .edit-outcome")
    wait_for(d, f"{item} form.outcome-edit")
    d.execute_script("document.querySelector(arguments[0]).scrollIntoView()", item)
    shot(d, "outcome-edit", lang)
    click(d, f"{item} li[data-outcome-kind] .cancel-outcome-edit")
    click(d, f"{item} li[data-outcome-kind] .delete-outcome")
    wait_for(d, "#undo-delete")
    shot(d, "undo-delete", lang)
    assert d.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert not d.find_element(By.CSS_SELECTOR, "#error").text.strip()

    # Cancelled: the form, then the meeting as cancelled.
    d.execute_script("window.scrollTo(0, 0)")
    click(d, "#meeting-cancel-open")
    wait_for(d, "#cancel-reason").send_keys("Formanden er syg" if lang == "da" else "The chair is ill")
    shot(d, "meeting-cancel", lang)
    click(d, "#submit-cancel-meeting")
    wait_for(d, "#meeting-cancelled")
    d.execute_script("window.scrollTo(0, 0)")
    shot(d, "meeting-cancelled", lang)

    # A member's role and e-mail address, edited in place.
    click(d, "a#nav-committees")
    click(d, "#committee-list li[data-member] .edit-member")
    form = wait_for(d, "#committee-list form.member-edit")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", form)
    shot(d, "member-edit", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_task_detail(launch_app, workspace, data_dir, run_cli, lang):
    """A task of its own opened on the board: its owner, due date, title and
    description, and a comment thread, at 1024x700."""
    da = lang == "da"
    task = run_cli(
        workspace,
        "task",
        "add",
        "--title",
        "Saml input til statusredegørelsen" if da else "Collect input for the status report",
        "--committee",
        "Porteføljestyregruppen (eksempel)",
        "--owner",
        "Sekretær (eksempel)",
        "--due",
        "2026-03-20",
        "--description",
        "Fra alle initiativer i fokusområde 8" if da else "From every initiative in focus area 8",
    ).stdout.strip()
    for text in (
        ("Skabelonen er sendt ud", "To initiativer mangler stadig")
        if da
        else ("The template has been sent out", "Two initiatives are still missing")
    ):
        run_cli(workspace, "task", "comment", task, "--text", text)
    d = launch_app(workspace, data_dir, lang=lang).driver
    d.set_window_size(1024, 700)
    open_portfolio(d)
    click(d, "a#nav-tasks")
    click(d, f'article[data-task-id="{task}"] .open-task')
    wait_until(lambda: len(d.find_elements(By.CSS_SELECTOR, "#task-comments li.task-comment")) == 2, message="comments")
    d.execute_script("document.querySelector('#task-detail').scrollIntoView()")
    shot(d, "task-detail", lang)
    assert d.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert not d.find_element(By.CSS_SELECTOR, "#error").text.strip()
