"""Reminders as desktop notifications, caught by the test sink.

The test clock (STEERCO_NOW, 1 March 2026) is three days before one of my
tasks and the day before a meeting of my committee. The app, launched with
$STEERCO_NOTIFY_SINK (a `test-seams` build), writes exactly those reminders
there, never another person's task or a meeting of a committee I am not on;
a restart the same day writes none again; a change of the settings in the
app is respected at once and kept after a restart."""

from __future__ import annotations

import json
import time
from pathlib import Path

from conftest import USER, click, screenshot, wait_for, wait_text, wait_until
from forms import message, set_value

# Long enough for the checks at start-up and on the watcher's first
# `workspace-changed` (every 250 ms) to have written what they would.
SETTLE = 2.0


def notices(sink: Path) -> list[dict]:
    if not sink.exists():
        return []
    return [json.loads(line) for line in sink.read_text().splitlines()]


def shown(sink: Path) -> list[tuple[str, str]]:
    """(kind, title of the task or meeting) per line, in order."""
    return [(n["kind"], n["body"].split(" (")[0]) for n in notices(sink)]


def wait_lines(sink: Path, n: int) -> list[dict]:
    wait_until(lambda: len(notices(sink)) >= n, timeout=15, message=f"{n} reminders in the sink")
    time.sleep(SETTLE)  # and no more after them
    lines = notices(sink)
    assert len(lines) == n, lines
    return lines


def workspace(run_cli, tmp_path: Path) -> Path:
    """My steering group (its meeting tomorrow) and a working group I am not
    on (its meeting tomorrow too); tasks of mine and of another person."""
    ws = tmp_path / "reminders.steerco"
    run_cli(ws, "init", "--name", "Påmindelser")
    run_cli(ws, "committee", "add", "--name", "Styregruppen", "--kind", "steering")
    run_cli(ws, "committee", "add", "--name", "Arbejdsgruppen", "--kind", "working")
    run_cli(ws, "member", "add", "--committee", "Styregruppen", "--name", USER, "--role", "member")
    run_cli(ws, "member", "add", "--committee", "Arbejdsgruppen", "--name", "Anne Anden", "--role", "chair")

    def task(title: str, owner: str, due: str, committee: str = "Styregruppen") -> None:
        run_cli(ws, "task", "add", "--title", title, "--owner", owner, "--due", due, "--committee", committee)

    task("Budgetnotat", USER, "2026-03-04")  # in 3 days: reminded
    task("Andens notat", "Anne Anden", "2026-03-04", "Arbejdsgruppen")  # not mine
    task("Andens opgave i dag", "Anne Anden", "2026-03-01", "Arbejdsgruppen")  # not mine
    task("Om fem dage", USER, "2026-03-06")  # only with 5 days chosen
    run_cli(
        ws,
        "meeting",
        "add",
        "--committee",
        "Styregruppen",
        "--title",
        "Marts-mødet",
        "--at",
        "2026-03-02T10:00",
        "--location",
        "Mødelokale 1",
    )
    run_cli(
        ws, "meeting", "add", "--committee", "Arbejdsgruppen", "--title", "Ikke mit møde", "--at", "2026-03-02T13:00"
    )
    return ws


def test_reminders_once_a_day_for_me_with_my_settings(launch_app, run_cli, tmp_path, data_dir):
    ws = workspace(run_cli, tmp_path)
    sink = tmp_path / "notices.jsonl"
    env = {"STEERCO_NOTIFY_SINK": str(sink)}

    app = launch_app(ws, data_dir, env=env)
    wait_for(app.driver, "main#portfolio")
    lines = wait_lines(sink, 2)
    assert shown(sink) == [("task_soon", "Budgetnotat"), ("meeting_tomorrow", "Marts-mødet")]
    assert lines[0]["title"] == "Opgave forfalder om 3 dage"
    assert lines[0]["body"] == "Budgetnotat (Styregruppen), forfalder 04.03.2026"
    assert lines[1]["title"] == "Møde i morgen"
    assert lines[1]["body"] == "Marts-mødet (Styregruppen) kl. 10:00, Mødelokale 1"
    app.quit()

    # A restart the same day: nothing again. A change to the workspace is
    # checked at once: a task of mine due today comes, alone.
    app = launch_app(ws, data_dir, env=env)
    d = app.driver
    wait_for(d, "main#portfolio")
    time.sleep(SETTLE)
    assert len(notices(sink)) == 2, notices(sink)
    run_cli(
        ws,
        "task",
        "add",
        "--title",
        "Frist i dag",
        "--owner",
        USER,
        "--due",
        "2026-03-01",
        "--committee",
        "Styregruppen",
    )
    wait_lines(sink, 3)
    assert shown(sink)[2] == ("task_today", "Frist i dag")
    assert notices(sink)[2]["title"] == "Opgave forfalder i dag"

    # My settings, from my name in the header: five days, no meetings. The
    # task due in five days is reminded at once.
    click(d, "a#nav-me")
    wait_for(d, "main#me-view")
    wait_text(d, "#me-intro", f"Du er {USER}")
    wait_text(d, "#reminders-now", "opgaver 3 dage før og på dagen, møder dagen før")
    assert d.find_element("css selector", "#reminders-days").get_attribute("value") == "3"
    set_value(d, "#reminders-days", "5")
    click(d, "#reminders-meetings")
    click(d, "#save-reminders")
    message(d, "Påmindelserne er gemt.")
    wait_text(d, "#reminders-now", "opgaver 5 dage før og på dagen, ingen for møder")
    screenshot(d, "reminders-da")
    wait_lines(sink, 4)
    assert shown(sink)[3] == ("task_soon", "Om fem dage")
    assert notices(sink)[3]["title"] == "Opgave forfalder om 5 dage"

    # Days outside 1-30 are refused, and the saved ones stay.
    # (The field's own limit is lifted, so the app's check is what answers.)
    d.execute_script("document.querySelector('#reminders-days').removeAttribute('max')")
    set_value(d, "#reminders-days", "31")
    click(d, "#save-reminders")
    wait_for(d, '#error[data-code="reminder_days_out_of_range"]')
    wait_text(d, "#error", "Påmind mellem 1 og 30 dage")
    app.quit()

    # Kept after a restart (in English now); still nothing new today.
    app = launch_app(ws, data_dir, lang="en", env=env)
    d = app.driver
    wait_for(d, "main#portfolio")
    click(d, "a#nav-me")
    wait_for(d, "main#me-view")
    wait_text(d, "#reminders-now", "tasks 5 days before and on the day, none for meetings")
    assert d.find_element("css selector", "#reminders-days").get_attribute("value") == "5"
    assert d.find_element("css selector", "#reminders-tasks").is_selected()
    assert not d.find_element("css selector", "#reminders-meetings").is_selected()
    wait_text(d, "#reminder-settings legend", "Reminders")
    screenshot(d, "reminders-en")
    time.sleep(SETTLE)
    assert len(notices(sink)) == 4, notices(sink)
