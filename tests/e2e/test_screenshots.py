"""A screenshot of every main view in both languages: target/screenshots/<view>-<lang>.png.
The user guide's pictures are copies of these (docs/guide/img/<view>-<lang>.png),
so they are never made by hand."""

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import GUIDE, USER, click, open_initiative, open_portfolio, screenshot, wait_for, wait_text, wait_until
from forms import go, move_state, no_error, type_into
from test_meeting import record
from test_server import Server, live_state
from test_sync import sync_now

LANGS = ["da", "en"]


def shot(d, name, lang, guide=False):
    """target/screenshots/<name>-<lang>.png; with `guide`, copied into the user guide."""
    wait_until(lambda: d.execute_script("return document.documentElement.lang") == lang, message=f"lang {lang}")
    path = screenshot(d, f"{name}-{lang}")
    if guide and GUIDE is not None:
        (GUIDE / "img").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, GUIDE / "img" / path.name)


@pytest.mark.parametrize("lang", LANGS)
def test_start(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang).driver
    wait_for(d, "#open-demo")
    shot(d, "start", lang, guide=True)


@pytest.mark.parametrize("lang", LANGS)
def test_identity(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang, env={"STEERCO_USER": None}).driver
    wait_for(d, "form#identity")
    shot(d, "identity", lang, guide=True)


@pytest.mark.parametrize("lang", LANGS)
def test_portfolio_and_initiative(launch_app, workspace, data_dir, lang):
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    wait_for(d, 'tr[data-code="8.1"]')
    shot(d, "portfolio", lang, guide=True)
    open_initiative(d, "8.1")
    wait_for(d, "table#status-history tr[data-status-id]")
    shot(d, "initiative", lang)
    wait_for(d, "table#milestones tr[data-milestone-id]")
    d.execute_script("document.querySelector('#h-milestones').scrollIntoView()")
    shot(d, "initiative-milestones", lang, guide=True)


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
    shot(d, "task-detail", lang, guide=True)
    assert d.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert not d.find_element(By.CSS_SELECTOR, "#error").text.strip()


@pytest.mark.parametrize("lang", LANGS)
def test_guide_meeting(launch_app, workspace, data_dir, lang):
    """For the user guide: the demo's coming meeting held, with a decision and
    an action recorded under item 2; its approved minutes; the action on the board."""
    da = lang == "da"
    action = "Udsend statusrapporten til styregruppen" if da else "Send the status report to the steering group"
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    go(d, "nav-meetings", "meetings")
    click(d, 'tr[data-meeting-id]:has([data-state="draft"]) a[data-meeting-link]')
    wait_for(d, '#meeting-state[data-state="draft"]')
    move_state(d, "open", "open")
    move_state(d, "in-progress", "in_progress")
    record(d, 2, "decision", "Statusrapporten godkendes" if da else "The status report is approved")
    record(d, 2, "action", action, owner="Sekretær (eksempel)", due="2026-03-20")
    d.execute_script("document.querySelector(arguments[0]).scrollIntoView()", 'li[data-item-number="2"]')
    shot(d, "meeting-minutes", lang, guide=True)

    move_state(d, "closed", "closed")
    move_state(d, "approved", "approved")
    wait_for(d, "#minutes-hash")
    d.execute_script("window.scrollTo(0, 0)")
    shot(d, "meeting-approved", lang, guide=True)

    go(d, "nav-tasks", "tasks")
    wait_text(d, 'section[data-board] section[data-column="todo"] article[data-task-id]', action)
    shot(d, "tasks-board", lang, guide=True)


@pytest.mark.parametrize("lang", LANGS)
def test_guide_overview(launch_app, workspace, data_dir, lang):
    """For the user guide: the chair's overview of the demo with a count opened,
    and the risks' heat map with a cell opened."""
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    go(d, "nav-dashboard", "dashboard")
    wait_for(d, "#dash-sample-date")
    click(d, "#focus-counts button.count")
    wait_for(d, "#drill-list li[data-code]")
    d.execute_script("window.scrollTo(0, 0)")
    shot(d, "dashboard", lang, guide=True)

    go(d, "nav-risks", "risks")
    wait_for(d, 'button.heat-cell[data-count]:not([data-count="0"])')
    click(d, 'button.heat-cell:not([data-count="0"])')
    wait_for(d, "#heat-cell-risks li[data-risk-id]")
    d.execute_script("window.scrollTo(0, 0)")
    shot(d, "heatmap", lang, guide=True)


@pytest.mark.parametrize("lang", LANGS)
def test_guide_sync_folder(launch_app, workspace, data_dir, tmp_path, lang):
    """For the user guide: the Sync view after the first sync to a new folder,
    encrypted with a passphrase."""
    folder = tmp_path / "shared"
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    go(d, "nav-sync", "sync")
    type_into(d, "#sync-folder-path", str(folder))
    click(d, "#set-folder")
    wait_until(
        lambda: str(folder) in d.find_element(By.CSS_SELECTOR, "#sync-folder-current").text, message="folder set"
    )
    wait_for(d, "#sync-passphrase").send_keys("korrekt hest batteri")
    sync_now(d)
    wait_for(d, "#passphrase-kept")
    shot(d, "sync-folder", lang, guide=True)


@pytest.mark.parametrize("lang", LANGS)
def test_guide_sync_server(launch_app, workspace, data_dir, tmp_path, lang):
    """For the user guide: the Sync view connected to a real sync server."""
    server = Server(tmp_path / "server")
    server.admin("workspace", "create", "styregruppe")
    token = server.admin("token", "create", "--workspace", "styregruppe", "--member", USER)
    server.start()
    try:
        d = launch_app(workspace, data_dir, lang=lang).driver
        open_portfolio(d)
        go(d, "nav-sync", "sync")
        wait_for(d, "#server-url").send_keys(server.url("styregruppe"))
        wait_for(d, "#server-token").send_keys(token)
        click(d, "#connect-server")
        wait_until(lambda: live_state(d) == "online", timeout=20, message="online")
        no_error(d)
        shot(d, "sync-server", lang, guide=True)
    finally:
        server.kill()
