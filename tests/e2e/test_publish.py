"""Published reports (#19) in the app: the annual status report, the
deliverables overview and a highlight report published from where they are
exported, listed with who published them and when; a later change (by the
CLI) moves the live report on, while the published PDF saved through the
real save dialog (the desktop portal, driven with xdotool) is byte for byte
what `steerco report published get` gives and still says what it said then.
A file whose bytes have not reached this computer is shown as waiting; axe
finds nothing serious on the dashboard with the list."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import test_dialog
from conftest import (
    USER,
    axe_assert,
    axe_run,
    click,
    open_initiative,
    open_portfolio,
    screenshot,
    wait_for,
    wait_until,
)
from forms import go, message
from test_dialog import answer_save_dialog, app_pid_of

# The desktop portal and its GTK backend in the test's session bus (a fixture).
portal = test_dialog.portal

# Single words, so a PDF's line breaks cannot split them.
BEFORE, AFTER = "Leverandørstop", "Genopretning"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=30, check=True).stdout


def rows(d) -> list[tuple[str, str]]:
    """The published list's rows: (kind, period), as shown, top first."""
    return [
        (r.get_attribute("data-kind"), r.find_element(By.CSS_SELECTOR, ".published-period").text.strip())
        for r in d.find_elements(By.CSS_SELECTOR, "#published-list tbody tr")
    ]


def file_css(report_id: str, fmt: str) -> str:
    return f'#published-list tr[data-published-id="{report_id}"] .published-file[data-format="{fmt}"]'


def test_publish_a_report_and_get_it_back_unchanged(launch_app, portal, workspace, data_dir, run_cli, tmp_path):
    run_cli(workspace, "initiative", "status", "8.1", "--rag", "red", "--note", BEFORE)
    app = launch_app(workspace, data_dir, env={"XDG_CURRENT_DESKTOP": "GNOME", "GDK_BACKEND": "x11"})
    d = app.driver
    pid = app_pid_of(app)
    open_portfolio(d)

    # --- Nothing published yet; the annual status report for 2026 --------
    go(d, "nav-dashboard", "dashboard")
    wait_for(d, "#published #published-none")
    Select(wait_for(d, "select#report-year")).select_by_value("2026")
    click(d, "#publish-status-report")
    message(d, "Statusredegørelse 2026 er udgivet")
    row = wait_for(d, '#published-list tr[data-kind="status"]')
    report_id = row.get_attribute("data-published-id")
    assert row.find_element(By.CSS_SELECTOR, ".published-kind").text.strip() == "Statusredegørelse"
    assert row.find_element(By.CSS_SELECTOR, ".published-period").text.strip() == "2026"
    assert row.find_element(By.CSS_SELECTOR, ".published-by").text.strip() == USER
    # When, in the workspace's time zone: STEERCO_NOW is 09:00 UTC, 10:00 in Copenhagen.
    when = row.find_element(By.CSS_SELECTOR, ".published-when").text
    assert "2026" in when and re.search(r"\b10[.:]00\b", when), when
    buttons = row.find_elements(By.CSS_SELECTOR, ".published-file button.published-save")
    assert [b.text.strip() for b in buttons] == ["PDF", "DOCX", "Markdown"]
    assert all(b.is_enabled() for b in buttons)

    # The CLI lists the same record, with who and when.
    listed = json.loads(run_cli(workspace, "report", "published", "list", "--json").stdout)
    assert [(r["id"], r["kind"], r["period"]) for r in listed] == [(report_id, "status", "2026")]
    assert listed[0]["published_by"] == USER and listed[0]["published_at"] == "2026-03-01T09:00:00.000Z"

    # --- The deliverables overview, and a highlight report from its page ---
    Select(wait_for(d, "select#report-half")).select_by_value("2026-H1")
    click(d, "#publish-deliverables")
    message(d, "Leveranceoversigt 2026-H1 er udgivet")
    go(d, "nav-portfolio", "portfolio")
    open_initiative(d, "8.1")
    wait_until(lambda: d.find_element(By.CSS_SELECTOR, "#publish-highlight").is_enabled(), message="publish on")
    period = Select(wait_for(d, "select#highlight-period")).first_selected_option.get_attribute("value")
    click(d, "#publish-highlight")
    message(d, f"Highlight-rapport {period} er udgivet")
    go(d, "nav-dashboard", "dashboard")
    wait_until(lambda: len(rows(d)) == 3, message="three published reports")
    assert rows(d) == [("highlight", f"8.1 {period}"), ("deliverables", "2026-H1"), ("status", "2026")]

    # --- Changed live afterwards (the CLI): the live report moves on ------
    run_cli(workspace, "initiative", "status", "8.1", "--rag", "green", "--note", AFTER)
    live = tmp_path / "live.pdf"
    run_cli(workspace, "report", "status", "--year", "2026", "--format", "pdf", "-o", str(live))
    assert AFTER in pdf_text(live), "the live report shows the change"

    # --- The published PDF through the real save dialog -----------------
    saved = tmp_path / "saved"
    saved.mkdir()
    click(d, f"{file_css(report_id, 'pdf')} button")
    answer_save_dialog("Gem den udgivne rapport", saved / "udgivet.pdf", portal.pid, pid)
    message(d, "udgivet.pdf")
    fetched = tmp_path / "fetched.pdf"
    run_cli(workspace, "report", "published", "get", report_id, "--format", "pdf", "-o", str(fetched))
    published = (saved / "udgivet.pdf").read_bytes()
    assert published == fetched.read_bytes(), "the saved file is byte for byte the published one"
    text = pdf_text(saved / "udgivet.pdf")
    assert "Statusredegørelse 2026" in text and BEFORE in text and AFTER not in text, text

    # --- A file whose bytes have not arrived (as before a sync) waits -----
    docx = next(f for f in listed[0]["files"] if f["format"] == "docx")
    blob = workspace.parent / f"{workspace.name}.blobs" / docx["hash"][:2] / docx["hash"]
    assert blob.is_file(), blob
    blob.unlink()
    go(d, "nav-portfolio", "portfolio")
    go(d, "nav-dashboard", "dashboard")
    waiting = wait_for(d, f'{file_css(report_id, "docx")}[data-available="false"]')
    assert not waiting.find_element(By.CSS_SELECTOR, "button").is_enabled()
    assert waiting.find_element(By.CSS_SELECTOR, ".published-waiting").text.startswith("venter")
    assert d.find_element(By.CSS_SELECTOR, f"{file_css(report_id, 'pdf')} button").is_enabled()

    d.execute_script("document.querySelector('#published').scrollIntoView({block: 'center'})")
    screenshot(d, "published-da")
    axe_assert(axe_run(d, "published-da"), "the dashboard with published reports")
