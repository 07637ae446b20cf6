"""The demo shows every view: committees, meetings (an approved one with
minutes, an upcoming draft), decisions, tasks, risks and a dashboard opened as
of the demo's last status date, with one click to today. Each view at
1024x700 never scrolls sideways, in Danish and in English; a screenshot of
each: target/screenshots/demo-<view>-<lang>.png."""

import pytest
from selenium.webdriver.common.by import By

from conftest import cli, click, screenshot, wait_for, wait_until
from forms import no_sideways_scroll

LANGS = ["da", "en"]


def count(d, css):
    return len(d.find_elements(By.CSS_SELECTOR, css))


def grey_total(d):
    """The grey count of the status table's totals row."""
    cells = d.find_elements(By.CSS_SELECTOR, '#focus-counts td.num[data-rag="grey"]')
    return int(cells[-1].text)


def visit(d, nav, main, ready, shot):
    """Open a view from the menu, wait for `ready`, check the width, and save
    target/screenshots/<shot>.png."""
    click(d, f"a#{nav}")
    wait_for(d, f"main#{main}")
    wait_until(lambda: count(d, ready) > 0, message=f"{shot} shows {ready}")
    no_sideways_scroll(d, shot)
    screenshot(d, shot)


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

    visit(d, "nav-committees", "committees", "tr[data-committee-id]", f"demo-committees-{lang}")
    assert count(d, "tr[data-committee-id]") == 3
    visit(d, "nav-meetings", "meetings", "tr[data-meeting-id]", f"demo-meetings-{lang}")
    assert count(d, 'tr[data-meeting-id] [data-state="approved"]') == 1
    assert count(d, 'tr[data-meeting-id] [data-state="draft"]') == 1

    # The approved meeting: its minutes, read-only.
    approved = d.find_element(By.CSS_SELECTOR, 'tr[data-meeting-id] [data-state="approved"]')
    approved.find_element(By.XPATH, "ancestor::tr").find_element(By.CSS_SELECTOR, "a").click()
    wait_for(d, '#meeting-state[data-state="approved"]')
    wait_until(lambda: count(d, "li[data-outcome-kind]") >= 6, message="minutes with outcomes")
    no_sideways_scroll(d, "meeting")
    screenshot(d, f"demo-meeting-{lang}")

    visit(d, "nav-decisions", "decisions", "tr[data-decision-id]", f"demo-decisions-{lang}")
    visit(d, "nav-tasks", "tasks", "[data-task-id]", f"demo-tasks-{lang}")
    assert count(d, "article[data-task-id]") >= 4, "the demo's actions on the board"
    visit(d, "nav-risks", "risks", "tr[data-risk-id]", f"demo-risks-{lang}")
    visit(d, "nav-portfolio", "portfolio", "tr[data-code]", f"demo-portfolio-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_workspace_says_what_to_do_in_every_view(launch_app, data_dir, tmp_path, lang):
    ws = tmp_path / "empty.steerco"
    cli(tmp_path, ws, "init", "--name", "Tom")
    d = launch_app(ws, data_dir, lang=lang).driver
    d.set_window_size(1024, 700)
    wait_for(d, "main#portfolio")
    wait_until(lambda: d.execute_script("return document.documentElement.lang") == lang, message=f"lang {lang}")
    for nav, main, name in (
        ("nav-committees", "committees", "committees"),
        ("nav-meetings", "meetings", "meetings"),
        ("nav-decisions", "decisions", "decisions"),
        ("nav-tasks", "tasks", "tasks"),
    ):
        visit(d, nav, main, "p.empty", f"empty-{name}-{lang}")
        text = d.find_element(By.CSS_SELECTOR, f"main#{main} p.empty").text
        assert text.strip(), f"{name}: the empty state says something"
