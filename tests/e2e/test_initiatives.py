"""A portfolio built in the app alone, from an empty workspace: the start page
creates the workspace (through a typed path, as where no file dialog exists),
a focus area and two initiatives (one without a focus area) are added, a
budget year set, one initiative deleted and the
delete undone; after a restart everything is there. Screenshots of the add
form, the budget and the undo notice in Danish and English."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click, open_initiative, open_portfolio, screenshot, wait_for, wait_text, wait_until
from forms import no_error, set_value, type_into


def without_file_dialogs(tmp_path: Path) -> dict[str, str]:
    """No desktop portal on the bus and no zenity on PATH: the app asks for a
    typed path (the drivers stay reachable through links)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("tauri-driver", "WebKitWebDriver"):
        found = shutil.which(tool) or str(Path.home() / ".cargo/bin" / tool)
        os.symlink(found, bin_dir / tool)
    return {"PATH": str(bin_dir), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}


def codes(d) -> list[str]:
    rows = d.find_elements(By.CSS_SELECTOR, "main#portfolio tr[data-code]")
    return sorted(r.get_attribute("data-code") for r in rows)


def add_initiative(d, code: str, title: str, **fields: str) -> None:
    if not d.find_elements(By.CSS_SELECTOR, "form#new-initiative"):
        click(d, "#add-initiative")
    type_into(d, "#new-code", code)
    type_into(d, "#new-title", title)
    Select(wait_for(d, "#new-focus-area")).select_by_value(fields.get("focus_area", ""))
    if fields.get("lead"):
        type_into(d, "#new-lead", fields["lead"])
    if fields.get("phase"):
        Select(wait_for(d, "#new-phase")).select_by_value(fields["phase"])
    for name in ("start", "end"):
        if fields.get(name):
            set_value(d, f"#new-{name}", fields[name])
    if fields.get("description"):
        type_into(d, "#new-description", fields["description"])
    click(d, "#submit-initiative")
    wait_for(d, f'main#portfolio tr[data-code="{code}"]')
    no_error(d)


def budget_screenshot(d, name: str) -> None:
    """The initiative page scrolled to its budget section."""
    d.execute_script("document.getElementById('h-budget').scrollIntoView()")
    screenshot(d, name)


def delete_and_undo(d, code: str, notice: str, lang: str) -> None:
    open_initiative(d, code)
    click(d, "#delete-initiative")
    wait_text(d, "#undo-delete", notice)
    wait_until(lambda: code not in codes(d), message=f"{code} gone from the portfolio")
    screenshot(d, f"initiative-deleted-{lang}")
    before = codes(d)
    click(d, "#undo-delete-button")
    wait_until(lambda: codes(d) == sorted([*before, code]), message=f"{code} back")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, "#undo-delete"), message="the offer withdrawn")
    no_error(d)


