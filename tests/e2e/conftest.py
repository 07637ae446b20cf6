"""Fixtures and helpers for the end-to-end tests.

The real desktop app (target/debug/steerco-app) is driven through
tauri-driver, which starts WebKitWebDriver, which starts the app. Each launch
gets its own tauri-driver on free ports, so tests never share a port or an app.
Run through tests/e2e/run, which provides the venv and a virtual display.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.common.proxy import Proxy, ProxyType
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.support.ui import WebDriverWait

from locks import group_pid, missing_locks

REPO = Path(__file__).resolve().parents[2]
APP_BIN = Path(os.environ.get("STEERCO_APP_BIN", REPO / "target/debug/steerco-app")).resolve()
CLI_BIN = Path(os.environ.get("STEERCO_CLI_BIN", REPO / "target/debug/steerco")).resolve()
TAURI_DRIVER = shutil.which("tauri-driver") or str(Path.home() / ".cargo/bin/tauri-driver")
AXE_JS = REPO / "ui/node_modules/axe-core/axe.min.js"
SCREENSHOTS = REPO / "target/screenshots"
# The user guide's screenshots and accessibility figures come from this run
# (test_screenshots.py, test_accessibility.py) with E2E_GUIDE=1 (`make guide`);
# a plain run leaves the tracked files in docs/ alone.
GUIDE = REPO / "docs/guide" if os.environ.get("E2E_GUIDE") else None

USER = "Testbruger"
NOW = "2026-03-01T09:00:00Z"

# Bounds on every wait, in seconds.
DRIVER_READY_TIMEOUT = 20
HTTP_TIMEOUT = 60  # one WebDriver command, including session creation
QUIT_TIMEOUT = 10

# The Danish and English text labels of each RAG value (colour is never the only signal).
RAG_LABELS = {
    "da": {"green": "Grøn", "amber": "Gul", "red": "Rød", "grey": "Grå"},
    "en": {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey"},
}


# --- environment --------------------------------------------------------------


def base_env(tmp: Path) -> dict[str, str]:
    """The environment the CLI and the app share: test user, fixed clock, and
    XDG folders inside the test's temp dir (WebKit writes its caches there,
    the app and the CLI their logs)."""
    env = dict(os.environ)
    env.update(
        STEERCO_USER=USER,
        STEERCO_NOW=NOW,
        XDG_DATA_HOME=str(tmp / "xdg/data"),
        XDG_CACHE_HOME=str(tmp / "xdg/cache"),
        XDG_CONFIG_HOME=str(tmp / "xdg/config"),
        XDG_STATE_HOME=str(tmp / "xdg/state"),  # the app's and the CLI's logs
    )
    # An outer STEERCO_WORKSPACE / STEERCO_DATA_DIR must not leak into a test.
    env.pop("STEERCO_WORKSPACE", None)
    env.pop("STEERCO_DATA_DIR", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


# --- the CLI ------------------------------------------------------------------


def cli(tmp: Path, workspace: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real CLI on `workspace`; fails the test with its output on error."""
    proc = subprocess.run(
        [str(CLI_BIN), "--workspace", str(workspace), *args],
        env=base_env(tmp),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, (
        f"steerco {' '.join(args)} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    return proc


@pytest.fixture
def run_cli(tmp_path):
    """run_cli(workspace, *args): the real CLI with the tests' environment."""

    def run(workspace: Path, *args: str) -> subprocess.CompletedProcess:
        return cli(tmp_path, workspace, *args)

    return run


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A fresh demo workspace made by the real CLI."""
    assert CLI_BIN.exists(), f"{CLI_BIN} is missing: cargo build -p steerco-cli"
    ws = tmp_path / "ws.steerco"
    cli(tmp_path, ws, "init", "--demo")
    return ws


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """The app's data folder (settings.json); reuse it across restarts."""
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    return d


# --- the app ------------------------------------------------------------------


class App:
    """One running app: its tauri-driver (process group) and WebDriver session."""

    def __init__(self, proc: subprocess.Popen, driver, log: Path):
        self.proc = proc
        self.driver = driver
        self.log = log

    def quit(self) -> None:
        """End the session (closes the app), then the driver processes. Idempotent."""
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:
                pass  # the app may already be gone; the group kill below cleans up
            self.driver = None
        stop_group(self.proc)


def stop_group(proc: subprocess.Popen) -> None:
    """Stop tauri-driver and everything it started (WebKitWebDriver, the app):
    they share the process group we created for it."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, QUIT_TIMEOUT), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def write_language(data_dir: Path, lang: str) -> None:
    """Preset the language in the app's settings.json, keeping other settings."""
    path = data_dir / "settings.json"
    settings = json.loads(path.read_text()) if path.exists() else {}
    settings["language"] = lang
    path.write_text(json.dumps(settings, indent=2))


@pytest.fixture
def launch_app(tmp_path):
    """launch_app(workspace, data_dir, lang=None, env=None) -> App.

    workspace=None opens no workspace (unless settings.json remembers one).
    env entries override the defaults; a value of None removes the variable
    (e.g. {"STEERCO_USER": None} to get the who-am-I screen).
    Every app still running is quit when the test ends.
    """
    assert APP_BIN.exists(), f"{APP_BIN} is missing: run `make app` first"
    apps: list[App] = []

    def launch(workspace: Path | None, data_dir: Path, lang: str | None = None, env: dict | None = None) -> App:
        data_dir.mkdir(parents=True, exist_ok=True)
        if lang:
            write_language(data_dir, lang)
        full_env = base_env(tmp_path)
        full_env["STEERCO_DATA_DIR"] = str(data_dir)
        if workspace is not None:
            full_env["STEERCO_WORKSPACE"] = str(workspace)
        for k, v in (env or {}).items():
            if v is None:
                full_env.pop(k, None)
            else:
                full_env[k] = v

        port, native_port = free_port(), free_port()
        while native_port == port:
            native_port = free_port()
        log = tmp_path / f"tauri-driver-{len(apps)}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [TAURI_DRIVER, "--port", str(port), "--native-port", str(native_port)],
                env=full_env,  # the app inherits this environment
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: stop_group() ends it all
            )
        app = App(proc, None, log)
        apps.append(app)

        # tauri-driver accepts connections before WebKitWebDriver listens;
        # a session made too early fails, so wait for both ports.
        deadline = time.monotonic() + DRIVER_READY_TIMEOUT
        while not (port_open(port) and port_open(native_port)):
            if proc.poll() is not None or time.monotonic() > deadline:
                app.quit()
                pytest.fail(f"tauri-driver did not get ready on {port}/{native_port}:\n{log.read_text()}")
            time.sleep(0.05)

        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(APP_BIN)})
        config = ClientConfig(
            remote_server_addr=f"http://127.0.0.1:{port}",
            timeout=HTTP_TIMEOUT,
            proxy=Proxy(raw={"proxyType": ProxyType.DIRECT}),  # never an http_proxy for 127.0.0.1
        )
        try:
            app.driver = webdriver.Remote(command_executor=RemoteConnection(client_config=config), options=options)
        except Exception as e:
            app.quit()
            pytest.fail(f"no WebDriver session: {e}\n{log.read_text()}")
        app.driver.set_script_timeout(30)
        return app

    yield launch
    # Every app still running holds its locks on the workspace it has open
    # (a stray close() in its process, such as an in-process file dialog,
    # would have dropped SQLite's: see locks.py).
    problems = []
    for app in apps:
        if app.driver is not None and app.proc.poll() is None:
            pid = group_pid(app.proc.pid)
            if pid is not None:
                problems += missing_locks(pid)
        app.quit()
    assert not problems, "the app lost its workspace locks: " + "; ".join(problems)


