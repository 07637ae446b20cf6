"""A whole flow by keyboard alone: search, open, add a status. No clicks."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import active, open_portfolio, wait_for, wait_text, wait_until

REASON = "Sat med tastaturet"


def press(d, *keys):
    """Send keys to whatever has the focus, as a user would."""
    ActionChains(d).send_keys(*keys).perform()


def tab_to(d, matches, limit=40, what="element"):
    """Press Tab until `matches(active(d))`; at most `limit` presses."""
    for _ in range(limit):
        press(d, Keys.TAB)
        focused = active(d)
        if matches(focused):
            return focused
    raise AssertionError(f"{what} not reached with {limit} Tab presses; focus is on {active(d)}")


def value(d, css):
    return d.find_element(By.CSS_SELECTOR, css).get_attribute("value")


def test_keyboard_only_status_update(app):
    d = app.driver
    open_portfolio(d)
    wait_for(d, 'tr[data-code="8.1"]')

    focused = tab_to(d, lambda a: a["id"] == "search", what="#search")
    assert focused["outline"] != "none", f"no visible focus indicator on #search: {focused}"
    press(d, "8.1")
    wait_until(lambda: len(d.find_elements(By.CSS_SELECTOR, "tr[data-code]")) < 10, message="search narrows the list")

    focused = tab_to(d, lambda a: a["initiativeLink"], what="the first initiative link")
    assert focused["code"] == "8.1", f"first link is for {focused['code']}"
    assert focused["outline"] != "none", f"no visible focus indicator on the link: {focused}"
    press(d, Keys.ENTER)
    wait_for(d, "main#initiative")
    wait_text(d, "h1#initiative-title", "8.1")
    before = len(d.find_elements(By.CSS_SELECTOR, "table#status-history tr[data-status-id]"))

    # Dimension overall -> scope (3 down), RAG green -> red (2 down).
    tab_to(d, lambda a: a["id"] == "status-dimension", what="#status-dimension")
    press(d, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    assert value(d, "#status-dimension") == "scope"
    tab_to(d, lambda a: a["id"] == "status-rag", what="#status-rag")
    press(d, Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    assert value(d, "#status-rag") == "red"
    tab_to(d, lambda a: a["id"] == "status-reason", limit=10, what="#status-reason")
    press(d, REASON)
    focused = tab_to(d, lambda a: a["id"] == "submit-status", limit=5, what="#submit-status")
    assert focused["outline"] != "none", f"no visible focus indicator on the submit button: {focused}"
    press(d, Keys.ENTER)

    wait_until(
        lambda: len(d.find_elements(By.CSS_SELECTOR, "table#status-history tr[data-status-id]")) == before + 1,
        message="one more status row",
    )
    row = wait_text(d, "table#status-history tr[data-status-id]", REASON)
    assert row.find_elements(By.CSS_SELECTOR, 'span.rag[data-rag="red"]')
