"""Votes (#19) in the app. A committee's voting rules set on the committee
page; in a meeting in progress a member declares an interest, a proposal is
put to a vote, the members who cannot vote say why (the declared interest,
an absent member, an observer), the others' votes are recorded and the vote
closed: adopted, in the item's minutes and the decision register, and the
exported minutes name who voted how. A written resolution is put with a
closing time and voted (my vote and members'); past its closing time it is
provisional, naming whom it waits for, and once the grace period is over it
is final and closes into the register. The committee, its members and the
meeting come from the CLI."""

from __future__ import annotations

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import USER, axe_assert, axe_run, click, screenshot, wait_for, wait_text, wait_until
from forms import go, message, set_value, type_into

GROUP = "Investeringsudvalget"
MEMBERS = (("Anne", "chair"), ("Bo", "member"), ("Carl", "member"), ("Dina", "member"), ("Olga", "observer"))
PROPOSAL = "Budgettet for 2026 godkendes"
NOTE = "Ejer aktier i leverandøren"
RESOLUTION = "Strategien for 2027 sendes i høring"


def scroll_to(d, css):
    el = wait_for(d, css)
    d.execute_script("arguments[0].scrollIntoView({block: 'start'})", el)
    return el


def set_up(run_cli, workspace) -> tuple[str, str]:
    """The committee with its members (me among them), and a meeting in
    progress with an item: Dina sent apologies, the others are present."""
    run_cli(workspace, "committee", "add", "--name", GROUP, "--kind", "steering")
    for name, role in (*MEMBERS, (USER, "member")):
        run_cli(workspace, "member", "add", "--committee", GROUP, "--name", name, "--role", role)
    out = run_cli(
        workspace, "meeting", "add", "--committee", GROUP, "--title", "Budgetmøde", "--at", "2026-03-02T10:00"
    )
    meeting = out.stdout.strip().splitlines()[-1]
    item = run_cli(workspace, "agenda", "add", meeting, "--title", "Budget 2026").stdout.strip().splitlines()[-1]
    for state in ("open", "in-progress"):
        run_cli(workspace, "meeting", "state", meeting, state)
    for name, status in (("Anne", "present"), ("Bo", "present"), ("Carl", "present"), ("Olga", "present"),
                         (USER, "present"), ("Dina", "apologies")):  # fmt: skip
        run_cli(workspace, "meeting", "attend", meeting, "--name", name, "--status", status)
    return meeting, item


def voting_rules(d, run_cli, workspace):
    """Quorum 3 and the chair's casting vote, set on the committee page."""
    go(d, "nav-committees", "committees")
    Select(wait_for(d, "#voting-committee")).select_by_visible_text(GROUP)
    type_into(d, "#voting-quorum", "3")
    if not wait_for(d, "#voting-casting").is_selected():
        click(d, "#voting-casting")
    click(d, "#save-voting")
    message(d, f"Afstemningsreglerne for {GROUP} er gemt")
    listed = json.loads(run_cli(workspace, "committee", "list", "--json").stdout)
    assert next(c for c in listed if c["name"] == GROUP)["voting"] == {"quorum": 3, "casting_vote": True}


