"""Board papers on agenda items (#18) in the app, through the real native
dialogs (the desktop portal in the test's session bus, driven with xdotool):
a PDF and a shell script attached, listed with size and version; the PDF
opened (its checked copy handed to the system's opener, here a stand-in
`xdg-open` first on PATH that notes what it was given), the script offered
for saving only; a new version, an earlier one saved; a delete and its undo;
a paper whose file has not arrived shown as waiting; the board pack exported
through the save dialog and read back with pdfinfo, qpdf and pdftotext (with
and without the closed items); approved minutes leave papers to open and
save only."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import test_dialog
from conftest import axe_assert, axe_run, click, screenshot, wait_for, wait_text, wait_until
from forms import message, no_sideways_scroll
from test_dialog import answer_save_dialog, app_pid_of, dialog_window, xdotool

# The desktop portal and its GTK backend in the test's session bus (a fixture).
portal = test_dialog.portal

BOARD = "Bestyrelsen"


def answer_open_dialog(title: str, path: Path, owner_pid: int, app_pid: int) -> None:
    """Type `path` into the open dialog titled `title` (its location field)
    and confirm, checking the dialog is the portal's, not the app's. A
    dialog just shown may drop the first keys (its widgets not yet
    realized): the path is typed again, over what the field holds, until
    the dialog closes."""
    win = dialog_window(title)
    drawn_by = int(xdotool("getwindowpid", win))
    assert drawn_by != app_pid, "the file dialog runs inside the app's process"
    assert drawn_by == owner_pid, f"the dialog belongs to pid {drawn_by}, not the portal's backend"
    for _ in range(3):
        xdotool("windowfocus", "--sync", win)
        xdotool("key", "--clearmodifiers", "ctrl+l")
        xdotool("key", "--clearmodifiers", "ctrl+a")
        xdotool("type", "--delay", "5", str(path))
        xdotool("key", "Return")
        if wait_gone(title, 3):
            return
    pytest.fail(f"the dialog {title!r} did not take {path}")


def wait_gone(title: str, timeout: float) -> bool:
    """Whether no visible window is titled `title` within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
            capture_output=True,
            text=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
        if not out.stdout.split():
            return True
        time.sleep(0.2)
    return False


def fake_opener(tmp: Path) -> tuple[Path, Path]:
    """A folder holding an `xdg-open` that notes each path it is asked to
    open (one a line) instead of starting a viewer; (folder, its notes)."""
    bin_dir = tmp / "opener-bin"
    bin_dir.mkdir()
    notes = tmp / "opened.txt"
    script = bin_dir / "xdg-open"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{notes}'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir, notes


def opened(notes: Path) -> list[str]:
    return notes.read_text().splitlines() if notes.exists() else []


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=30, check=True).stdout
    return int(next(line for line in out.splitlines() if line.startswith("Pages:")).split(":")[1])


def bookmarks(pdf: Path) -> list[str]:
    """The titles of the PDF's bookmarks, depth first (qpdf reads them)."""
    out = subprocess.run(
        ["qpdf", "--json", "--json-key=outlines", str(pdf)], capture_output=True, text=True, timeout=30, check=True
    ).stdout

    def walk(nodes):
        for n in nodes:
            yield n["title"]
            yield from walk(n["kids"])

    return list(walk(json.loads(out)["outlines"]))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=30, check=True).stdout


def row_css(d, item: str, title: str) -> str:
    """A selector of the row of the paper titled `title` on agenda item `item`
    (waiting for it)."""

    def find():
        for row in d.find_elements(By.CSS_SELECTOR, f'li[data-item-id="{item}"] li.paper'):
            if row.find_element(By.CSS_SELECTOR, ".paper-title").text == title:
                return row.get_attribute("data-attachment-id")
        return None

    paper_id = wait_until(find, 10, f"a paper titled {title!r}")
    return f'li.paper[data-attachment-id="{paper_id}"]'


def remove_blob(workspace: Path, content: bytes) -> None:
    """Take the stored copy of `content` away from the workspace's blob store,
    as if its file had not arrived by sync yet."""
    store = workspace.parent / f"{workspace.name}.blobs"
    found = [p for p in store.rglob("*") if p.is_file() and p.read_bytes() == content]
    assert len(found) == 1, f"the blob store holds {len(found)} copies"
    found[0].unlink()


