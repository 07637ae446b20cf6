"""Two app instances sync through a shared folder; a concurrent edit shows as a
conflict and is resolved in the app. Approved minutes changed afterwards show
as a conflict in words, and the approved minutes are kept from the app."""

import json
import re
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    CLI_BIN,
    base_env,
    cli,
    click,
    open_initiative,
    open_portfolio,
    rag_css,
    screenshot,
    wait_for,
    wait_until,
)
from forms import go


def sync_now(d):
    go(d, "nav-sync", "sync")
    before = d.find_elements(By.CSS_SELECTOR, "#sync-last")
    before = before[0].text if before else ""
    click(d, "#sync-now")
    wait_until(
        lambda: (
            (e := d.find_elements(By.CSS_SELECTOR, "#sync-last"))
            and e[0].text
            and e[0].text != before
            or not d.find_element(By.CSS_SELECTOR, "#sync-now").get_attribute("disabled")
            and e
            and e[0].text
        ),
        message="a sync result",
    )
    assert not d.find_element(By.CSS_SELECTOR, "#error").text.strip(), d.find_element(By.CSS_SELECTOR, "#error").text


def set_lead(d, lead):
    go(d, "nav-portfolio", "portfolio")
    open_initiative(d, "8.1")
    field = wait_for(d, "#field-lead")
    field.clear()
    field.send_keys(lead)
    click(d, "#save-initiative")
    wait_until(lambda: d.find_element(By.CSS_SELECTOR, "#message").text.strip(), message="saved")


def lead_of(d):
    go(d, "nav-portfolio", "portfolio")
    open_initiative(d, "8.1")
    return wait_for(d, "#field-lead").get_attribute("value")


def test_two_apps_sync_and_resolve_a_conflict(launch_app, workspace, tmp_path):
    folder = tmp_path / "shared"
    a = launch_app(workspace, tmp_path / "data-a", env={"STEERCO_USER": "Anne"}).driver
    go(a, "nav-sync", "sync")
    path = wait_for(a, "#sync-folder-path")
    path.clear()
    path.send_keys(str(folder))
    click(a, "#set-folder")
    wait_until(
        lambda: str(folder) in a.find_element(By.CSS_SELECTOR, "#sync-folder-current").text, message="folder set"
    )
    sync_now(a)
    # When it synced, in the workspace's time zone (STEERCO_NOW 09:00 UTC is
    # 10:00 in Copenhagen), not the UTC of the computer running the app.
    for css in ("#sync-last", "#sync-badge"):
        text = a.execute_script("return document.querySelector(arguments[0]).textContent", css)
        assert re.search(r"\b10[.:]00\b", text) and not re.search(r"\b09[.:]00\b", text), f"{css}: {text}"

    # The second app joins from the folder at its start page.
    b = launch_app(None, tmp_path / "data-b", env={"STEERCO_USER": "Bent"}).driver
    wait_for(b, "#join-path").send_keys(str(folder))
    click(b, "#join-folder")
    open_portfolio(b)
    wait_for(b, 'tr[data-code="8.1"]')

    # An edit in A reaches B after "Sync now" on both sides.
    go(a, "nav-portfolio", "portfolio")
    open_initiative(a, "8.1")
    Select(wait_for(a, "select#status-rag")).select_by_value("red")
    click(a, "#submit-status")
    wait_until(lambda: a.find_element(By.CSS_SELECTOR, "#message").text.strip(), message="status saved")
    sync_now(a)
    sync_now(b)
    go(b, "nav-portfolio", "portfolio")
    wait_for(b, rag_css("8.1", "overall", "red"))

    # Both change the same field offline: a conflict, resolved in B's app.
    set_lead(a, "Lead fra Anne")
    set_lead(b, "Lead fra Bent")
    sync_now(a)
    sync_now(b)
    row = wait_for(b, "#conflicts tr[data-conflict-id]")
    assert "Lead fra Anne" in row.text and "Lead fra Bent" in row.text, row.text
    # Named as people name it: the initiative and the field, in words.
    # The conflict's record went out with the sync that found it: nothing waits.
    assert b.find_element(By.CSS_SELECTOR, "#sync-unsent").text == "Alle lokale ændringer er sendt."
    subject = row.find_element(By.CSS_SELECTOR, ".conflict-subject").text
    assert subject.startswith("8.1 "), subject
    assert "ansvarlig" in row.text, row.text
    wait_for(b, "#sync-badge")
    screenshot(b, "sync-da")
    click(b, "#conflicts tr[data-conflict-id] .keep-mine")
    wait_until(lambda: not b.find_elements(By.CSS_SELECTOR, "#conflicts tr[data-conflict-id]"), message="resolved")
    sync_now(b)
    sync_now(a)
    assert lead_of(a) == "Lead fra Bent"
    assert lead_of(b) == "Lead fra Bent"

    # Again, settled by an edit: the value written in the app holds on both.
    set_lead(a, "Anne igen")
    set_lead(b, "Bent igen")
    sync_now(a)
    sync_now(b)
    wait_for(b, "#conflicts tr[data-conflict-id]")
    click(b, "#conflicts tr[data-conflict-id] .edit-conflict")
    text = wait_for(b, "#conflict-text")
    text.clear()
    text.send_keys("Anne og Bent i fællesskab")
    click(b, "#save-conflict-edit")
    wait_until(
        lambda: not b.find_elements(By.CSS_SELECTOR, "#conflicts tr[data-conflict-id]"), message="resolved by edit"
    )
    sync_now(b)
    sync_now(a)
    assert lead_of(a) == "Anne og Bent i fællesskab"
    assert lead_of(b) == "Anne og Bent i fællesskab"


