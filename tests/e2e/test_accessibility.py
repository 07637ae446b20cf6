"""axe-core finds no serious or critical WCAG 2.1 A/AA problem on the main views."""

import pytest

from conftest import axe_check, open_initiative, open_portfolio, wait_for


@pytest.mark.parametrize("lang", ["da", "en"])
def test_portfolio_and_initiative(launch_app, workspace, data_dir, lang):
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    wait_for(d, 'tr[data-code="8.1"]')
    axe_check(d, f"portfolio-{lang}")
    open_initiative(d, "8.1")
    wait_for(d, "table#status-history tr[data-status-id]")
    axe_check(d, f"initiative-{lang}")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_identity(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang, env={"STEERCO_USER": None}).driver
    wait_for(d, "form#identity input#identity-name")
    axe_check(d, f"identity-{lang}")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_start(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang).driver
    wait_for(d, "#open-demo")
    axe_check(d, f"start-{lang}")