def test_papers_through_the_real_dialogs(launch_app, portal, workspace, data_dir, run_cli, tmp_path):
    run_cli(workspace, "committee", "add", "--name", BOARD, "--kind", "steering")
    m = run_cli(
        workspace,
        "meeting",
        "add",
        "--committee",
        BOARD,
        "--title",
        "Bestyrelsesmøde",
        "--at",
        "2026-03-10T10:00",
        "--duration",
        "90",
    ).stdout.strip()
    budget = run_cli(workspace, "agenda", "add", m, "--title", "Budget 2027", "--duration", "30").stdout.strip()
    drift = run_cli(workspace, "agenda", "add", m, "--title", "Drift og it", "--duration", "20").stdout.strip()
    closed = run_cli(
        workspace, "agenda", "add", m, "--title", "Personalesag", "--closed", "--duration", "10"
    ).stdout.strip()

    # The files: PDFs the CLI exports (the agenda, then the minutes as the
    # paper's second version; neither names the closed item), a script, and a
    # confidential paper attached by the CLI.
    files = tmp_path / "files"
    files.mkdir()
    v1, v2, secret = files / "budget.pdf", files / "budget-v2.pdf", files / "sagsakter.pdf"
    run_cli(workspace, "export", "agenda", m, "--format", "pdf", "--omit-closed", "-o", str(v1))
    run_cli(workspace, "export", "minutes", m, "--format", "pdf", "--omit-closed", "-o", str(v2))
    run_cli(workspace, "export", "agenda", m, "--format", "pdf", "--lang", "en", "-o", str(secret))
    script = files / "rydop.sh"
    script.write_bytes(b"#!/bin/sh\necho ryd op\n")
    run_cli(workspace, "attachment", "add", closed, str(secret), "--title", "Sagsakter")
    saved = tmp_path / "saved"
    saved.mkdir()

    bin_dir, notes = fake_opener(tmp_path)
    env = {"XDG_CURRENT_DESKTOP": "GNOME", "GDK_BACKEND": "x11", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    app = launch_app(workspace, data_dir, env=env)
    d = app.driver
    pid = app_pid_of(app)
    d.execute_script("location.hash = arguments[0]", f"#/meeting/{m}")
    wait_for(d, f'li[data-item-id="{closed}"] li.paper')

    # A PDF with a title of its own, through the open dialog.
    click(d, f'li[data-item-id="{budget}"] .paper-attach')
    wait_for(d, f"#paper-title-{budget}").send_keys("Budgetnotat")
    click(d, f'li[data-item-id="{budget}"] .paper-pick')
    answer_open_dialog("Vælg et bilag", v1, portal.pid, pid)
    message(d, "Bilaget er vedhæftet")
    pdf = row_css(d, budget, "Budgetnotat")
    assert wait_for(d, f"{pdf} .paper-file").text == "budget.pdf"
    assert wait_for(d, f"{pdf} .paper-version").text == "version 1"
    size = wait_for(d, f"{pdf} .paper-size").text
    assert re.fullmatch(r"\d+(,\d)? KB", size), size

    # A script, titled by its file name: offered for saving, never opened.
    click(d, f'li[data-item-id="{drift}"] .paper-attach')
    click(d, f'li[data-item-id="{drift}"] .paper-pick')
    answer_open_dialog("Vælg et bilag", script, portal.pid, pid)
    sh = row_css(d, drift, "rydop.sh")
    assert wait_for(d, sh).get_attribute("data-executable") == "true"
    assert "kan køre" in wait_for(d, f"{sh} .paper-could-run").text
    assert not d.find_elements(By.CSS_SELECTOR, f"{sh} .paper-open")

    # Opening the PDF: its checked copy, under its own name, goes to the opener.
    click(d, f"{pdf} .paper-open")
    message(d, "er åbnet")
    paths = wait_until(lambda: opened(notes), 10, "the opener was asked")
    assert len(paths) == 1 and Path(paths[0]).name == "budget.pdf", paths
    assert Path(paths[0]).read_bytes() == v1.read_bytes()
    logs = "".join(p.read_text() for p in (tmp_path / "xdg/state/steerco").glob("steerco-app*.log"))
    assert "a paper went to the system's viewer" in logs
    assert "budget" not in logs.lower(), "a log line names the paper"

    # Saving the script: the save dialog, the same bytes, and still not opened.
    click(d, f"{sh} .paper-save")
    answer_save_dialog("Gem en kopi af bilaget", saved / "rydop.sh", portal.pid, pid)
    message(d, "rydop.sh")
    assert (saved / "rydop.sh").read_bytes() == script.read_bytes()
    assert len(opened(notes)) == 1, opened(notes)

    # A new version; the first is kept and can be saved from the history.
    click(d, f"{pdf} .paper-replace")
    answer_open_dialog("Vælg bilagets nye version", v2, portal.pid, pid)
    message(d, "har nu version 2")
    wait_for(d, f'{pdf}[data-version="2"]')
    assert wait_for(d, f"{pdf} .paper-file").text == "budget-v2.pdf"
    click(d, f"{pdf} .paper-history summary")
    versions = [r.get_attribute("data-version") for r in d.find_elements(By.CSS_SELECTOR, f"{pdf} tr[data-version]")]
    assert versions == ["2", "1"], versions
    assert "Testbruger" in wait_for(d, f'{pdf} tr[data-version="1"]').text
    click(d, f'{pdf} tr[data-version="1"] .paper-save-version')
    answer_save_dialog("Gem en kopi af bilaget", saved / "version-1.pdf", portal.pid, pid)
    message(d, "version-1.pdf")
    assert (saved / "version-1.pdf").read_bytes() == v1.read_bytes()

    # A delete, and its undo right after.
    click(d, f"{sh} .paper-delete")
    wait_text(d, "#undo-delete", "Bilaget “rydop.sh” er slettet")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, sh), 5, "the script's row gone")
    click(d, "#undo-delete-button")
    message(d, "er gendannet")
    wait_for(d, sh)
    listed = json.loads(run_cli(workspace, "attachment", "list", m, "--json").stdout)
    assert sorted(a["title"] for a in listed) == ["Budgetnotat", "Sagsakter", "rydop.sh"]

    # A paper whose file is not on this computer: waiting, open and save off.
    note = files / "notat.txt"
    note.write_bytes(b"Notat til bestyrelsen\n")
    run_cli(workspace, "attachment", "add", drift, str(note), "--title", "Notat")
    remove_blob(workspace, note.read_bytes())
    run_cli(workspace, "meeting", "set", m, "--location", "Mødelokale 2")  # the app reloads on a change
    waiting = row_css(d, drift, "Notat")
    wait_for(d, f'{waiting}[data-available="false"] .paper-waiting')
    assert "venter" in wait_for(d, f"{waiting} .paper-waiting").text
    assert not wait_for(d, f"{waiting} .paper-open").is_enabled()
    assert not wait_for(d, f"{waiting} .paper-save").is_enabled()
    hint = wait_for(d, f"{waiting} .paper-open").get_attribute("title")
    assert "næste synkronisering" in hint, hint
    no_sideways_scroll(d, "the meeting with papers")
    screenshot(d, "papers")
    axe_assert(axe_run(d, "papers"), "papers")

    # The board pack through the save dialog: every PDF paper's pages, a
    # bookmark per item and paper, the others named.
    click(d, "#export-pack")
    answer_save_dialog("Gem eksport", saved / "mappe.pdf", portal.pid, pid)
    message(d, "mappe.pdf")
    pack = saved / "mappe.pdf"
    total = pdf_pages(pack)
    # A cover and the agenda before the papers' own pages.
    assert total >= pdf_pages(v2) + pdf_pages(secret) + 2, total
    marks = bookmarks(pack)
    for title in ("Budgetnotat", "Sagsakter"):
        assert title in marks, marks
    assert any(t.startswith("rydop.sh") and "rydop.sh" in t[8:] for t in marks), marks
    assert any(t.startswith("Notat") for t in marks), marks
    text = pdf_text(pack)
    for words in ("Budgetnotat", "Personalesag", "Budget 2027"):
        assert words in text, words
    # The same without the closed items: their paper is gone too.
    click(d, "#export-omit-closed")
    click(d, "#export-pack")
    answer_save_dialog("Gem eksport", saved / "offentlig.pdf", portal.pid, pid)
    message(d, "offentlig.pdf")
    public = saved / "offentlig.pdf"
    assert "Sagsakter" not in bookmarks(public)
    assert "Personalesag" not in pdf_text(public)
    assert pdf_pages(public) == total - pdf_pages(secret)

    # In English.
    Select(wait_for(d, "select#language")).select_by_value("en")
    wait_text(d, f"{waiting} .paper-waiting", "waiting")
    wait_text(d, f'li[data-item-id="{budget}"] .papers-title', "Papers")
    assert "could run" in wait_for(d, f"{sh} .paper-could-run").text
    d.execute_script("arguments[0].scrollIntoView()", wait_for(d, f'li[data-item-id="{budget}"]'))
    screenshot(d, "papers-en")
    Select(wait_for(d, "select#language")).select_by_value("da")

    # Approved minutes: papers to open and save, nothing to change.
    for move in ("open", "in-progress", "closed", "approved"):
        run_cli(workspace, "meeting", "state", m, move)
    wait_for(d, '#meeting-state[data-state="approved"]')
    wait_until(
        lambda: not d.find_elements(By.CSS_SELECTOR, ".paper-attach, .paper-replace, .paper-delete"),
        5,
        "no paper can change",
    )
    assert wait_for(d, f"{pdf} .paper-open").is_enabled()
    assert wait_for(d, f"{sh} .paper-save").is_enabled()
    d.execute_script("arguments[0].scrollIntoView()", wait_for(d, f'li[data-item-id="{budget}"]'))
    screenshot(d, "papers-approved")
