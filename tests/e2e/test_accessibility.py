"""axe-core finds no serious or critical WCAG 2.1 A/AA problem on the main views.
Each view's figures go to the user guide's accessibility statement:
docs/guide/axe-results.json and the table docs/guide/axe-results.md."""

import json

import pytest

from conftest import GUIDE, axe_assert, axe_run, click, open_initiative, open_portfolio, wait_for

ABOUT = "Written by tests/e2e/test_accessibility.py on every end-to-end run; do not edit."
RULES = "WCAG 2.0 and 2.1, levels A and AA (axe-core tags wcag2a, wcag2aa, wcag21a, wcag21aa)"


def check(d, name):
    """axe-core on the page; its figures are recorded before the assertion,
    so the guide says what the run found, violations included."""
    result = axe_run(d, name)
    record(name, result)
    axe_assert(result, name)


def record(name, result):
    """Replace this view's entry in docs/guide/axe-results.json (a run of a
    few tests updates only the views it checked) and write the table of all."""
    if GUIDE is None:
        return
    path = GUIDE / "axe-results.json"
    views = json.loads(path.read_text())["views"] if path.exists() else {}
    views[name] = {
        "axe_core": result["version"],
        "rules_passed": result["passes"],
        "rules_to_review": result["incomplete"],
        "rules_not_applicable": result["inapplicable"],
        "violations": [
            {"rule": v["id"], "impact": v["impact"], "help": v["help"], "elements": len(v["targets"])}
            for v in result["violations"]
        ],
    }
    data = {"about": ABOUT, "rules": RULES, "views": dict(sorted(views.items()))}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    (GUIDE / "axe-results.md").write_text(table(data))


def table(data):
    """The results as a Markdown table, headed in English and Danish."""
    views = data["views"]
    versions = ", ".join(sorted({v["axe_core"] for v in views.values()}))
    lines = [
        f"<!-- {data['about']} -->",
        "# axe-core results / resultater",
        "",
        f"axe-core {versions}; rules / regler: {data['rules']}.",
        "",
        "| View / visning | Passed / bestået | To review / til gennemgang | Not applicable / ikke relevante "
        "| Violations / overtrædelser |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, v in views.items():
        found = "; ".join(f"{x['rule']} ({x['impact']}) ×{x['elements']}" for x in v["violations"]) or "0"
        lines.append(
            f"| {name} | {v['rules_passed']} | {v['rules_to_review']} | {v['rules_not_applicable']} | {found} |"
        )
    total = sum(len(v["violations"]) for v in views.values())
    lines += ["", f"Views / visninger: {len(views)}. Violations / overtrædelser: {total}.", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_portfolio_and_initiative(launch_app, workspace, data_dir, lang):
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    wait_for(d, 'tr[data-code="8.1"]')
    check(d, f"portfolio-{lang}")
    open_initiative(d, "8.1")
    wait_for(d, "table#status-history tr[data-status-id]")
    check(d, f"initiative-{lang}")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_identity(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang, env={"STEERCO_USER": None}).driver
    wait_for(d, "form#identity input#identity-name")
    check(d, f"identity-{lang}")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_start(launch_app, data_dir, lang):
    d = launch_app(None, data_dir, lang=lang).driver
    wait_for(d, "#open-demo")
    check(d, f"start-{lang}")


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
        check(d, f"{name}-{lang}")
    click(d, "#tasks-list")
    wait_for(d, "#task-list tr.is-overdue")
    check(d, f"tasks-list-{lang}")
    click(d, "a#nav-search")
    wait_for(d, "#search-text").send_keys("status")
    wait_for(d, "#search-results li")
    check(d, f"search-{lang}")
    d.execute_script("location.hash = arguments[0]", f"#/meeting/{m}")
    wait_for(d, 'li[data-item-number="2"] li[data-outcome-kind="action"]')
    wait_for(d, "#over-time")
    check(d, f"meeting-{lang}")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_overview(launch_app, workspace, data_dir, lang):
    d = launch_app(workspace, data_dir, lang=lang).driver
    open_portfolio(d)
    click(d, "a#nav-dashboard")
    wait_for(d, "#focus-counts button.count")
    click(d, "#focus-counts button.count")
    wait_for(d, "#drill-list li[data-code]")
    wait_for(d, "#timeline svg.timeline")
    check(d, f"dashboard-{lang}")
    click(d, "a#nav-risks")
    wait_for(d, 'button.heat-cell[data-count]:not([data-count="0"])')
    click(d, 'button.heat-cell:not([data-count="0"])')
    wait_for(d, "#heat-cell-risks li[data-risk-id]")
    wait_for(d, "table#risk-register tr[data-risk-id]")
    click(d, "table#risk-register button.reassess")
    wait_for(d, "form.assess-form")
    check(d, f"risks-{lang}")
