"""A screenshot of every main view in both languages: target/screenshots/<view>-<lang>.png."""

import pytest

from conftest import open_initiative, open_portfolio, screenshot, wait_for, wait_until

LANGS = ["da", "en"]


def shot(d, name, lang):
    wait_until(lambda: d.execute_script("return document.documentElement.lang") == lang, message=f"lang {lang}")
    screenshot(d, f"{name}-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_start(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang).driver
    wait_for(d, "#open-demo")
    shot(d, "start", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_identity(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang, env={"STEERCO_USER": None}).driver
    wait_for(d, "form#identity")
    shot(d, "identity", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_portfolio_and_initiative(launch_app, workspace, data_dir, lang):
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    wait_for(d, 'tr[data-code="8.1"]')
    shot(d, "portfolio", lang)
    open_initiative(d, "8.1")
    wait_for(d, "table#status-history tr[data-status-id]")
    shot(d, "initiative", lang)