def test_a_vote_in_a_meeting_and_a_written_resolution(launch_app, workspace, data_dir, run_cli, tmp_path):
    meeting, item = set_up(run_cli, workspace)
    app = launch_app(workspace, data_dir)
    d = app.driver
    wait_for(d, "main#portfolio")
    voting_rules(d, run_cli, workspace)

    # --- A declared interest, then a vote on the item -----------------------
    d.execute_script("location.hash = arguments[0]", f"#/meeting/{meeting}")
    at = f'li[data-item-id="{item}"]'
    click(d, f"{at} .interest-add")
    Select(wait_for(d, f"{at} .interest-member")).select_by_visible_text("Carl")
    type_into(d, f"{at} .interest-note-input", NOTE)
    click(d, f"{at} .interest-submit")
    message(d, "Carl er erklæret inhabil i punktet")
    wait_text(d, f"{at} li.interest", f"Carl: {NOTE}")

    click(d, f"{at} .vote-add")
    type_into(d, f"{at} .vote-proposal", PROPOSAL)
    click(d, f"{at} .vote-submit")
    message(d, "Forslaget er sat til afstemning")
    vote = wait_for(d, f'{at} article.vote[data-result="open"]')
    vote_id = vote.get_attribute("data-vote-id")
    row = f'article[data-vote-id="{vote_id}"] tr'

    # Who cannot vote, and why; no choice is offered to them.
    for name, why in (("Carl", "Inhabil"), ("Dina", "Ikke til stede"), ("Olga", "Observatør: stemmer ikke")):
        wait_text(d, f'{row}[data-member="{name}"] .why', why)
        assert not d.find_elements(By.CSS_SELECTOR, f'{row}[data-member="{name}"] select')
    for name, choice, label in (("Anne", "for", "For"), ("Bo", "against", "Imod"), (USER, "for", "For")):
        Select(wait_for(d, f'{row}[data-member="{name}"] select.ballot-choice')).select_by_value(choice)
        message(d, f"Stemme fra {name}: {label}")
    wait_text(d, f'article[data-vote-id="{vote_id}"] .vote-count', "For: 2 · Imod: 1 · Undlader: 0")
    wait_text(d, f'article[data-vote-id="{vote_id}"] .vote-quorum', "(3 tæller med; beslutningsdygtig ved 3)")
    scroll_to(d, at)
    screenshot(d, "votes-da")
    axe_assert(axe_run(d, "votes-da"), "votes-da")

    click(d, f'article[data-vote-id="{vote_id}"] .vote-close')
    message(d, "Afstemningen er afsluttet: Vedtaget")
    closed = wait_for(d, f'article[data-vote-id="{vote_id}"][data-result="adopted"]')
    assert not closed.find_elements(By.CSS_SELECTOR, "select, .vote-close")
    names = [e.text for e in closed.find_elements(By.CSS_SELECTOR, "ul.ballots li")]
    assert names == ["Anne: For", "Bo: Imod", f"{USER}: For"], names
    wait_text(d, f'{at} li[data-outcome-kind="decision"]', PROPOSAL)
    scroll_to(d, at)
    screenshot(d, "votes-closed-da")

    # In the decision register, and named in the exported minutes.
    go(d, "nav-decisions", "decisions")
    decision = wait_text(d, "#decision-register tr[data-decision-id]", PROPOSAL)
    assert decision.get_attribute("data-status") == "adopted"
    minutes = tmp_path / "referat.md"
    run_cli(workspace, "export", "minutes", meeting, "--format", "md", "-o", str(minutes))
    text = minutes.read_text()
    assert f"Carl ({NOTE})" in text, text
    assert f"{PROPOSAL}: vedtaget (for: Anne, {USER}; imod: Bo; undlod at stemme: ingen)" in text, text

    # --- A written resolution, open until 5 March 12:00 ----------------------
    go(d, "nav-committees", "committees")
    Select(wait_for(d, "#voting-committee")).select_by_visible_text(GROUP)
    wait_for(d, "#resolutions-none")
    type_into(d, "#resolution-proposal", RESOLUTION)
    set_value(d, "#resolution-closes", "05.03.2026 12:00")
    click(d, "#submit-resolution")
    message(d, "Forslaget er sendt til skriftlig afstemning")
    res = wait_for(d, '#resolution-list article.resolution[data-result="open"]')
    res_id = res.get_attribute("data-vote-id")
    art = f'article[data-vote-id="{res_id}"]'
    wait_text(d, f"{art} .resolution-closes", "Lukker 5. mar. 2026")

    # My own vote: I am preselected; then two members' votes.
    member = Select(wait_for(d, f"{art} select.resolution-member"))
    assert member.first_selected_option.text == f"{USER} (dig)"
    assert "Olga" not in [o.text for o in member.options], "an observer does not vote"
    for name, choice in ((None, "for"), ("Anne", "for"), ("Bo", "against")):
        if name:
            Select(wait_for(d, f"{art} select.resolution-member")).select_by_visible_text(name)
        Select(wait_for(d, f"{art} select.resolution-choice")).select_by_value(choice)
        click(d, f"{art} .resolution-cast-submit")
        message(d, f"Stemmen fra {name or USER} er afgivet")
    wait_text(d, f"{art} .vote-count", "For: 2 · Imod: 1 · Undlader: 0")
    app.quit()

    # Past the closing time: provisional while Carl's and Dina's votes may
    # still be on their way (no replica of theirs has been heard from).
    app = launch_app(workspace, data_dir, env={"STEERCO_NOW": "2026-03-06T09:00:00Z"})
    d = app.driver
    go(d, "nav-committees", "committees")
    Select(wait_for(d, "#voting-committee")).select_by_visible_text(GROUP)
    wait_for(d, f'{art}[data-result="provisional"]')
    wait_text(d, f"{art} .resolution-waiting", "Venter på stemmer fra: Carl, Dina")
    wait_text(d, f"{art} .resolution-closes", "Lukkede 5. mar. 2026")
    assert not d.find_elements(By.CSS_SELECTOR, f"{art} .resolution-cast, {art} .vote-close")
    scroll_to(d, "#voting")
    screenshot(d, "resolution-da")
    app.quit()

    # After the grace period the result is final: closed into the register
    # (in English this time).
    app = launch_app(workspace, data_dir, lang="en", env={"STEERCO_NOW": "2026-03-13T09:00:00Z"})
    d = app.driver
    go(d, "nav-committees", "committees")
    Select(wait_for(d, "#voting-committee")).select_by_visible_text(GROUP)
    wait_for(d, f'{art}[data-result="adopted"]')
    wait_text(d, f"{art} .resolution-closes", "Closed 5 Mar 2026")
    wait_text(d, f"{art} .vote-result", "Adopted")
    click(d, f"{art} .vote-close")
    message(d, "The vote is closed: Adopted")
    scroll_to(d, "#voting")
    screenshot(d, "resolution-en")
    axe_assert(axe_run(d, "resolution-en"), "resolution-en")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, f"{art} .vote-close"), message="the close done")
    shown = json.loads(run_cli(workspace, "vote", "show", res_id, "--json").stdout)
    assert shown["closed"] and shown["result"] == "adopted", shown
    go(d, "nav-decisions", "decisions")
    decision = wait_text(d, "#decision-register tr[data-decision-id]", RESOLUTION)
    assert GROUP in decision.text and decision.get_attribute("data-status") == "adopted", decision.text
