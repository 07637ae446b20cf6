"""The built app starts under WebDriver and shows its page."""

from conftest import screenshot, wait_for, wait_until


def test_app_starts_on_demo_workspace(app):
    d = app.driver
    wait_until(lambda: "Steerco" in d.title, timeout=10, message=f"title contains Steerco (is {d.title!r})")
    wait_for(d, "h1")
    screenshot(d, "smoke")
