"""Desktop integration: one app per data folder (a later launch hands its
workspace to the running window), the window's size remembered, the Help
menu's diagnostics on the clipboard, and the log in $XDG_STATE_HOME."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import (
    APP_BIN,
    axe_assert,
    axe_run,
    base_env,
    cli,
    click,
    open_portfolio,
    screenshot,
    wait_for,
    wait_text,
    wait_until,
)

OTHER = "Andet arbejdsområde"


def later_launch(tmp_path: Path, data_dir: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    """Start the app again for `data_dir`, as a file manager does; how it
    ended and how long it took."""
    env = {**base_env(tmp_path), "STEERCO_DATA_DIR": str(data_dir)}
    started = time.monotonic()
    proc = subprocess.run(
        [str(APP_BIN), *args], env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    return proc, time.monotonic() - started


def shown_workspace(d) -> str:
    """The workspace named in the header (its textContent: WebDriver's text
    of this ellipsised span is empty)."""
    return d.find_element(By.CSS_SELECTOR, "header .ws").get_attribute("textContent")


def test_a_later_launch_opens_its_file_in_the_running_window(launch_app, workspace, data_dir, tmp_path):
    other = tmp_path / "andet.steerco"
    cli(tmp_path, other, "init", "--name", OTHER)
    d = launch_app(workspace, data_dir).driver
    open_portfolio(d)
    click(d, "a#nav-risks")
    wait_for(d, "main#risks")

    # A bare path, as a .desktop entry's %f gives it.
    proc, took = later_launch(tmp_path, data_dir, str(other))
    assert proc.returncode == 0, proc.stderr
    assert took < 5, f"the later launch took {took:.1f}s"
    wait_until(lambda: OTHER in shown_workspace(d), message="the later launch's workspace")
    open_portfolio(d)  # the opened workspace's portfolio, not the view before

    # A file:// URI (%u) works too, and a launch naming nothing only comes forward.
    proc, _ = later_launch(tmp_path, data_dir, workspace.as_uri())
    assert proc.returncode == 0, proc.stderr
    wait_until(lambda: OTHER not in shown_workspace(d), message="back on the first")
    proc, _ = later_launch(tmp_path, data_dir)
    assert proc.returncode == 0, proc.stderr

    # Another data folder is another app, side by side.
    d2 = launch_app(other, tmp_path / "data-2").driver
    wait_until(lambda: OTHER in shown_workspace(d2), message="the second app's workspace")
    assert OTHER not in shown_workspace(d)


def window_state(data_dir: Path) -> dict:
    path = data_dir / "window-state.json"
    return json.loads(path.read_text())["main"] if path.exists() else {}


def inner_size(d) -> tuple[int, int]:
    return tuple(d.execute_script("return [window.innerWidth, window.innerHeight]"))


def test_a_restart_restores_the_window_size(launch_app, workspace, data_dir):
    app = launch_app(workspace, data_dir)
    d = app.driver
    open_portfolio(d)
    d.set_window_rect(x=40, y=30, width=1000, height=640)
    wait_until(lambda: window_state(data_dir).get("width") == inner_size(d)[0] < 1100, message="the size saved")
    wait_until(lambda: window_state(data_dir).get("x") == 40, message="the place saved")
    saved = inner_size(d)
    app.quit()

    app = launch_app(workspace, data_dir)
    d = app.driver
    open_portfolio(d)
    wait_until(lambda: inner_size(d) == saved, message=f"the window back at {saved}")
    assert (d.get_window_rect()["x"], d.get_window_rect()["y"]) == (40, 30)
    app.quit()

    # A place on no screen (a monitor since removed) is not restored.
    state = json.loads((data_dir / "window-state.json").read_text())
    state["main"].update(x=9000, y=9000, prev_x=9000, prev_y=9000)
    (data_dir / "window-state.json").write_text(json.dumps(state))
    d = launch_app(workspace, data_dir).driver
    open_portfolio(d)
    rect = d.get_window_rect()
    assert rect["x"] < 1280 and rect["y"] < 800, rect


def clipboard() -> str:
    out = subprocess.run(
        [shutil.which("xclip") or "xclip", "-selection", "clipboard", "-o"],
        capture_output=True,
        text=True,
        timeout=10,
    )
    return out.stdout if out.returncode == 0 else ""


def test_help_copies_diagnostics_without_workspace_content(launch_app, workspace, data_dir):
    d = launch_app(workspace, data_dir, lang="en").driver
    open_portfolio(d)
    name = shown_workspace(d).split(":", 1)[1].strip()
    titles = [a.text for a in d.find_elements(By.CSS_SELECTOR, "a[data-initiative-link]")][:10]
    assert name and titles

    click(d, "#help-button")
    version = wait_text(d, "#help-version", "version").text
    axe_assert(axe_run(d, "help-menu-en"), "the open Help menu")
    screenshot(d, "help-menu-en")
    assert re.search(r"\d+\.\d+\.\d+", version), version
    click(d, "#help-diagnostics")
    wait_text(d, "#message", "copied")
    text = wait_until(
        lambda: clipboard().startswith("Steerco ") and clipboard(), message="diagnostics on the clipboard"
    )

    assert version.split()[-1] in text.splitlines()[0], text
    assert "Platform: linux" in text, text
    assert re.search(r"^Schema: \d+ \(this version\), \d+ \(open workspace\)$", text, re.M), text
    assert "Sync: none" in text, text
    assert re.search(r" INFO .* start .*version=", text), text
    for secret in [name, workspace.name, str(workspace), *titles]:
        assert secret not in text, f"{secret!r} in the diagnostics"


def test_the_app_logs_to_the_state_folder_without_workspace_content(launch_app, workspace, data_dir, tmp_path):
    d = launch_app(workspace, data_dir).driver
    open_portfolio(d)
    name = shown_workspace(d).split(":", 1)[1].strip()
    logs = tmp_path / "xdg/state/steerco"  # XDG_STATE_HOME from base_env

    def app_log() -> str:
        return "".join(p.read_text() for p in logs.glob("steerco-app.*.log"))

    text = wait_until(lambda: "workspace opened" in app_log() and app_log(), message="the app's log")
    assert re.search(r" INFO .* start .*version=\"[\d.]+\".*schema=\d+", text), text
    assert name not in text and str(workspace) not in text, text
    # The CLI that made the workspace logged there too.
    assert any(" start " in p.read_text() for p in logs.glob("steerco-cli.*.log"))
