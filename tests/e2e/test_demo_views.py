"""The demo shows every view: committees, meetings (an approved one with
minutes, an upcoming draft), decisions, tasks, risks and a dashboard opened as
of the demo's last status date, with one click to today. Each view at
1024x700 never scrolls sideways, in Danish and in English; a screenshot of
each: target/screenshots/demo-<view>-<lang>.png."""

import pytest
from selenium.webdriver.common.by import By

from conftest import click, screenshot, wait_for, wait_until

LANGS = ["da", "en"]


def count(d, css):
    return len(d.find_elements(By.CSS_SELECTOR, css))


def no_sideways_scroll(d, view):
    widths = d.execute_script(
        "const e = document.scrollingElement;"
        "const wide = [...document.querySelectorAll('main *')]"
        "  .filter(x => x.getBoundingClientRect().right > e.clientWidth + 1"
        "    && !x.closest('.table-scroll, .scroll-x, [data-scroll-x]'))"
        "  .slice(0, 3).map(x => x.tagName + (x.id ? '#' + x.id : '') + '.' + x.className);"
        "return [e.scrollWidth, e.clientWidth, wide];"
    )
    scroll, client, wide = widths
    assert scroll <= client + 1, f"{view}: the page scrolls sideways ({scroll} > {client}): {wide}"


def grey_total(d):
    """The grey count of the status table's totals row."""
    cells = d.find_elements(By.CSS_SELECTOR, '#focus-counts td.num[data-rag="grey"]')
    return int(cells[-1].text)


def visit(d, nav, main, ready, lang, name):
    click(d, f"a#{nav}")
    wait_for(d, f"main#{main}")
    wait_until(lambda: count(d, ready) > 0, message=f"{name} shows demo content ({ready})")
    no_sideways_scroll(d, name)
    screenshot(d, f"demo-{name}-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_shows_every_view(launch_app, workspace, data_dir, lang):
    d = launch_app(workspace, data_dir, lang=lang).driver
    d.set_window_size(1024, 700)
    wait_for(d, "main#portfolio")
    wait_until(lambda: d.execute_script("return document.documentElement.lang") == lang, message=f"lang {lang}")

    # The dashboard opens as of the demo's last status date (every sample
    # status would be grey today), says so, and goes to today in one click.
    click(d, "a#nav-dashboard")
    line = wait_for(d, "#dash-sample-date")
    assert "2017" in line.text, line.text
    asof = wait_for(d, "#dash-asof").text
    assert "2017" in asof, asof
    greys = grey_total(d)
    no_sideways_scroll(d, "dashboard")
    screenshot(d, f"demo-dashboard-{lang}")
    click(d, "#dash-when")
    wait_until(lambda: "2017" not in d.find_element(By.CSS_SELECTOR, "#dash-asof").text, message="today")
    wait_until(lambda: grey_total(d) > greys, message="today: the sample statuses are grey")

    visit(d, "nav-committees", "committees", "tr[data-committee-id]", lang, "committees")
    assert count(d, "tr[data-committee-id]") == 3
    visit(d, "nav-meetings", "meetings", "tr[data-meeting-id]", lang, "meetings")
    assert count(d, 'tr[data-meeting-id] [data-state="approved"]') == 1
    assert count(d, 'tr[data-meeting-id] [data-state="draft"]') == 1

    # The approved meeting: its minutes, read-only.
    approved = d.find_element(By.CSS_SELECTOR, 'tr[data-meeting-id] [data-state="approved"]')
    approved.find_element(By.XPATH, "ancestor::tr").find_element(By.CSS_SELECTOR, "a").click()
    wait_for(d, '#meeting-state[data-state="approved"]')
    wait_until(lambda: count(d, "li[data-outcome-kind]") >= 6, message="minutes with outcomes")
    no_sideways_scroll(d, "meeting")
    screenshot(d, f"demo-meeting-{lang}")

    visit(d, "nav-decisions", "decisions", "tr[data-decision-id]", lang, "decisions")
    visit(d, "nav-tasks", "tasks", "[data-task-id]", lang, "tasks")
    assert count(d, "article[data-task-id]") >= 4, "the demo's actions on the board"
    visit(d, "nav-risks", "risks", "tr[data-risk-id]", lang, "risks")
    visit(d, "nav-portfolio", "portfolio", "tr[data-code]", lang, "portfolio")
