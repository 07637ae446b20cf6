"""Two app instances on one real sync server see each other's edits without
pressing anything; the server goes away and comes back; a wrong token is
refused with a clear message; after a restart the token comes from the OS
keyring."""

import os
import subprocess
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import REPO, click, open_initiative, open_portfolio, rag_css, screenshot, wait_for, wait_until
from forms import go

SERVER_BIN = Path(os.environ.get("STEERCO_SERVER_BIN", REPO / "target/debug/steerco-server")).resolve()


class Server:
    """The real steerco-server on a loopback port."""

    def __init__(self, data: Path):
        assert SERVER_BIN.exists(), f"{SERVER_BIN} is missing: cargo build -p steerco-server"
        self.data = data
        self.proc = None
        self.port = 0

    def admin(self, *args: str) -> str:
        out = subprocess.run(
            [str(SERVER_BIN), "--data", str(self.data), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return out.stdout.strip()

    def start(self) -> None:
        deadline = time.monotonic() + 15
        while True:
            self.proc = subprocess.Popen(
                [str(SERVER_BIN), "--data", str(self.data), "--listen", f"127.0.0.1:{self.port}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            line = self.proc.stdout.readline().strip()
            if line.startswith("listening on "):
                self.port = int(line.rsplit(":", 1)[1])
                return
            self.proc.wait(timeout=10)
            # The port of a killed server may take a moment to be free again.
            assert time.monotonic() < deadline, f"the server did not start: {line!r}"
            time.sleep(0.2)

    def url(self, workspace: str) -> str:
        return f"http://127.0.0.1:{self.port}/{workspace}"

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path / "server")
    s.admin("workspace", "create", "acme")
    s.start()
    yield s
    s.kill()


def set_status(d, code, rag):
    go(d, "nav-portfolio", "portfolio")
    open_initiative(d, code)
    Select(wait_for(d, "select#status-rag")).select_by_value(rag)
    click(d, "#submit-status")
    wait_until(lambda: d.find_element(By.CSS_SELECTOR, "#message").text.strip(), message="status saved")
    go(d, "nav-portfolio", "portfolio")


def live_state(d):
    e = d.find_elements(By.CSS_SELECTOR, "#sync-live")
    return e[0].get_attribute("data-state") if e else None


def test_two_apps_on_one_server_see_each_others_edits_live(launch_app, workspace, tmp_path, server):
    ta = server.admin("token", "create", "--workspace", "acme", "--member", "Anne")
    tb = server.admin("token", "create", "--workspace", "acme", "--member", "Bent")
    app_a = launch_app(workspace, tmp_path / "data-a", env={"STEERCO_USER": "Anne"})
    a = app_a.driver

    # A wrong token: refused, with a message, and nothing is set.
    go(a, "nav-sync", "sync")
    wait_for(a, "#server-url").send_keys(server.url("acme"))
    wait_for(a, "#server-token").send_keys("not-a-token")
    click(a, "#connect-server")
    wait_until(lambda: a.find_element(By.CSS_SELECTOR, "#error").text.strip(), message="an error")
    assert "token" in a.find_element(By.CSS_SELECTOR, "#error").text
    assert not a.find_elements(By.CSS_SELECTOR, "#disconnect-server")

    # The right one: connected, syncing in the background.
    token = wait_for(a, "#server-token")
    token.clear()
    token.send_keys(ta)
    click(a, "#connect-server")
    wait_until(lambda: live_state(a) == "online", timeout=20, message="A online")
    assert server.url("acme") in a.find_element(By.CSS_SELECTOR, "#sync-server-current").text

    # B joins from the server at its start page.
    b = launch_app(None, tmp_path / "data-b", env={"STEERCO_USER": "Bent"}).driver
    wait_for(b, "#join-server-url").send_keys(server.url("acme"))
    wait_for(b, "#join-server-token").send_keys(tb)
    click(b, "#join-from-server")
    open_portfolio(b)
    wait_for(b, 'tr[data-code="8.1"]')

    # An edit in A shows in B's open portfolio, nobody pressing anything.
    set_status(a, "8.1", "red")
    started = time.monotonic()
    wait_for(b, rag_css("8.1", "overall", "red"), timeout=15)
    print(f"A -> B in the app: {time.monotonic() - started:.2f} s")
    # And the other way round.
    set_status(b, "9.1", "amber")
    wait_for(a, rag_css("9.1", "overall", "amber"), timeout=15)

    go(b, "nav-sync", "sync")
    wait_until(lambda: live_state(b) == "online", timeout=20, message="B online")
    screenshot(b, "sync-server")

    # The server goes away: A says so and keeps working; back, the edit goes out.
    server.kill()
    go(a, "nav-sync", "sync")
    set_status(a, "1.1", "green")
    go(a, "nav-sync", "sync")
    wait_until(lambda: live_state(a) == "offline", timeout=20, message="A offline")
    assert "Offline" in a.find_element(By.CSS_SELECTOR, "#sync-badge").text
    screenshot(a, "sync-server-offline")
    server.start()
    go(b, "nav-portfolio", "portfolio")
    wait_for(b, rag_css("1.1", "overall", "green"), timeout=40)
    go(a, "nav-sync", "sync")
    wait_until(lambda: live_state(a) == "online", timeout=20, message="A online again")

    # A restarts: the token comes from the OS keyring, nothing is typed, and
    # B's next edit arrives by itself.
    app_a.quit()
    a = launch_app(workspace, tmp_path / "data-a", env={"STEERCO_USER": "Anne"}).driver
    go(a, "nav-sync", "sync")
    wait_until(lambda: live_state(a) == "online", timeout=20, message="A online after a restart")
    set_status(b, "2.1", "red")
    go(a, "nav-portfolio", "portfolio")
    wait_for(a, rag_css("2.1", "overall", "red"), timeout=15)
