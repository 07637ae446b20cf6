"""The passphrase of an encrypted folder is kept in the OS keyring (the run
script starts a private Secret Service): after a restart the app syncs again
without asking for it."""

import subprocess

from selenium.webdriver.common.by import By

from conftest import CLI_BIN, base_env, click, wait_for, wait_until
from forms import go
from test_sync import set_lead, sync_now


def run_cli_env(tmp, workspace, passphrase, *args) -> subprocess.CompletedProcess:
    """The CLI with the passphrase in $PASS; its result, whatever it is."""
    env = base_env(tmp)
    env["PASS"] = passphrase
    return subprocess.run(
        [str(CLI_BIN), "--workspace", str(workspace), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def kept(d) -> str:
    return wait_for(d, "#passphrase-kept").get_attribute("data-kept")


def test_the_passphrase_is_kept_in_the_os_keyring(launch_app, workspace, tmp_path):
    folder = tmp_path / "shared-encrypted"
    data = tmp_path / "data"
    a = launch_app(workspace, data)
    d = a.driver
    go(d, "nav-sync", "sync")
    path = wait_for(d, "#sync-folder-path")
    path.send_keys(str(folder))
    click(d, "#set-folder")
    wait_until(
        lambda: str(folder) in d.find_element(By.CSS_SELECTOR, "#sync-folder-current").text, message="folder set"
    )
    wait_for(d, "#sync-passphrase").send_keys("korrekt hest batteri")
    sync_now(d)
    assert kept(d) == "keyring"
    assert (folder / "steerco-folder.json").exists()
    a.quit()

    # A new run has nothing in memory: the sync works with the keyring's passphrase.
    b = launch_app(workspace, data)
    d = b.driver
    set_lead(d, "Lead efter genstart")  # something to send
    go(d, "nav-sync", "sync")
    assert not wait_for(d, "#sync-passphrase").get_attribute("value")
    before = wait_for(d, "#sync-last").text
    click(d, "#sync-now")
    wait_until(
        lambda: (
            d.find_element(By.CSS_SELECTOR, "#error").text.strip()
            or d.find_element(By.CSS_SELECTOR, "#sync-last").text != before
        ),
        message="a new sync result or an error",
    )
    assert not d.find_element(By.CSS_SELECTOR, "#error").text.strip()
    assert kept(d) == "keyring"

    # Change the passphrase in the app: the old one stops working for the
    # command line, the new one (kept in the keyring) syncs.
    click(d, "#passphrase-change summary")
    wait_for(d, "#new-passphrase").send_keys("en helt ny sætning")
    click(d, "#change-passphrase")
    # Wait for this change's own result: the message of the sync before it
    # may still be showing, and the CLI below must not run mid-change.
    wait_until(
        lambda: (
            d.find_element(By.CSS_SELECTOR, "#error").text.strip()
            or "Adgangsfrasen er skiftet" in d.find_element(By.CSS_SELECTOR, "#message").text
        ),
        message="the change's result",
    )
    assert not d.find_element(By.CSS_SELECTOR, "#error").text.strip()
    assert kept(d) == "keyring"
    other = tmp_path / "other.steerco"
    old = run_cli_env(
        tmp_path, other, "korrekt hest batteri", "sync", "folder", str(folder), "--passphrase-env", "PASS"
    )
    assert old.returncode == 1 and "changed" in old.stderr, old.stderr
    new = run_cli_env(tmp_path, other, "en helt ny sætning", "sync", "folder", str(folder), "--passphrase-env", "PASS")
    assert new.returncode == 0, new.stderr
