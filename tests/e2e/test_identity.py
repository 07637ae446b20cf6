"""One identity per installation, for the app and the CLI alike.

A workspace made with the CLI under the login name remembers that person for
this installation. When the app's identity is someone else, it asks once which
to be, and from then on the app's and the CLI's changes are credited to the
answer; what was recorded before keeps its author."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from conftest import CLI_BIN, base_env, click, screenshot, wait_for, wait_text
from test_dialog import add_committee


def run_cli(tmp: Path, data_dir: Path, ws: Path, *args: str) -> str:
    env = base_env(tmp)
    env.pop("STEERCO_USER", None)
    env.update(USER="frederik", STEERCO_DATA_DIR=str(data_dir))
    out = subprocess.run(
        [str(CLI_BIN), "--workspace", str(ws), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def authors(ws: Path, table: str) -> dict[str, str]:
    """Who the log credits with inserting each row of `table`, by its name
    (read after the app has closed)."""
    with sqlite3.connect(f"file:{ws}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT json_extract(c.fields, '$.name'), p.name FROM change c"
            " JOIN person p ON p.id = c.author_id WHERE c.tbl = ? AND c.op = 'insert'",
            (table,),
        ).fetchall()
    return dict(rows)


def test_the_app_asks_once_and_the_cli_follows_the_answer(launch_app, tmp_path, data_dir):
    ws = tmp_path / "ws.steerco"
    run_cli(tmp_path, data_dir, ws, "init", "--name", "Identitet")
    run_cli(tmp_path, data_dir, ws, "committee", "add", "--name", "Før appen", "--kind", "working")

    app = launch_app(ws, data_dir, env={"STEERCO_USER": None})
    d = app.driver
    wait_for(d, "#identity-view")
    wait_for(d, "#identity-name").send_keys("Formand Frederik")
    click(d, "#identity-submit")
    question = wait_for(d, "#identity-question")
    assert "frederik" in question.text and "Formand Frederik" in question.text, question.text
    screenshot(d, "identity-question")
    click(d, "#identity-use-installation")
    wait_text(d, "header .me", "Du er Formand Frederik")
    add_committee(d, "Styregruppen")

    # The CLI on the same installation, without naming anyone.
    run_cli(tmp_path, data_dir, ws, "committee", "add", "--name", "Fra CLI", "--kind", "working")
    assert run_cli(tmp_path, data_dir, ws, "person", "me").strip() == "Formand Frederik"
    app.quit()

    # Asked once: a restart goes straight on as the answer.
    app = launch_app(ws, data_dir, env={"STEERCO_USER": None})
    d = app.driver
    wait_for(d, "main#portfolio")
    wait_text(d, "header .me", "Du er Formand Frederik")
    assert not d.find_elements("css selector", "#identity-question")
    add_committee(d, "Efter genstart")
    app.quit()

    credited = authors(ws, "committee")
    assert credited == {
        "Før appen": "frederik",  # history is not rewritten
        "Styregruppen": "Formand Frederik",
        "Fra CLI": "Formand Frederik",
        "Efter genstart": "Formand Frederik",
    }, credited
