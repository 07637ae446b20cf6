"""The installed desktop package (run by tools/dist-check, `make dist-check`,
through tests/e2e/run: its venv, Xvfb display and private session bus).

tools/dist-check installs the .deb, makes the user's demo workspace with the
installed CLI and sets:
  STEERCO_APP_BIN   the app the package's desktop entry starts
  STEERCO_CLI_BIN   the installed /usr/bin/steerco
  DIST_WORKSPACE    the user's demo workspace
  DIST_DATA         the user's data folder
  DIST_MIME         the MIME type the package declares for workspaces
  DIST_DESKTOP      the package's desktop entry (its file name)
  DIST_FIGURES      where the launch figures go (tools/dist-check prints them)
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import threading
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from e2e_conftest import APP_BIN, base_env, cli, open_portfolio, stop_group, wait_until
from locks import group_pid, processes

WORKSPACE = Path(os.environ["DIST_WORKSPACE"])
DATA = Path(os.environ["DIST_DATA"])

# How long the installed app may take to show the demo's portfolio, seconds.
SHOW_TIMEOUT = 30
LAUNCH_RUNS = 3
# The app's start-up probe ($STEERCO_STARTUP_PROBE, as tools/app-bench reads it).
PROBE = re.compile(r"steerco-startup: (?P<view>[\w-]+) shown after (?P<ms>\d+) ms")


# --- processes ----------------------------------------------------------------


def parents() -> dict[int, int]:
    """Every live process's parent (zombies left out)."""
    return {pid: int(fields[1]) for pid, _, fields in processes() if fields[0] != "Z"}


def tree(pid: int) -> list[int]:
    """`pid` and its descendants (the app and the WebKit processes it starts)."""
    ppids = parents()
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in ppids:
            found.append(p)
            todo += [c for c, pp in ppids.items() if pp == p]
    return found


def tree_memory(pid: int) -> tuple[int, int, int]:
    """PSS and RSS (kB) summed over the process tree, and its size."""
    pss = rss = 0
    pids = tree(pid)
    for p in pids:
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M)[1])
        rss += int(re.search(r"^Rss:\s+(\d+)", rollup, re.M)[1])
    return pss, rss, len(pids)


def installed_apps(data_dir: Path) -> list[int]:
    """The installed app's processes running with `data_dir` as their data folder."""
    want = f"STEERCO_DATA_DIR={data_dir}".encode()
    found = []
    for p in parents():
        try:
            if os.readlink(f"/proc/{p}/exe") != str(APP_BIN):
                continue
            if want in Path(f"/proc/{p}/environ").read_bytes().split(b"\0"):
                found.append(p)
        except OSError:
            continue
    return found