def test_a_portfolio_from_an_empty_workspace_with_budget_delete_and_undo(launch_app, tmp_path, data_dir):
    env = without_file_dialogs(tmp_path)
    ws = tmp_path / "udvalg.steerco"
    app = launch_app(None, data_dir, env=env)
    d = app.driver
    wait_for(d, "main#start")
    type_into(d, "#new-name", "Udvalget")
    click(d, "#create-workspace")
    type_into(d, "#path-input", str(ws))
    click(d, "#path-ok")
    open_portfolio(d, timeout=20)
    assert ws.exists()
    assert codes(d) == []

    # A focus area (the focus areas' own form, further down the portfolio).
    type_into(d, "#fa-number", "1")
    type_into(d, "#fa-name", "Digital velfærd")
    click(d, "#fa-submit")
    wait_for(d, "section#focus-areas #fa-table")
    no_error(d)

    click(d, "#add-initiative")
    wait_for(d, '#new-focus-area option[value="1"]')
    wait_for(d, "form#new-initiative")
    screenshot(d, "initiative-add-da")
    add_initiative(
        d,
        "1.1",
        "Digital post",
        focus_area="1",
        lead="Anne Formand",
        phase="analysis",
        start="2026-01-01",
        end="2026-12-31",
        description="Breve sendes digitalt.",
    )
    wait_text(d, "#message", "1.1")
    # The second one without a focus area.
    add_initiative(d, "1.2", "Selvbetjening", phase="implementation")
    assert codes(d) == ["1.1", "1.2"]
    wait_for(d, 'section[data-focus-area="1"] tr[data-code="1.1"]')

    # The core checks the input: a code in use is refused, nothing is added.
    type_into(d, "#new-code", "1.1")
    type_into(d, "#new-title", "Igen")
    click(d, "#submit-initiative")
    wait_until(lambda: d.find_element(By.CSS_SELECTOR, "#error").text.strip(), message="a refusal")
    assert codes(d) == ["1.1", "1.2"]

    # A budget year, then its actual spend changed.
    open_initiative(d, "1.1")
    wait_for(d, "#budget-none")
    type_into(d, "#budget-year", "2026")
    type_into(d, "#budget-budget", "500000")
    click(d, "#submit-budget")
    row = 'table#budget-years tr[data-year="2026"]'
    wait_text(d, f"{row} [data-field=budget]", "500.000")
    type_into(d, "#budget-year", "2026")
    type_into(d, "#budget-actual", "120000")
    click(d, "#submit-budget")
    wait_text(d, f"{row} [data-field=actual]", "120.000")
    assert "500.000" in wait_for(d, f"{row} [data-field=budget]").text, "an empty amount keeps the stored one"
    no_error(d)
    budget_screenshot(d, "initiative-budget-da")

    click(d, "a#nav-portfolio")
    open_portfolio(d)
    delete_and_undo(d, "1.2", "Initiativet er slettet.", "da")
    wait_text(d, "#message", "gendannet")

    # The same in English (after a navigation, which clears the Danish message).
    open_initiative(d, "1.1")
    click(d, "a#nav-portfolio")
    open_portfolio(d)
    Select(wait_for(d, "select#language")).select_by_value("en")
    wait_for(d, "html[lang=en]")
    click(d, "#add-initiative")
    wait_text(d, "form#new-initiative legend", "New initiative")
    screenshot(d, "initiative-add-en")
    click(d, "#add-initiative")
    delete_and_undo(d, "1.2", "Initiative deleted.", "en")
    wait_text(d, "#message", "restored")
    open_initiative(d, "1.1")
    wait_text(d, 'table#budget-years tr[data-year="2026"] [data-field=budget]', "500,000")
    budget_screenshot(d, "initiative-budget-en")
    app.quit()

    # After a restart (the app reopens the last workspace) everything is there.
    d = launch_app(None, data_dir, env=env).driver
    open_portfolio(d, timeout=20)
    wait_until(lambda: codes(d) == ["1.1", "1.2"], message="both initiatives")
    assert not d.find_elements(By.CSS_SELECTOR, "#undo-delete"), "the offer ends with the run"
    open_initiative(d, "1.1")
    assert wait_for(d, "#field-lead").get_attribute("value") == "Anne Formand"
    assert wait_for(d, "#field-phase").get_attribute("value") == "analysis"
    assert wait_for(d, "#field-focus-area").get_attribute("value") == "1"
    assert wait_for(d, "#field-start").get_attribute("value") == "2026-01-01"
    assert wait_for(d, "#field-end").get_attribute("value") == "2026-12-31"
    assert "Breve sendes digitalt." in wait_for(d, "#field-description").get_attribute("value")
    row = 'table#budget-years tr[data-year="2026"]'
    assert "500,000" in wait_for(d, f"{row} [data-field=budget]").text
    assert "120,000" in wait_for(d, f"{row} [data-field=actual]").text
    click(d, "a#nav-portfolio")
    open_initiative(d, "1.2")
    # The history keeps the deletes and the restores (English: remembered).
    wait_for(d, "table#change-history")
    what = [
        r.find_elements(By.CSS_SELECTOR, "td")[2].text
        for r in d.find_elements(By.CSS_SELECTOR, "table#change-history tbody tr")
    ]
    assert what.count("initiative restored") == 2, what
    assert what.count("initiative deleted") == 2, what


def test_a_wrong_status_is_corrected_by_a_new_one_prefilled_by_ret(launch_app, workspace, data_dir):
    """History is append-only: "Ret" pre-fills the form from an update, the
    saved correction is a new update, the wrong one stays in the history. The
    date is typed the Danish way (dd.mm.åååå) and shown so."""
    d = launch_app(workspace, data_dir).driver
    open_portfolio(d)
    open_initiative(d, "8.1")
    rows = "table#status-history tr[data-status-id]"
    wait_for(d, rows)
    before = [r.get_attribute("data-status-id") for r in d.find_elements(By.CSS_SELECTOR, rows)]
    wrong = d.find_elements(By.CSS_SELECTOR, rows)[0]
    reason = wrong.find_elements(By.CSS_SELECTOR, "td")[3].text
    wrong.find_element(By.CSS_SELECTOR, ".correct-status").click()
    wait_for(d, "#status-correcting")
    wait_until(
        lambda: d.execute_script("return document.activeElement.id") == "status-dimension",
        message="the keyboard moves into the form",
    )
    assert d.find_element(By.CSS_SELECTOR, "#status-reason").get_attribute("value") == reason
    date = d.find_element(By.CSS_SELECTOR, "#status-date")
    assert date.get_attribute("value").count(".") == 2, f"a Danish date: {date.get_attribute('value')!r}"

    Select(wait_for(d, "#status-rag")).select_by_value("amber")
    date.clear()
    date.send_keys("27.02.2026")
    type_into(d, "#status-reason", "Rettet: forsinkelse på to uger")
    click(d, "#submit-status")
    wait_until(lambda: len(d.find_elements(By.CSS_SELECTOR, rows)) == len(before) + 1, message="a new update")
    no_error(d)
    after = [r.get_attribute("data-status-id") for r in d.find_elements(By.CSS_SELECTOR, rows)]
    assert set(before) <= set(after), "the wrong update stays in the history"
    new = next(r for r in d.find_elements(By.CSS_SELECTOR, rows) if r.get_attribute("data-status-id") not in before)
    assert "27. feb. 2026" in new.text and "Rettet" in new.text, new.text
    assert not d.find_elements(By.CSS_SELECTOR, "#status-correcting"), "the correction is done"
