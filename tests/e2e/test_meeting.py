"""A secretary runs a working group's meeting in the app: committee and
members, a meeting, the agenda (reordered by mouse and by keyboard), minutes
with a note, a decision and an action, the state machine to approved minutes,
exports, the action on the group's board and in the next meeting's follow-up
item while it is open, search and the decision register."""

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import click, screenshot, wait_for, wait_text, wait_until
from forms import agenda_titles, go, message, move_state, no_error, set_value, type_into

GROUP = "Arbejdsgruppe Data"
ACTION = "Anne sender udkast til datadelingsaftale"
DECISION = "Arbejdsgruppen anbefaler løsning B for datadeling"
NOTE = "Status gennemgået; tidsplanen holder"


def add_committee_and_members(d):
    go(d, "nav-committees", "committees")
    type_into(d, "#committee-name", GROUP)
    Select(wait_for(d, "#committee-kind")).select_by_value("working")
    type_into(d, "#committee-mandate", "Forbereder beslutninger om datadeling")
    click(d, "#submit-committee")
    row = wait_text(d, "#committee-list tr", GROUP)
    assert "Arbejdsgruppe" in row.text
    wait_for(d, "#roles-advisory")
    for name, role in (("Anne Formand", "chair"), ("Bo Medlem", "member")):
        Select(wait_for(d, "#member-committee")).select_by_visible_text(GROUP)
        type_into(d, "#member-name", name)
        Select(wait_for(d, "#member-role")).select_by_value(role)
        click(d, "#submit-member")
        wait_for(d, f'#committee-list li[data-member="{name}"]')
    row = wait_text(d, "#committee-list tr", GROUP)
    assert "Anne Formand (Formand)" in row.text, row.text
    screenshot(d, "committees")


def add_meeting(d, title, at, minutes):
    go(d, "nav-meetings", "meetings")
    Select(wait_for(d, "#meeting-committee")).select_by_visible_text(GROUP)
    type_into(d, "#meeting-title", title)
    set_value(d, "#meeting-start", at)
    type_into(d, "#meeting-duration", str(minutes))
    click(d, "#submit-meeting")
    try:
        wait_text(d, "h1#meeting-title", title)
    except AssertionError:
        error = d.find_element(By.CSS_SELECTOR, "#error").text
        raise AssertionError(f"meeting {title!r} was not created; error line: {error!r}") from None
    wait_for(d, '#meeting-state[data-state="draft"]')


def add_item(d, title, minutes, closed=False, initiative=None):
    n = len(agenda_titles(d))
    type_into(d, "#item-title", title)
    type_into(d, "#item-presenter", "Anne Formand")
    type_into(d, "#item-duration", str(minutes))
    if initiative:
        sel = Select(wait_for(d, "#item-initiative"))
        sel.select_by_visible_text(next(o.text for o in sel.options if o.text.startswith(initiative + " ")))
    if closed:
        click(d, "#item-closed")
    click(d, "#submit-item")
    wait_until(lambda: len(agenda_titles(d)) == n + 1, message=f"item {title} added")


def press_alt(d, key):
    ActionChains(d).key_down(Keys.ALT).send_keys(key).key_up(Keys.ALT).perform()


def focused_item(d):
    return d.execute_script(
        "const li = document.activeElement.closest('li[data-item-id]');"
        "return li && document.activeElement.classList.contains('drag-handle')"
        " ? li.querySelector('.item-text').textContent : null;"
    )


def record(d, number, kind, text, owner=None, due=None):
    form = f'form.outcome-form[data-item-number="{number}"]'
    Select(wait_for(d, f"{form} select.outcome-kind")).select_by_value(kind)
    type_into(d, f"{form} textarea.outcome-text", text)
    if owner:
        Select(wait_for(d, f"{form} select.outcome-owner")).select_by_visible_text(owner)
        set_value(d, f"{form} input.outcome-due", due)
    click(d, f"{form} button.outcome-submit")
    wait_text(d, f'li[data-item-number="{number}"] li[data-outcome-kind="{kind}"]', text)
    no_error(d)


# A mouse drag as the page sees it: WebDriver cannot perform native HTML5
# drag and drop, so the test dispatches the events a drag makes (dragstart on
# the handle, dragover and drop on the upper or lower half of the target item).
_DRAG = """
const [handle, target, lower] = arguments;
const r = target.getBoundingClientRect();
const y = lower ? r.bottom - 3 : r.top + 3;
const ev = (type, el) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, clientX: r.left + 20, clientY: y}));
ev('dragstart', handle);
ev('dragover', target);
ev('drop', target);
ev('dragend', handle);
"""


def drag(d, from_number, to_number, lower):
    handle = wait_for(d, f'li[data-item-number="{from_number}"] .drag-handle')
    target = wait_for(d, f'li[data-item-number="{to_number}"]')
    d.execute_script(_DRAG, handle, target, lower)