def stop(pid: int) -> None:
    """End a process we did not start ourselves (gio did), bounded."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        try:
            wait_until(lambda: pid not in parents(), timeout=wait, message=f"process {pid} gone")
            return
        except AssertionError:
            continue


def run(*cmd: str, env: dict | None = None) -> str:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    return proc.stdout.strip()


# --- the tests ----------------------------------------------------------------


def test_the_installed_app_shows_the_portfolio_of_a_demo_made_by_the_installed_cli(launch_app, tmp_path):
    codes = {i["code"] for i in json.loads(cli(tmp_path, WORKSPACE, "initiative", "list", "--json").stdout)}
    assert len(codes) > 10, f"the installed CLI's demo has {len(codes)} initiatives"
    app = launch_app(WORKSPACE, DATA)
    pid = group_pid(app.proc.pid)
    assert pid is not None and os.readlink(f"/proc/{pid}/exe") == str(APP_BIN), "not the installed app"
    d = app.driver
    open_portfolio(d, SHOW_TIMEOUT)

    def shown() -> set[str]:
        return {r.get_attribute("data-code") for r in d.find_elements(By.CSS_SELECTOR, "tr[data-code]")}

    wait_until(lambda: shown() == codes, timeout=SHOW_TIMEOUT, message=f"the demo's {len(codes)} initiatives shown")


def test_a_workspace_file_opens_the_installed_app_through_its_mime_type(tmp_path):
    mime, desktop = os.environ["DIST_MIME"], os.environ["DIST_DESKTOP"]
    env = base_env(tmp_path)
    # As on a GNOME desktop, where xdg-mime asks GIO (shared-mime-info) for a
    # file's type; its desktop-less fallback is `file`, which sees only SQLite.
    env["XDG_CURRENT_DESKTOP"] = "GNOME"
    assert run("xdg-mime", "query", "filetype", str(WORKSPACE), env=env) == mime
    assert run("xdg-mime", "query", "default", mime, env=env) == desktop
    # A data folder of its own: this launch is an instance of its own, not a
    # file handed to a running window.
    data = tmp_path / "data"
    data.mkdir()
    env["STEERCO_DATA_DIR"] = str(data)
    # The app gio starts inherits its output: a file, not a pipe to wait on.
    log = tmp_path / "gio-open.log"
    try:
        with open(log, "wb") as out:
            gio = subprocess.run(
                ["gio", "open", str(WORKSPACE)], env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out, timeout=30
            )
        assert gio.returncode == 0, f"gio open exited {gio.returncode}:\n{log.read_text()}"
        pids = wait_until(lambda: installed_apps(data), timeout=SHOW_TIMEOUT, message="the app started by gio open")
        assert len(pids) == 1, f"gio open started {len(pids)} apps"
        argv = Path(f"/proc/{pids[0]}/cmdline").read_bytes().decode().split("\0")
        assert str(WORKSPACE) in argv, f"the app was started as {argv}"
        # The app remembers a workspace once it has opened it.
        settings = data / "settings.json"
        wait_until(
            lambda: Path(json.loads(settings.read_text())["last_workspace"]).resolve() == WORKSPACE.resolve(),
            timeout=SHOW_TIMEOUT,
            message=f"the workspace opened ({settings})",
        )
    finally:
        for pid in installed_apps(data):
            stop(pid)


def launch_once(data: Path, env: dict) -> dict:
    """Start the installed app on the demo (no WebDriver in between): the time
    from the process's start to the portfolio shown, and the memory of its
    process tree once the page has settled."""
    env = {**env, "STEERCO_DATA_DIR": str(data), "STEERCO_WORKSPACE": str(WORKSPACE), "STEERCO_STARTUP_PROBE": "1"}
    seen: dict[str, float] = {}
    start = time.monotonic()
    proc = subprocess.Popen(
        [str(APP_BIN)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # own process group: stop_group() ends it all
    )

    def read() -> None:
        for line in proc.stderr:
            if m := PROBE.search(line):
                seen.setdefault(m["view"], (time.monotonic() - start) * 1000)

    threading.Thread(target=read, daemon=True).start()
    try:
        wait_until(lambda: "portfolio-complete" in seen, timeout=SHOW_TIMEOUT, message="the portfolio shown")
        time.sleep(2)  # let the page settle before measuring memory
        pss, rss, count = tree_memory(proc.pid)
    finally:
        stop_group(proc)
    return {"shown": seen["portfolio"], "complete": seen["portfolio-complete"], "pss": pss, "rss": rss, "n": count}


def test_launch_time_and_memory_of_the_installed_app(tmp_path):
    env = base_env(tmp_path)
    runs = [launch_once(tmp_path / f"data-{i}", env) for i in range(LAUNCH_RUNS)]
    for r in runs:
        assert r["n"] >= 2 and r["pss"] > 0, f"no WebKit processes measured: {r}"

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    line = (
        f"launch of {APP_BIN} on the demo (median of {LAUNCH_RUNS}): portfolio shown "
        f"{median('shown'):.0f} ms after the process started (every row {median('complete'):.0f} ms); "
        f"memory {median('pss') / 1024:.0f} MB PSS ({median('rss') / 1024:.0f} MB RSS) over "
        f"{runs[0]['n']} processes"
    )
    Path(os.environ["DIST_FIGURES"]).write_text(line + "\n")
    print(f"\n{line}")