@pytest.fixture
def app(launch_app, workspace, data_dir) -> App:
    """The app on a fresh demo workspace and data folder (it opens on the portfolio)."""
    return launch_app(workspace, data_dir)


# --- helpers ------------------------------------------------------------------


def wait_for(driver, css: str, timeout: float = 10):
    """The first element matching `css`, waiting up to `timeout` seconds."""
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(
            lambda d: (d.find_elements(By.CSS_SELECTOR, css) or [None])[0]
        )
    except TimeoutException:
        raise AssertionError(f"no element {css!r} after {timeout}s") from None


def wait_text(driver, css: str, text: str, timeout: float = 10):
    """An element matching `css` whose visible text contains `text`."""

    def find(d):
        for el in d.find_elements(By.CSS_SELECTOR, css):
            try:
                if text in el.text:
                    return el
            except Exception:  # re-rendered under us; try again
                return None
        return None

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(find)
    except TimeoutException:
        seen = [e.text for e in driver.find_elements(By.CSS_SELECTOR, css)][:5]
        raise AssertionError(f"no {css!r} with text {text!r} after {timeout}s; saw {seen!r}") from None


def wait_until(predicate, timeout: float = 10, message: str = "condition"):
    """Poll `predicate()` until truthy (bounded); returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except Exception:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} not met after {timeout}s")
        time.sleep(0.1)


# Scroll an element to the middle of the window and wait until it stays put:
# sections with content-visibility: auto get their real height only once near
# the viewport, which moves what follows them after the first scroll.
_SCROLL_STILL = """
const [el, done] = arguments;
let last = null, n = 0;
(function step() {
  el.scrollIntoView({block: 'center'});
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const top = el.getBoundingClientRect().top;
    if (top === last || ++n > 20) done(); else { last = top; step(); }
  }));
})();
"""


def click(driver, css: str, timeout: float = 10):
    """Click the first element matching `css`. WebKitWebDriver does not scroll
    an element into view before clicking (ElementNotInteractable), and a click
    on an element that moves lands elsewhere, so scroll it still first; retry
    while the UI re-renders the element under us."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            el = driver.find_element(By.CSS_SELECTOR, css)
            driver.execute_async_script(_SCROLL_STILL, el)
            el.click()
            return el
        except (NoSuchElementException, StaleElementReferenceException, ElementNotInteractableException):
            if time.monotonic() > deadline:
                raise AssertionError(f"could not click {css!r} within {timeout}s") from None
            time.sleep(0.1)


