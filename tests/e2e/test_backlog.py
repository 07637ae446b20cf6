"""Between meetings: a topic proposed to a committee's backlog and put on a
meeting's agenda; the next meeting started from the previous one's agenda; a
decision that supersedes an earlier one (and a status changed in the
register); the task list filtered by initiative."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click, screenshot, wait_for, wait_text, wait_until
from forms import agenda_titles, go, message, move_state, no_error, set_value, type_into
from test_meeting import GROUP, add_committee_and_members, add_item, record

TOPIC = "Adgang til registerdata"
TOPIC_NOTE = "Foreslået af Bo; kræver en afklaring med juristerne"
FOLLOW_UP = "Opfølgning på handlinger fra tidligere møder"
OLD = "Data deles via den fælles platform"
NEW = "Data deles via to platforme i en overgang"
ACTION_81 = "Anne afklarer hjemmel for datadeling"
ACTION_OTHER = "Bo bestiller lokale"


def new_meeting(d, title, at, minutes, from_previous=False):
    go(d, "nav-meetings", "meetings")
    Select(wait_for(d, "#meeting-committee")).select_by_visible_text(GROUP)
    type_into(d, "#meeting-title", title)
    set_value(d, "#meeting-start", at)
    type_into(d, "#meeting-duration", str(minutes))
    box = wait_for(d, "#meeting-from-previous")
    if box.is_selected() != from_previous:
        click(d, "#meeting-from-previous")


def topic_rows(d):
    return [e.text for e in d.find_elements(By.CSS_SELECTOR, "#backlog-list tr[data-topic-id]")]


def task_rows(d):
    return [e.text for e in d.find_elements(By.CSS_SELECTOR, "#task-list tr[data-task-id]")]


def test_backlog_previous_agenda_supersede_and_initiative_filter(launch_app, workspace, data_dir):
    d = launch_app(workspace, data_dir).driver
    wait_for(d, "main#portfolio")
    add_committee_and_members(d)

    # A topic for the group's backlog, on the committees page.
    wait_for(d, "section#backlog")
    Select(wait_for(d, "#topic-committee")).select_by_visible_text(GROUP)
    type_into(d, "#topic-title", TOPIC)
    type_into(d, "#topic-note", TOPIC_NOTE)
    click(d, "#submit-topic")
    message(d, "Emnet er føjet til komitéens liste")
    row = wait_text(d, "#backlog-list tr[data-topic-id]", TOPIC)
    assert GROUP in row.text and TOPIC_NOTE in row.text and "Testbruger" in row.text, row.text
    screenshot(d, "backlog")

    # With no earlier meeting there is no agenda to start from: a clear error.
    new_meeting(d, "Møde 1", "2026-03-02T10:00", 90, from_previous=True)
    click(d, "#submit-meeting")
    err = wait_for(d, "#error")
    wait_until(lambda: err.text.strip(), message="an error for a missing previous meeting")
    assert wait_for(d, "main#meetings")
    click(d, "#meeting-from-previous")
    click(d, "#submit-meeting")
    wait_text(d, "h1#meeting-title", "Møde 1")
    wait_for(d, '#meeting-state[data-state="draft"]')
    no_error(d)
    first = d.execute_script("return location.hash").split("/")[-1]

    add_item(d, "Status på datadeling", 30, initiative="8.1")
    add_item(d, "Praktisk", 10)

    # The backlog topic is offered on the draft agenda and goes to its end.
    li = wait_text(d, "#meeting-backlog li[data-topic-id]", TOPIC)
    assert "Sæt på dagsordenen" in li.text, li.text
    screenshot(d, "meeting-backlog")
    click(d, "#meeting-backlog li[data-topic-id] button.schedule-topic")
    message(d, f"{TOPIC} er sat på dagsordenen")
    wait_until(
        lambda: agenda_titles(d) == [FOLLOW_UP, "Status på datadeling", "Praktisk", TOPIC],
        message="the topic at the end of the agenda",
    )
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, "#meeting-backlog"), message="no open topic left")

    # Minutes of meeting 1: a decision, an action on 8.1 and one without an initiative.
    move_state(d, "open", "open")
    record(d, 2, "decision", OLD)
    record(d, 2, "action", ACTION_81, owner="Anne Formand", due="2026-03-20")
    record(d, 3, "action", ACTION_OTHER, owner="Bo Medlem", due="2026-03-20")

    # Off the backlog: the committees page lists no open topic now.
    go(d, "nav-committees", "committees")
    wait_for(d, "#backlog-none")
    assert TOPIC not in " ".join(topic_rows(d))

    # Meeting 2 starts from meeting 1's agenda: the items after the follow-up are copied.
    new_meeting(d, "Møde 2", "2026-04-06T10:00", 90, from_previous=True)
    click(d, "#submit-meeting")
    wait_text(d, "h1#meeting-title", "Møde 2")
    no_error(d)
    second = d.execute_script("return location.hash").split("/")[-1]
    assert second != first
    wait_until(
        lambda: agenda_titles(d) == [FOLLOW_UP, "Status på datadeling", "Praktisk", TOPIC],
        message="the copied agenda",
    )
    screenshot(d, "meeting-from-previous")

    # A decision in meeting 2 that supersedes meeting 1's.
    move_state(d, "open", "open")
    form = 'form.outcome-form[data-item-number="2"]'
    Select(wait_for(d, f"{form} select.outcome-kind")).select_by_value("decision")
    type_into(d, f"{form} textarea.outcome-text", NEW)
    sel = Select(wait_for(d, f"{form} select.outcome-supersedes"))
    assert sel.first_selected_option.get_attribute("value") == ""
    sel.select_by_visible_text(next(o.text for o in sel.options if OLD in o.text))
    click(d, f"{form} button.outcome-submit")
    wait_text(d, 'li[data-item-number="2"] li[data-outcome-kind="decision"]', NEW)
    no_error(d)

    # The register: the old decision is superseded ("Afløst"), the new one says what it replaces.
    go(d, "nav-decisions", "decisions")
    wait_text(d, "#decision-register tr[data-decision-id]", NEW)

    def row_of(text):
        rows = [
            r
            for r in d.find_elements(By.CSS_SELECTOR, "#decision-register tr[data-decision-id]")
            if r.find_element(By.CSS_SELECTOR, "td.prewrap").text.startswith(text)
        ]
        assert len(rows) == 1, [r.text for r in rows]
        return rows[0]

    wait_until(lambda: row_of(OLD).get_attribute("data-status") == "superseded", message="the old decision superseded")
    old = row_of(OLD)
    assert "Afløst" in old.find_element(By.CSS_SELECTOR, ".status").text, old.text
    new = row_of(NEW)
    assert new.get_attribute("data-status") == "adopted"
    assert f"Afløser: {OLD}" in new.text, new.text
    new_id = new.get_attribute("data-decision-id")
    Select(wait_for(d, "#decision-status")).select_by_value("superseded")
    wait_until(
        lambda: (
            [
                r.get_attribute("data-status")
                for r in d.find_elements(By.CSS_SELECTOR, "#decision-register tr[data-decision-id]")
            ]
            == ["superseded"] * len(d.find_elements(By.CSS_SELECTOR, "#decision-register tr[data-decision-id]"))
        ),
        message="only superseded decisions",
    )
    assert row_of(OLD)
    assert not any(
        r.find_element(By.CSS_SELECTOR, "td.prewrap").text.startswith(NEW)
        for r in d.find_elements(By.CSS_SELECTOR, "#decision-register tr[data-decision-id]")
    )
    screenshot(d, "decisions-superseded")
    Select(wait_for(d, "#decision-status")).select_by_value("")

    # A status changed in the register.
    Select(wait_for(d, f'tr[data-decision-id="{new_id}"] select.decision-status-set')).select_by_value("proposed")
    message(d, "Beslutningen er nu Foreslået")
    wait_for(d, f'tr[data-decision-id="{new_id}"][data-status="proposed"]')

    # Tasks by initiative: 8.1 shows the 8.1 action, not the other one.
    go(d, "nav-tasks", "tasks")
    click(d, "#tasks-list")
    wait_for(d, "#task-list")
    wait_until(lambda: any(ACTION_OTHER in r for r in task_rows(d)), message="all tasks listed")
    sel = Select(wait_for(d, "#task-initiative"))
    sel.select_by_visible_text(next(o.text for o in sel.options if o.text.startswith("8.1 ")))
    wait_until(
        lambda: any(ACTION_81 in r for r in task_rows(d)) and not any(ACTION_OTHER in r for r in task_rows(d)),
        message="only 8.1's tasks",
    )
    no_error(d)
    screenshot(d, "tasks-initiative")
    sel.select_by_value("")
    wait_until(lambda: any(ACTION_OTHER in r for r in task_rows(d)), message="the filter cleared")


def test_a_committee_is_edited_in_place(app):
    d = app.driver
    click(d, "a#nav-committees")
    wait_for(d, "main#committees")
    wait_for(d, "#committee-name").send_keys("Styregruppe X")
    click(d, "#add-committee button[type=submit]")
    row = wait_for(d, "#committee-list tr[data-committee-id]")
    click(d, "#committee-list tr[data-committee-id] .edit-committee")
    mandate = wait_for(d, "#edit-committee-mandate")
    mandate.send_keys("Træffer beslutninger om porteføljen.")
    click(d, "#save-committee")
    wait_until(
        lambda: "Træffer beslutninger om porteføljen." in d.find_element(By.CSS_SELECTOR, "#committee-list").text,
        message="mandate shown",
    )
    assert row is not None