def test_minutes_changed_after_approval_are_named_in_words_and_kept(launch_app, workspace, run_cli, tmp_path):
    # A closed meeting with a note, made with the CLI before the apps start.
    run_cli(workspace, "committee", "add", "--name", "Referatudvalget", "--kind", "steering")
    m = run_cli(
        workspace,
        "meeting",
        "add",
        "--committee",
        "Referatudvalget",
        "--title",
        "Møde om referatet",
        "--at",
        "2026-03-02T10:00",
    ).stdout.strip()
    run_cli(workspace, "agenda", "add", m, "--title", "Status")
    run_cli(workspace, "meeting", "state", m, "open")
    run_cli(workspace, "meeting", "state", m, "in-progress")
    note = run_cli(workspace, "outcome", "add", m, "--item", "2", "--note", "Referatet som godkendt").stdout.strip()
    run_cli(workspace, "meeting", "state", m, "closed")

    folder = tmp_path / "shared"
    a = launch_app(workspace, tmp_path / "data-a", env={"STEERCO_USER": "Anne"}).driver
    go(a, "nav-sync", "sync")
    path = wait_for(a, "#sync-folder-path")
    path.clear()
    path.send_keys(str(folder))
    click(a, "#set-folder")
    wait_until(
        lambda: str(folder) in a.find_element(By.CSS_SELECTOR, "#sync-folder-current").text, message="folder set"
    )
    sync_now(a)
    b = launch_app(None, tmp_path / "data-b", env={"STEERCO_USER": "Bent"}).driver
    wait_for(b, "#join-path").send_keys(str(folder))
    click(b, "#join-folder")
    open_portfolio(b)
    [b_ws] = list((tmp_path / "data-b").glob("workspace-*.steerco"))

    # A approves the minutes; B, not knowing it yet, corrects the note.
    run_cli(workspace, "meeting", "state", m, "approved")
    run_cli(b_ws, "outcome", "set", note, "--text", "Ændret bagefter")
    sync_now(b)
    sync_now(a)
    sync_now(b)

    # B's Sync view names the conflict as people would, in Danish: the
    # meeting, that its approved minutes changed, and what changed. No hash.
    row = wait_for(b, '#conflicts tr[data-conflict-kind="minutes"]')
    assert row.find_element(By.CSS_SELECTOR, ".conflict-subject").text == "Møde om referatet"
    text = row.text
    assert "Referatet er ændret, efter at det blev godkendt." in text, text
    assert (
        "Notat «Referatet som godkendt»: tekst – godkendt: «Referatet som godkendt», nu: «Ændret bagefter»" in text
    ), text
    assert "Behold det godkendte referat" in text and "Acceptér ændringen" in text, text
    assert not re.search(r"[0-9a-f]{64}|v2:", text), text
    assert m in row.find_element(By.CSS_SELECTOR, "a.accept-change").get_attribute("href")
    b.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    screenshot(b, "sync-minutes-da")

    # Keeping the approved minutes undoes B's edit with a new change; the
    # meeting stays approved, and after a sync A has nothing to settle.
    click(b, '#conflicts tr[data-conflict-kind="minutes"] .keep-approved')
    wait_until(lambda: not b.find_elements(By.CSS_SELECTOR, "#conflicts tr[data-conflict-id]"), message="kept")
    sync_now(b)
    sync_now(a)
    wait_until(lambda: not a.find_elements(By.CSS_SELECTOR, "#conflicts tr[data-conflict-id]"), message="settled on A")
    for ws in (workspace, b_ws):
        show = json.loads(run_cli(ws, "meeting", "show", m, "--json").stdout)
        assert show["state"] == "approved"
        assert show["items"][1]["outcomes"][0]["text"] == "Referatet som godkendt"


