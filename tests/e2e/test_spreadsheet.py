"""The spreadsheet import in the app, from an empty workspace made in the app
with no CLI step: an XLSX written by LibreOffice from a Danish CSV (as a
committee's Excel list would be), chosen (typed, as where no file dialog
exists), each row's outcome previewed, confirmed; the portfolio shows the new
initiatives and their focus areas. A file with a bad row is previewed with the
row's number and reason, and cannot be imported. Screenshots of the preview in
Danish and English."""

from __future__ import annotations

import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support.ui import Select

from conftest import click, open_portfolio, screenshot, wait_for, wait_text, wait_until
from forms import no_error, type_into
from test_initiatives import codes, without_file_dialogs

GOOD = (
    "\ufeffFokusområde;Nr.;Titel;Ansvarlig;Fase;Start;Slut;Budget 2026;Forbrug 2026\n"
    "1 Digital velfærd;1.1;Sammenhængende forløb;Åse;Implementering;01-02-2026;31-12-2027;1.250.000;0\n"
    "2 Infrastruktur;2.1;Fælles log-in;Bo;Drift;;;500.000;\n"
)
BAD = "Nr.;Titel;Start\n3.1;God;01-01-2026\n3.2;Dårlig;32-01-2026\n"


def libreoffice_xlsx(tmp_path, csv_name: str) -> str:
    """The CSV as LibreOffice saves it as XLSX: `;`-separated UTF-8, the code
    column as text, start and end as day-month-year dates (real date cells)."""
    out = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--infilter=CSV:59,34,76,1,2/2/6/4/7/4",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(tmp_path / csv_name),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr
    xlsx = tmp_path / csv_name.replace(".csv", ".xlsx")
    assert xlsx.exists(), out.stdout + out.stderr
    return str(xlsx)


def choose(d, path: str) -> None:
    click(d, "#spreadsheet-import")
    type_into(d, "#path-input", path)
    click(d, "#path-ok")
    wait_for(d, "#spreadsheet-preview")


def outcomes(d) -> dict[str, str]:
    rows = d.find_elements(By.CSS_SELECTOR, "#spreadsheet-preview tbody tr")
    return {r.get_attribute("data-row"): r.get_attribute("class").split()[0] for r in rows}


def test_import_an_xlsx_through_the_preview(launch_app, tmp_path, data_dir):
    (tmp_path / "portefolje.csv").write_text(GOOD, encoding="utf-8")
    xlsx = libreoffice_xlsx(tmp_path, "portefolje.csv")
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")

    # An empty workspace, made in the app.
    ws = tmp_path / "udvalg.steerco"
    d = launch_app(None, data_dir, lang="da", env=without_file_dialogs(tmp_path)).driver
    # The paths typed are of files that exist: typed as text, not uploaded.
    d.file_detector = UselessFileDetector()
    wait_for(d, "main#start")
    type_into(d, "#new-name", "Udvalget")
    click(d, "#create-workspace")
    type_into(d, "#path-input", str(ws))
    click(d, "#path-ok")
    open_portfolio(d, timeout=20)
    assert ws.exists()
    assert codes(d) == []
    click(d, "#spreadsheet")

    # A bad row: shown with its number and why; the import is blocked.
    choose(d, str(tmp_path / "bad.csv"))
    wait_until(lambda: outcomes(d) == {"2": "new", "3": "bad"}, message="row 3 bad")
    bad = d.find_element(By.CSS_SELECTOR, '#spreadsheet-preview tr[data-row="3"]').text
    assert "32-01-2026" in bad and "ikke en dato" in bad, bad
    wait_for(d, "#spreadsheet-refused")
    assert not d.find_element(By.CSS_SELECTOR, "#spreadsheet-confirm").is_enabled()
    screenshot(d, "spreadsheet-bad-row-da")
    click(d, "#spreadsheet-cancel")

    # The XLSX: two new rows and two new focus areas, then imported.
    choose(d, str(xlsx))
    wait_until(lambda: outcomes(d) == {"2": "new", "3": "new"}, message="two new rows")
    wait_text(d, "#spreadsheet-summary", "2 nye")
    assert "Nyt fokusområde: 1 Digital velfærd" in d.find_element(By.CSS_SELECTOR, "#spreadsheet-panel").text
    screenshot(d, "spreadsheet-preview-da")
    click(d, "#spreadsheet-confirm")
    wait_text(d, "#message", "Importeret: 2 nye")
    no_error(d)
    wait_until(lambda: codes(d) == ["1.1", "2.1"], message="the imported initiatives in the portfolio")

    # Again, in English: now every row is unchanged.
    Select(wait_for(d, "select#language")).select_by_value("en")
    choose(d, str(xlsx))
    wait_until(lambda: outcomes(d) == {"2": "unchanged", "3": "unchanged"}, message="unchanged")
    wait_text(d, "#spreadsheet-summary", "0 new, 0 to update, 2 unchanged")
    assert "Unchanged" in d.find_element(By.CSS_SELECTOR, "#spreadsheet-preview").text
    screenshot(d, "spreadsheet-preview-en")
