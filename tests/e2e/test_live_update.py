"""The app follows changes other programs make to the workspace file."""

import time

from selenium.webdriver.common.by import By

from conftest import RAG_LABELS, open_portfolio, rag_css, wait_for


def test_cli_change_shows_in_open_app_within_2s(app, workspace, run_cli):
    d = app.driver
    open_portfolio(d)
    before = wait_for(d, rag_css("8.1", "time")).get_attribute("data-rag")
    # Whatever the sample data says now, the CLI sets something else.
    new = "red" if before != "red" else "amber"
    assert not d.find_elements(By.CSS_SELECTOR, rag_css("8.1", "time", new))

    run_cli(workspace, "initiative", "status", "8.1", "--rag", new, "--dimension", "time")
    changed = time.monotonic()
    badge = wait_for(d, rag_css("8.1", "time", new), timeout=2)
    print(f"portfolio updated {time.monotonic() - changed:.2f}s after the CLI finished")
    assert RAG_LABELS["da"][new] in badge.text