def active(driver) -> dict:
    """What has the keyboard focus: tag, id, and its outline style."""
    return driver.execute_script(
        """const e = document.activeElement;
           return {tag: e.tagName.toLowerCase(), id: e.id, outline: getComputedStyle(e).outlineStyle,
                   initiativeLink: e.matches('a[data-initiative-link]'),
                   code: e.closest('tr[data-code]')?.dataset.code ?? null};"""
    )


# With WebKit's compositing off (the app's default on Linux, src-tauri's
# main.rs), WebKitWebDriver's screenshot waits for the page's next paint, and
# a page with nothing left to paint gives it none: the shot hangs. An
# invisible pixel changing every 50 ms (by a timer: animation frames pause
# while the shot waits) gives it one; removed after the shot.
_PAINT_WHILE_SHOT = """
const el = document.createElement('div');
el.id = 'e2e-shot-paint';
el.setAttribute('aria-hidden', 'true');
el.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;opacity:0';
document.body.appendChild(el);
let n = 0;
window.__e2eShotPaint = setInterval(() => {
  el.style.opacity = n++ % 2 ? '0' : '0.01';
  if (n > 200) clearInterval(window.__e2eShotPaint);
}, 50);
"""
_PAINT_DONE = "clearInterval(window.__e2eShotPaint); document.getElementById('e2e-shot-paint')?.remove();"


def screenshot(driver, name: str) -> Path:
    """Save the window to target/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Let the page paint what is in the DOM (else a shot can show the frame before).
    driver.execute_async_script(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()))"
    )
    driver.execute_script(_PAINT_WHILE_SHOT)
    try:
        assert driver.save_screenshot(str(path)), f"screenshot {name} failed"
    finally:
        driver.execute_script(_PAINT_DONE)
    return path


# axe.run reports through the async-script callback; the result is cut down
# to the violations and how many rules passed, need a person's review
# (incomplete) or found nothing to check (inapplicable).
_AXE_RUN = """
const done = arguments[arguments.length - 1];
window.axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => done({violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(n => n.target.join(' '))})), passes: r.passes.length,
      incomplete: r.incomplete.length, inapplicable: r.inapplicable.length, version: r.testEngine.version}))
  .catch(e => done({error: String(e && e.stack || e)}));
"""


def axe_run(driver, name: str) -> dict:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the current page. The
    violations go to target/axe/<name>.json; the result also holds the counts
    `passes`, `incomplete`, `inapplicable` and the axe-core `version`."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: cd ui && npm ci"
    # The page's CSP (script-src 'self') does not apply to WebDriver scripts,
    # so executing the file's text defines window.axe.
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(AXE_JS.read_text())
    result = driver.execute_async_script(_AXE_RUN)
    assert "error" not in result, f"axe failed on {name}: {result['error']}"
    assert result["passes"] > 0, f"axe checked nothing on {name}"
    out = REPO / "target/axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result["violations"], indent=2, ensure_ascii=False))
    return result


def axe_assert(result: dict, name: str) -> None:
    """Fail on any serious or critical violation in an axe_run result."""
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe on {name}: serious/critical violations:\n" + "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"]) for v in bad
    )


# --- app-specific steps (the DOM contract is in README.md) --------------------


def rag_css(code: str, dimension: str, rag: str | None = None) -> str:
    """The RAG badge of one initiative row and dimension in the portfolio."""
    badge = f'span.rag[data-rag="{rag}"]' if rag else "span.rag"
    return f'tr[data-code="{code}"] td[data-dimension="{dimension}"] {badge}'


def open_portfolio(driver, timeout: float = 10):
    """Wait for the portfolio view (the app opens on it with a workspace)."""
    return wait_for(driver, "main#portfolio", timeout)


def open_initiative(driver, code: str, timeout: float = 10):
    """From the portfolio, open an initiative's page by its link."""
    # A click can land beside a link that moved while the portfolio re-rendered
    # (e.g. a refresh), so click again until the page changes, within `timeout`.
    deadline = time.monotonic() + timeout
    while True:
        click(driver, f'tr[data-code="{code}"] a[data-initiative-link]', timeout)
        try:
            wait_for(driver, "main#initiative", min(2.0, max(0.1, deadline - time.monotonic())))
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
    return wait_for(driver, "h1#initiative-title", timeout)
