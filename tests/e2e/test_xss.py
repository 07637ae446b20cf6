"""Text from the workspace is shown as text, never run as HTML."""

from selenium.webdriver.common.by import By

from conftest import open_initiative, open_portfolio, wait_for, wait_until

TITLE = '<img src=x onerror="window.__pwned=1">'


def assert_not_run(d):
    assert d.execute_script("return typeof window.__pwned") == "undefined"
    assert not d.find_elements(By.CSS_SELECTOR, 'img[src="x"]')


def test_markup_in_a_title_is_shown_literally(launch_app, workspace, data_dir, run_cli):
    run_cli(workspace, "initiative", "add", "--code", "10.1", "--title", TITLE, "--focus-area", "9")
    d = launch_app(workspace, data_dir).driver
    open_portfolio(d)
    link = wait_for(d, 'tr[data-code="10.1"] a[data-initiative-link]')
    wait_until(lambda: link.text.strip() == TITLE, message=f"link text {TITLE!r} (is {link.text!r})")
    assert_not_run(d)

    title = open_initiative(d, "10.1")
    wait_until(lambda: TITLE in title.text, message=f"page title shows {TITLE!r} (is {title.text!r})")
    assert_not_run(d)
