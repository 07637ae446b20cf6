"""The real file dialogs, and the workspace locks they once cost.

An in-process GTK dialog opened and closed the files of the folder it showed,
which dropped the app's SQLite locks; the next CLI run then deleted the WAL
the app was still writing into, and edits the app had confirmed were gone
after a restart. The dialogs now run in the desktop portal's process (or
zenity's), and every Steerco process also holds a presence flock that no
stray close() releases. These tests go through the real dialog: the portal
started in the test's own D-Bus session, driven with xdotool."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import base_env, cli, click, screenshot, wait_for, wait_text, wait_until
from forms import go, no_error, type_into
from locks import group_pid, locks_on, missing_locks

PORTAL = Path("/usr/libexec/xdg-desktop-portal")
PORTAL_GTK = Path("/usr/libexec/xdg-desktop-portal-gtk")


def xdotool(*args: str, timeout: float = 15) -> str:
    out = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, f"xdotool {' '.join(args)}: {out.stderr}"
    return out.stdout.strip()


def has_owner(name: str) -> bool:
    out = subprocess.run(
        [
            "gdbus",
            "call",
            "--session",
            "--dest",
            "org.freedesktop.DBus",
            "--object-path",
            "/org/freedesktop/DBus",
            "--method",
            "org.freedesktop.DBus.NameHasOwner",
            name,
        ],
        capture_output=True,
        text=True,
        timeout=10,
        stdin=subprocess.DEVNULL,
    )
    return "true" in out.stdout


@pytest.fixture
def portal(tmp_path):
    """The desktop portal and its GTK backend in the test's session bus, as a
    GNOME desktop has them; yields the backend's process (it draws the dialogs)."""
    if not (PORTAL.exists() and PORTAL_GTK.exists() and shutil.which("xdotool") and shutil.which("gdbus")):
        pytest.fail(
            "xdg-desktop-portal, xdg-desktop-portal-gtk, xdotool and gdbus are needed (tools/setup installs them)"
        )
    env = base_env(tmp_path)
    env.update(XDG_CURRENT_DESKTOP="GNOME", GDK_BACKEND="x11")
    logs = open(tmp_path / "portal.log", "wb")
    gtk = subprocess.Popen(
        [str(PORTAL_GTK), "--replace"], env=env, stdout=logs, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    wait_until(lambda: has_owner("org.freedesktop.impl.portal.desktop.gtk"), 15, "the portal's GTK backend")
    front = subprocess.Popen(
        [str(PORTAL), "--replace"], env=env, stdout=logs, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    wait_until(lambda: has_owner("org.freedesktop.portal.Desktop"), 15, "the desktop portal")
    yield gtk
    for p in (front, gtk):
        p.terminate()
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
    logs.close()


def dialog_window(title: str, timeout: float = 20) -> str:
    """The id of the visible window titled `title` (bounded wait)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
            capture_output=True,
            text=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
        ids = out.stdout.split()
        if ids:
            return ids[0]
        time.sleep(0.2)
    pytest.fail(f"no dialog titled {title!r} appeared")


def answer_save_dialog(title: str, path: Path, owner_pid: int, app_pid: int) -> None:
    """Type `path` into the save dialog titled `title` and confirm, checking
    the dialog is drawn by the portal, not by the app."""
    win = dialog_window(title)
    drawn_by = int(xdotool("getwindowpid", win))
    assert drawn_by != app_pid, "the file dialog runs inside the app's process"
    assert drawn_by == owner_pid, f"the dialog belongs to pid {drawn_by}, not the portal's backend"
    xdotool("windowfocus", "--sync", win)
    xdotool("key", "--clearmodifiers", "ctrl+a")
    xdotool("type", "--delay", "5", str(path))
    xdotool("key", "Return")


def app_pid_of(app) -> int:
    return wait_until(lambda: group_pid(app.proc.pid), 10, "the app's process")


def committee_names(d) -> list[str]:
    return [e.text.strip() for e in d.find_elements(By.CSS_SELECTOR, "#committee-list tr[data-committee-id] .c-title")]


def add_committee(d, name: str) -> None:
    go(d, "nav-committees", "committees")
    type_into(d, "#committee-name", name)
    Select(wait_for(d, "#committee-kind")).select_by_value("steering")
    click(d, "#submit-committee")
    wait_text(d, "#committee-list", name)
    no_error(d)


def test_create_and_export_through_the_real_dialog_keep_every_edit(launch_app, portal, tmp_path, data_dir):
    folder = tmp_path / "shared"
    folder.mkdir()
    ws = folder / "udvalg.steerco"
    env = {"XDG_CURRENT_DESKTOP": "GNOME", "GDK_BACKEND": "x11"}

    app = launch_app(None, data_dir, env=env)
    d = app.driver
    pid = app_pid_of(app)
    wait_for(d, "main#start")
    type_into(d, "#new-name", "Udvalget")
    click(d, "#create-workspace")
    answer_save_dialog("Opret et arbejdsområde", ws, portal.pid, pid)
    wait_for(d, "main#portfolio", timeout=20)
    assert ws.exists()
    assert not missing_locks(pid), missing_locks(pid)
    assert locks_on(ws, pid).get("POSIX", 0) >= 1

    # An edit in the app, then an export saved into the workspace's own
    # folder through the dialog (what used to drop the locks).
    add_committee(d, "Styregruppen")
    go(d, "nav-decisions", "decisions")
    click(d, "#export-decisions")
    answer_save_dialog("Gem eksport", folder / "beslutninger.csv", portal.pid, pid)
    wait_text(d, "#message", "beslutninger.csv", timeout=20)
    assert (folder / "beslutninger.csv").exists()
    assert not missing_locks(pid), missing_locks(pid)

    # The CLI reads and writes while the app is open, then the app edits again.
    listed = cli(tmp_path, ws, "committee", "list").stdout
    assert "Styregruppen" in listed
    cli(tmp_path, ws, "committee", "add", "--name", "Arbejdsgruppen", "--kind", "working")
    add_committee(d, "Porteføljestyregruppen")
    assert not missing_locks(pid), missing_locks(pid)
    screenshot(d, "dialog-after-edits")
    app.quit()

    # After a restart every edit is there, and the file is sound.
    d = launch_app(ws, data_dir, env=env).driver
    go(d, "nav-committees", "committees")
    wait_until(lambda: len(committee_names(d)) >= 3, 10, "three committees")
    assert sorted(committee_names(d)) == ["Arbejdsgruppen", "Porteføljestyregruppen", "Styregruppen"]
    check = cli(tmp_path, ws, "committee", "list").stdout
    assert "Porteføljestyregruppen" in check


def test_without_any_file_dialog_the_app_asks_for_a_path(launch_app, tmp_path, data_dir):
    """No portal on the bus and no zenity: the app says so and takes a typed
    path, instead of treating the missing dialog as a silent cancel."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("tauri-driver", "WebKitWebDriver"):
        found = shutil.which(tool) or str(Path.home() / ".cargo/bin" / tool)
        os.symlink(found, bin_dir / tool)
    env = {"PATH": str(bin_dir), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}
    ws = tmp_path / "typed.steerco"

    d = launch_app(None, data_dir, env=env).driver
    wait_for(d, "main#start")
    click(d, "#create-workspace")
    wait_for(d, "#path-prompt")
    assert "ingen fildialog" in wait_for(d, "#path-prompt").text
    screenshot(d, "dialog-typed-path")
    type_into(d, "#path-input", str(ws))
    click(d, "#path-ok")
    wait_for(d, "main#portfolio", timeout=20)
    assert ws.exists()
