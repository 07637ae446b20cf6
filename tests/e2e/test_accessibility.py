"""axe-core finds no serious or critical WCAG 2.1 A/AA problem on the main views."""

import pytest

from conftest import axe_check, click, open_initiative, open_portfolio, wait_for


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


def seed_meeting(run_cli, workspace) -> str:
    """A working group with a meeting whose minutes hold a note, a decision
    and an action (one overdue), through the real CLI."""
    run_cli(workspace, "committee", "add", "--name", "Arbejdsgruppe Data", "--kind", "working")
    run_cli(
        workspace, "member", "add", "--committee", "Arbejdsgruppe Data", "--name", "Anne Formand", "--role", "chair"
    )
    m = run_cli(
        workspace,
        "meeting",
        "add",
        "--committee",
        "Arbejdsgruppe Data",
        "--title",
        "Møde 1",
        "--at",
        "2026-02-02T10:00",
        "--duration",
        "30",
    ).stdout.strip()
    run_cli(workspace, "agenda", "add", m, "--title", "Status", "--initiative", "8.1", "--duration", "30")
    run_cli(workspace, "agenda", "add", m, "--title", "Udbud", "--closed", "--duration", "10")
    run_cli(workspace, "meeting", "state", m, "open")
    run_cli(workspace, "outcome", "add", m, "--item", "2", "--note", "Status gennemgået")
    run_cli(workspace, "outcome", "add", m, "--item", "2", "--decision", "Løsning B vælges")
    run_cli(
        workspace,
        "outcome",
        "add",
        m,
        "--item",
        "2",
        "--action",
        "Udkast sendes",
        "--owner",
        "Anne Formand",
        "--due",
        "2026-02-15",
    )
    return m


@pytest.mark.parametrize("lang", ["da", "en"])
def test_committee_work(launch_app, workspace, data_dir, run_cli, lang):
    m = seed_meeting(run_cli, workspace)
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    for nav, ready, name in (
        ("nav-committees", "#committee-list tr[data-committee-id]", "committees"),
        ("nav-meetings", "#meeting-list tr[data-meeting-id]", "meetings"),
        ("nav-decisions", "#decision-register tr[data-decision-id]", "decisions"),
        ("nav-tasks", "section[data-board] article[data-task-id]", "tasks"),
    ):
        click(d, f"a#{nav}")
        wait_for(d, ready)
        axe_check(d, f"{name}-{lang}")
    click(d, "#tasks-list")
    wait_for(d, "#task-list tr.is-overdue")
    axe_check(d, f"tasks-list-{lang}")
    click(d, "a#nav-search")
    wait_for(d, "#search-text").send_keys("status")
    wait_for(d, "#search-results li")
    axe_check(d, f"search-{lang}")
    d.execute_script("location.hash = arguments[0]", f"#/meeting/{m}")
    wait_for(d, 'li[data-item-number="2"] li[data-outcome-kind="action"]')
    wait_for(d, "#over-time")
    axe_check(d, f"meeting-{lang}")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_overview(launch_app, workspace, data_dir, lang):
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    click(d, "a#nav-dashboard")
    wait_for(d, "#focus-counts button.count")
    click(d, "#focus-counts button.count")
    wait_for(d, "#drill-list li[data-code]")
    wait_for(d, "#timeline svg.timeline")
    axe_check(d, f"dashboard-{lang}")
    click(d, "a#nav-risks")
    wait_for(d, 'button.heat-cell[data-count]:not([data-count="0"])')
    click(d, 'button.heat-cell:not([data-count="0"])')
    wait_for(d, "#heat-cell-risks li[data-risk-id]")
    wait_for(d, "table#risk-register tr[data-risk-id]")
    click(d, "table#risk-register button.reassess")
    wait_for(d, "form.assess-form")
    axe_check(d, f"risks-{lang}")
