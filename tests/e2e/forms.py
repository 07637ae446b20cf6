"""Driving the app's views and forms the way a user does: the helpers the
end-to-end tests of committee work share (conftest.py has the app itself)."""

from selenium.webdriver.common.by import By

from conftest import click, wait_for, wait_text


def go(d, nav, main):
    """Open a view from the menu and wait for it."""
    click(d, f"a#{nav}")
    return wait_for(d, f"main#{main}")


def set_value(d, css, value):
    """Set a field's value as typing would (date and time fields depend on the
    WebKit process's locale when typed), then fire input and change."""
    el = wait_for(d, css)
    d.execute_script(
        "const [el, v] = arguments; el.value = v;"
        "el.dispatchEvent(new Event('input', {bubbles: true}));"
        "el.dispatchEvent(new Event('change', {bubbles: true}));",
        el,
        value,
    )


def type_into(d, css, text):
    el = wait_for(d, css)
    el.clear()
    el.send_keys(text)


def no_error(d):
    err = d.find_element(By.CSS_SELECTOR, "#error").text.strip()
    assert not err, err


def message(d, text):
    """Wait for the status line to say `text`, with no error shown."""
    wait_text(d, "#message", text)
    no_error(d)


def no_sideways_scroll(d, where):
    """The page is no wider than the window; names a few elements that stick
    out, outside the boxes made to scroll sideways."""
    scroll, client, wide = d.execute_script(
        "const e = document.scrollingElement;"
        "const wide = [...document.querySelectorAll('main *')]"
        "  .filter(x => x.getBoundingClientRect().right > e.clientWidth + 1"
        "    && !x.closest('.table-scroll, .scroll-x, [data-scroll-x]'))"
        "  .slice(0, 3).map(x => x.tagName + (x.id ? '#' + x.id : '') + '.' + x.className);"
        "return [e.scrollWidth, e.clientWidth, wide];"
    )
    assert scroll <= client + 1, f"{where}: the page scrolls sideways ({scroll} > {client}): {wide}"


def agenda_titles(d):
    return [e.text for e in d.find_elements(By.CSS_SELECTOR, "ol#agenda > li .item-text")]


def move_state(d, button, state):
    """Press a meeting state button and wait for the state."""
    click(d, f"#state-{button}")
    wait_for(d, f'#meeting-state[data-state="{state}"]')
    no_error(d)