def test_a_secretary_runs_a_meeting(launch_app, workspace, data_dir, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    d = launch_app(workspace, data_dir, env={"STEERCO_SAVE_DIR": str(exports)}).driver
    wait_for(d, "main#portfolio")
    add_committee_and_members(d)

    add_meeting(d, "Møde 1", "2026-03-02T10:00", 60)
    first = d.execute_script("return location.hash").split("/")[-1]
    facts = wait_for(d, "#meeting-facts").text
    assert "10.00" in facts or "10:00" in facts, f"10:00 in the workspace's time zone: {facts}"

    # The agenda starts with the follow-up item; three items plan 70 of 60 minutes.
    assert agenda_titles(d) == ["Opfølgning på handlinger fra tidligere møder"]
    add_item(d, "Status på datadeling", 30, initiative="8.1")
    add_item(d, "Udbud (fortroligt)", 20, closed=True)
    add_item(d, "Eventuelt", 20)
    warning = wait_for(d, "#over-time").text
    assert "70" in warning and "60" in warning, warning
    assert "Lukket punkt" in wait_for(d, 'li[data-item-number="3"]').text

    # Reorder by mouse: drag Udbud (3) below Eventuelt (4).
    drag(d, 3, 4, lower=True)
    message(d, "Udbud (fortroligt) er flyttet til plads 4 af 4")
    wait_until(lambda: agenda_titles(d)[2:] == ["Eventuelt", "Udbud (fortroligt)"], message="the dragged order")

    # Reorder by keyboard: Alt+ArrowDown then Alt+ArrowUp twice on Eventuelt's
    # handle, to place 2; focus stays on the handle, the live region says where.
    click(d, 'li[data-item-number="3"] .drag-handle')
    wait_until(lambda: focused_item(d) == "Eventuelt", message="the handle has focus")
    press_alt(d, Keys.ARROW_DOWN)
    message(d, "Eventuelt er flyttet til plads 4 af 4")
    wait_until(lambda: focused_item(d) == "Eventuelt", message="focus stays on the moved item")
    press_alt(d, Keys.ARROW_UP)
    message(d, "Eventuelt er flyttet til plads 3 af 4")
    wait_until(lambda: focused_item(d) == "Eventuelt", message="focus stays on the moved item")
    press_alt(d, Keys.ARROW_UP)
    message(d, "Eventuelt er flyttet til plads 2 af 4")
    wait_until(
        lambda: (
            agenda_titles(d)
            == [
                "Opfølgning på handlinger fra tidligere møder",
                "Eventuelt",
                "Status på datadeling",
                "Udbud (fortroligt)",
            ]
        ),
        message="the new order",
    )
    assert focused_item(d) == "Eventuelt"
    # The visible Move down button does the same.
    click(d, 'li[data-item-number="2"] button.move-down')
    message(d, "Eventuelt er flyttet til plads 3 af 4")
    click(d, 'li[data-item-number="3"] button.move-up')
    message(d, "Eventuelt er flyttet til plads 2 af 4")
    # The order is the store's: it survives a reload of the view.
    go(d, "nav-meetings", "meetings")
    click(d, f'tr[data-meeting-id="{first}"] a[data-meeting-link]')
    wait_until(lambda: agenda_titles(d)[1:2] == ["Eventuelt"], message="the order after reload")

    # Open, then minutes: a note, a decision and an action on "Status på datadeling".
    move_state(d, "open", "open")
    record(d, 3, "note", NOTE)
    record(d, 3, "decision", DECISION)
    record(d, 3, "action", ACTION, owner="Anne Formand", due="2026-03-15")
    screenshot(d, "meeting-minutes")

    move_state(d, "in-progress", "in_progress")
    move_state(d, "closed", "closed")
    assert not d.find_elements(By.CSS_SELECTOR, ".drag-handle"), "a closed agenda does not move"
    assert d.find_elements(By.CSS_SELECTOR, "form.outcome-form"), "minutes can still be written when closed"
    move_state(d, "approved", "approved")
    approval = wait_for(d, "#approval").text
    assert "Testbruger" in approval, approval
    # When, in the workspace's time zone: STEERCO_NOW is 09:00 UTC, 10:00 in
    # Copenhagen (CET); the computer running the app is on UTC.
    approved_line = d.execute_script("return document.querySelector('#approval strong').textContent")
    assert re.search(r"\b10[.:]00\b", approved_line), f"10:00 Copenhagen time: {approved_line}"
    assert not re.search(r"\b09[.:]00\b", approved_line), f"not UTC: {approved_line}"
    checksum = wait_for(d, "#minutes-hash").text.strip()
    assert checksum.startswith("v2:") and len(checksum) == 3 + 64, checksum
    assert not d.find_elements(By.CSS_SELECTOR, "form.outcome-form, #add-item, .drag-handle, #add-attendee"), (
        "approved minutes are read-only"
    )
    screenshot(d, "meeting-approved")

    # Exports (STEERCO_SAVE_DIR stands in for the native save dialog).
    click(d, "#export-minutes")
    message(d, "referat-2026-03-02.pdf")
    assert (exports / "referat-2026-03-02.pdf").read_bytes().startswith(b"%PDF")
    Select(wait_for(d, "#export-format")).select_by_value("md")
    click(d, "#export-minutes")
    message(d, "referat-2026-03-02.md")
    md = (exports / "referat-2026-03-02.md").read_text()
    assert DECISION in md and ACTION in md and "Udbud (fortroligt)" in md, md
    assert "Testbruger (2026-03-01 10:00 CET)" in md, md
    click(d, "#export-omit-closed")
    click(d, "#export-minutes")
    wait_until(lambda: "Udbud" not in (exports / "referat-2026-03-02.md").read_text(), message="closed item omitted")
    assert DECISION in (exports / "referat-2026-03-02.md").read_text()
    click(d, "#export-ics")
    message(d, "moede-2026-03-02.ics")
    assert "BEGIN:VEVENT" in (exports / "moede-2026-03-02.ics").read_text()

    # A reopen asks why; the reason is kept in the history; approve again.
    click(d, "#state-reopened")
    type_into(d, "#reopen-reason", "Stavefejl i beslutningen")
    click(d, "#submit-reopen")
    wait_for(d, '#meeting-state[data-state="in_progress"]')
    wait_text(d, "#meeting-events", "Stavefejl i beslutningen")
    move_state(d, "closed", "closed")
    move_state(d, "approved", "approved")

    # The action is on the working group's board, in To do.
    go(d, "nav-tasks", "tasks")
    board = f'section[data-board="{GROUP}"]'
    card = wait_text(d, f'{board} section[data-column="todo"] article[data-task-id]', ACTION)
    task_id = card.get_attribute("data-task-id")
    assert "Anne Formand" in card.text
    screenshot(d, "tasks-board")

    # A second meeting's follow-up item lists the open action...
    add_meeting(d, "Møde 2", "2026-03-16T10:00", 90)
    follow = 'li[data-item-kind="follow_up"]'
    wait_text(d, f"{follow} ul.follow-up li", ACTION)
    screenshot(d, "meeting-follow-up")

    # ...until it is done (moved across the board by keyboard).
    go(d, "nav-tasks", "tasks")
    card_css = f'article[data-task-id="{task_id}"]'
    click(d, f"{card_css} .card-meta")  # not the title: that opens the task
    d.execute_script("document.querySelector(arguments[0]).focus()", card_css)
    for column in ("doing", "blocked", "done"):
        press_alt(d, Keys.ARROW_RIGHT)
        wait_for(d, f'{board} section[data-column="{column}"] {card_css}')
        wait_until(
            lambda: d.execute_script("return document.activeElement.dataset.taskId") == task_id,
            message="focus stays on the card",
        )
    go(d, "nav-meetings", "meetings")
    click(d, "tr[data-meeting-id] a[data-meeting-link]")  # newest first: Møde 2
    wait_text(d, "h1#meeting-title", "Møde 2")
    wait_for(d, f"{follow} .follow-up-none")

    go(d, "nav-meetings", "meetings")
    wait_for(d, f'tr[data-meeting-id="{first}"] [data-state="approved"]')
    screenshot(d, "meetings")

    # Search finds the minutes' words (as word prefixes) and links to the meeting.
    go(d, "nav-search", "search-view")
    type_into(d, "#search-text", "løsn datadel")
    hit = wait_text(d, '#search-results li[data-hit-kind="decision"]', DECISION)
    assert [m.text for m in hit.find_elements(By.CSS_SELECTOR, "mark")] == ["løsn", "datadel"], hit.text
    screenshot(d, "search")

    # The decision register lists the decision; the filters narrow it.
    go(d, "nav-decisions", "decisions")
    row = wait_text(d, "#decision-register tr[data-decision-id]", DECISION)
    assert GROUP in row.text and "8.1" in row.text and "Vedtaget" in row.text, row.text
    screenshot(d, "decisions")
    type_into(d, "#decision-search", "ingen-sådan-tekst")
    wait_for(d, "main#decisions p.empty")
    type_into(d, "#decision-search", "løsning b")
    wait_text(d, "#decision-register tr[data-decision-id]", DECISION)
    Select(wait_for(d, "#decision-status")).select_by_value("superseded")
    wait_for(d, "main#decisions p.empty")
    click(d, "#export-decisions")
    message(d, "beslutninger.csv")
    assert DECISION in (exports / "beslutninger.csv").read_text(encoding="utf-8-sig")