def test_a_change_from_a_clock_days_ahead_is_shown_as_waiting(launch_app, workspace, data_dir, tmp_path):
    """#16: a member whose clock runs two days ahead syncs an edit; the app's
    Sync view lists it as a change that waits, with its reason."""
    folder = str(tmp_path / "shared")
    other = tmp_path / "b.steerco"
    cli(tmp_path, workspace, "sync", "folder", folder)
    cli(tmp_path, other, "sync", "folder", folder)
    env = {**base_env(tmp_path), "STEERCO_CLOCK_SKEW": "172800"}
    for args in (["initiative", "set", "8.1", "--lead", "Fra fremtiden"], ["sync", "folder", folder]):
        subprocess.run([str(CLI_BIN), "--workspace", str(other), *args], env=env, check=True, capture_output=True)
    cli(tmp_path, workspace, "sync", "folder", folder)

    d = launch_app(workspace, data_dir).driver
    wait_for(d, "main#portfolio")
    go(d, "nav-sync", "sync")
    item = wait_for(d, '#sync-parked li[data-kind="clock_ahead"]')
    assert "initiative" in item.text, item.text
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", item)
    screenshot(d, "sync-parked-da")


def test_papers_arrive_after_the_text_and_the_choice_of_papers_is_kept(launch_app, workspace, data_dir, tmp_path):
    """#18: a paper another member attached arrives with the app's folder
    sync, counted in the Sync view; fetching only my committees' papers is a
    choice kept on this computer (the CLI reads the same)."""
    folder = str(tmp_path / "shared")
    other = tmp_path / "b.steerco"
    cli(tmp_path, workspace, "sync", "folder", folder)
    cli(tmp_path, other, "sync", "folder", folder)
    cli(tmp_path, other, "committee", "add", "--name", "Bilagsudvalget", "--kind", "steering")
    m = cli(
        tmp_path,
        other,
        "meeting",
        "add",
        "--committee",
        "Bilagsudvalget",
        "--title",
        "Møde med bilag",
        "--at",
        "2026-03-02T10:00",
    ).stdout.strip()
    item = cli(tmp_path, other, "agenda", "add", m, "--title", "Budget").stdout.strip()
    paper = tmp_path / "budgetbilag.pdf"
    paper.write_bytes(bytes(range(256)) * 12_000)
    pid = cli(tmp_path, other, "attachment", "add", item, str(paper)).stdout.strip()
    cli(tmp_path, other, "sync", "folder", folder)

    d = launch_app(workspace, data_dir).driver
    wait_for(d, "main#portfolio")
    go(d, "nav-sync", "sync")
    path = wait_for(d, "#sync-folder-path")
    path.clear()
    path.send_keys(folder)
    click(d, "#set-folder")
    wait_until(lambda: folder in d.find_element(By.CSS_SELECTOR, "#sync-folder-current").text, message="folder set")
    sync_now(d)
    wait_until(
        lambda: "1 modtaget, 0 venter" in d.find_element(By.CSS_SELECTOR, "#papers-last").text,
        message="the paper counted as received",
    )
    out = tmp_path / "fetched.pdf"
    cli(tmp_path, workspace, "attachment", "get", pid, "-o", str(out))
    assert out.read_bytes() == paper.read_bytes()

    mine = wait_for(d, "#papers-mine")
    assert not mine.is_selected()
    click(d, "#papers-mine")
    wait_until(lambda: d.find_element(By.CSS_SELECTOR, "#papers-mine").is_selected(), message="chosen")
    said = cli(tmp_path, workspace, "sync", "papers").stdout
    assert "my committees only" in said, said
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", d.find_element(By.CSS_SELECTOR, "#papers-last"))
    screenshot(d, "sync-papers-da")


def test_a_join_in_the_app_brings_the_papers_after_the_workspace(launch_app, tmp_path):
    """#18: joining from a folder opens the workspace, then fetches its papers
    (without holding the window); the paper is here, byte for byte."""
    folder = str(tmp_path / "shared")
    origin = tmp_path / "a.steerco"
    cli(tmp_path, origin, "init", "--name", "Bilag")
    cli(tmp_path, origin, "committee", "add", "--name", "Styregruppen", "--kind", "steering")
    m = cli(
        tmp_path,
        origin,
        "meeting",
        "add",
        "--committee",
        "Styregruppen",
        "--title",
        "Møde",
        "--at",
        "2026-03-02T10:00",
    ).stdout.strip()
    item = cli(tmp_path, origin, "agenda", "add", m, "--title", "Budget").stdout.strip()
    paper = tmp_path / "budget.pdf"
    paper.write_bytes(bytes(range(256)) * 8_000)
    pid = cli(tmp_path, origin, "attachment", "add", item, str(paper)).stdout.strip()
    cli(tmp_path, origin, "sync", "folder", folder)

    b = launch_app(None, tmp_path / "data-b", env={"STEERCO_USER": "Bent"}).driver
    wait_for(b, "#join-path").send_keys(folder)
    click(b, "#join-folder")
    open_portfolio(b)
    [b_ws] = list((tmp_path / "data-b").glob("workspace-*.steerco"))
    out = tmp_path / "fetched.pdf"
    wait_until(
        lambda: (
            subprocess.run(
                [str(CLI_BIN), "--workspace", str(b_ws), "attachment", "get", pid, "-o", str(out)],
                env=base_env(tmp_path),
                capture_output=True,
            ).returncode
            == 0
        ),
        message="the paper fetched after the join",
    )
    assert out.read_bytes() == paper.read_bytes()
