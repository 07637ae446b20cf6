"""A secretary's whole cycle in the app, with no CLI step: a committee and its
members (an e-mail address, a role changed, a member removed and the removal
undone), a meeting with a place, corrected; the agenda added to, corrected,
reordered, an item deleted and the delete undone; the invitation (agenda PDF
and .ics with the members as attendees); the meeting run: minutes recorded,
a typo in a decision corrected, a wrong note deleted, attendance; closed,
approved (then read-only), the minutes exported. Also a cancelled meeting and
a committee that cannot be deleted while it has meetings. The window is
1024x700 throughout, in Danish, and never scrolls sideways."""

import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import click, screenshot, wait_for, wait_text, wait_until
from forms import agenda_titles, go, message, move_state, no_error, no_sideways_scroll, set_value, type_into

GROUP = "Styregruppe Digital Forvaltning"
SPARE = "Midlertidig arbejdsgruppe"
EMAIL = "anne.formand@example.dk"
TYPO = "Styregruppen godkender løsnign B"
FIXED = "Styregruppen godkender løsning B"
WRONG = "Notat under det forkerte punkt"
NOTE = "Status gennemgået; tidsplanen holder"
ACTION = "Bo udarbejder budgetnotat"


def focused(d, css):
    """Wait until the focused element is (inside) the first match of css."""
    wait_until(
        lambda: d.execute_script(
            "const el = document.querySelector(arguments[0]); return !!el && el === document.activeElement;", css
        ),
        message=f"focus on {css}",
    )


def item_css(d, title):
    """The agenda item (li) with this title, by its id."""
    for li in d.find_elements(By.CSS_SELECTOR, "ol#agenda > li[data-item-id]"):
        if li.find_element(By.CSS_SELECTOR, ".item-text").text == title:
            return f'li[data-item-id="{li.get_attribute("data-item-id")}"]'
    raise AssertionError(f"no agenda item {title!r} in {agenda_titles(d)}")


def outcome_css(d, text):
    for li in d.find_elements(By.CSS_SELECTOR, "li[data-outcome-id]"):
        if text in li.find_element(By.CSS_SELECTOR, ".o-text").text:
            return f'li[data-outcome-id="{li.get_attribute("data-outcome-id")}"]'
    raise AssertionError(f"no outcome {text!r}")


def committee_css(d, name):
    row = wait_text(d, "#committee-list tr[data-committee-id]", name)
    return f'tr[data-committee-id="{row.get_attribute("data-committee-id")}"]'


def member_css(d, committee, name):
    return f'{committee_css(d, committee)} li[data-member="{name}"]'


def add_member(d, name, role, email=None):
    Select(wait_for(d, "#member-committee")).select_by_visible_text(GROUP)
    type_into(d, "#member-name", name)
    Select(wait_for(d, "#member-role")).select_by_value(role)
    if email:
        type_into(d, "#member-email", email)
    click(d, "#submit-member")
    wait_for(d, member_css(d, GROUP, name))
    no_error(d)


def committee_and_members(d):
    go(d, "nav-committees", "committees")
    type_into(d, "#committee-name", GROUP)
    Select(wait_for(d, "#committee-kind")).select_by_value("steering")
    click(d, "#submit-committee")
    message(d, "Komitéen er oprettet")
    row = committee_css(d, GROUP)
    wait_text(d, row, "Ingen medlemmer")
    d.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", row)
    screenshot(d, "cycle-committee-no-members")

    add_member(d, "Anne Formand", "chair", EMAIL)
    add_member(d, "Bo Medlem", "member")
    add_member(d, "Carl Cirkel", "member")
    wait_text(d, member_css(d, GROUP, "Anne Formand"), EMAIL)

    # Bo's role changes to secretary, in place; the keyboard returns to "Edit".
    bo = member_css(d, GROUP, "Bo Medlem")
    click(d, f"{bo} .edit-member")
    focused(d, f"{bo} .member-role-edit")
    Select(wait_for(d, f"{bo} .member-role-edit")).select_by_value("secretary")
    screenshot(d, "cycle-member-edit")
    no_sideways_scroll(d, "member edit")
    click(d, f"{bo} .save-member")
    message(d, "Bo Medlem er ændret")
    wait_text(d, bo, "(Sekretær)")
    focused(d, f"{bo} .edit-member")

    # Carl is removed, and the removal undone.
    carl = member_css(d, GROUP, "Carl Cirkel")
    click(d, f"{carl} .remove-member")
    wait_text(d, "#undo-delete", "Carl Cirkel er fjernet fra komitéen")
    assert not d.find_elements(By.CSS_SELECTOR, carl), "removed"
    focused(d, "#undo-delete-button")
    screenshot(d, "cycle-member-removed-undo")
    click(d, "#undo-delete-button")
    message(d, "“Carl Cirkel” er gendannet")
    focused(d, f"{carl} .edit-member")
    assert not d.find_elements(By.CSS_SELECTOR, "#undo-delete"), "the offer is used"

    # A committee without meetings can be deleted, and the delete undone.
    type_into(d, "#committee-name", SPARE)
    Select(wait_for(d, "#committee-kind")).select_by_value("working")
    click(d, "#submit-committee")
    spare = committee_css(d, SPARE)
    click(d, f"{spare} .delete-committee")
    wait_text(d, "#undo-delete", f"Komitéen “{SPARE}” er slettet")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, spare), message="the committee is gone")
    focused(d, "#undo-delete-button")
    click(d, "#undo-delete-button")
    focused(d, f"{spare} .edit-committee")
    no_error(d)


def add_meeting(d, title, at, minutes, location):
    go(d, "nav-meetings", "meetings")
    Select(wait_for(d, "#meeting-committee")).select_by_visible_text(GROUP)
    type_into(d, "#meeting-title", title)
    set_value(d, "#meeting-start", at)
    type_into(d, "#meeting-duration", str(minutes))
    type_into(d, "#meeting-location", location)
    click(d, "#submit-meeting")
    wait_text(d, "h1#meeting-title", title)
    wait_for(d, '#meeting-state[data-state="draft"]')
    return d.execute_script("return location.hash").split("/")[-1]


def add_item(d, title, minutes, initiative=None):
    n = len(agenda_titles(d))
    type_into(d, "#item-title", title)
    type_into(d, "#item-presenter", "Anne Formand")
    type_into(d, "#item-duration", str(minutes))
    if initiative:
        sel = Select(wait_for(d, "#item-initiative"))
        sel.select_by_visible_text(next(o.text for o in sel.options if o.text.startswith(initiative + " ")))
    click(d, "#submit-item")
    wait_until(lambda: len(agenda_titles(d)) == n + 1, message=f"item {title} added")
    no_error(d)


def record(d, title, kind, text, owner=None, due=None):
    li = item_css(d, title)
    form = f"{li} form.outcome-form"
    Select(wait_for(d, f"{form} select.outcome-kind")).select_by_value(kind)
    type_into(d, f"{form} textarea.outcome-text", text)
    if owner:
        Select(wait_for(d, f"{form} select.outcome-owner")).select_by_visible_text(owner)
        set_value(d, f"{form} input.outcome-due", due)
    click(d, f"{form} button.outcome-submit")
    wait_text(d, f'{li} li[data-outcome-kind="{kind}"]', text)
    no_error(d)


def test_a_secretary_corrects_the_record(launch_app, workspace, data_dir, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    d = launch_app(workspace, data_dir, lang="da", env={"STEERCO_SAVE_DIR": str(exports)}).driver
    d.set_window_size(1024, 700)
    wait_for(d, "main#portfolio")
    committee_and_members(d)

    # The meeting, with a place, then corrected: a new title, time and place.
    first = add_meeting(d, "Styregruppemøde 1", "2026-03-10T10:00", 60, "Mødelokale 2")
    wait_text(d, "#meeting-facts", "Mødelokale 2")
    click(d, "#meeting-edit")
    focused(d, "#edit-meeting-title")
    type_into(d, "#edit-meeting-title", "Styregruppemøde marts")
    set_value(d, "#edit-meeting-start", "2026-03-10T13:00")
    type_into(d, "#edit-meeting-location", "Mødelokale 3")
    screenshot(d, "cycle-meeting-edit")
    no_sideways_scroll(d, "meeting edit")
    click(d, "#save-meeting")
    message(d, "Mødet er ændret")
    wait_text(d, "h1#meeting-title", "Styregruppemøde marts")
    facts = wait_text(d, "#meeting-facts", "Mødelokale 3").text
    assert "13.00" in facts or "13:00" in facts, facts
    focused(d, "#meeting-edit")

    # The agenda: add, correct, reorder, delete and undo.
    add_item(d, "Status på datadeling", 20, initiative="8.1")
    add_item(d, "Budget 2027", 20)
    add_item(d, "Eventuelt", 10)
    budget = item_css(d, "Budget 2027")
    click(d, f"{budget} .edit-item")
    focused(d, f"{budget} .edit-item-title")
    type_into(d, f"{budget} .edit-item-title", "Budget 2027-2028")
    type_into(d, f"{budget} .edit-item-presenter", "Bo Medlem")
    type_into(d, f"{budget} .edit-item-duration", "25")
    click(d, f"{budget} .edit-item-closed")
    screenshot(d, "cycle-agenda-item-edit")
    no_sideways_scroll(d, "agenda item edit")
    click(d, f"{budget} .save-item")
    message(d, "Punktet er ændret")
    wait_text(d, budget, "Budget 2027-2028")
    assert "Lukket punkt" in wait_for(d, budget).text and "Bo Medlem" in wait_for(d, budget).text
    focused(d, f"{budget} .edit-item")

    click(d, f"{budget} button.move-up")
    wait_until(
        lambda: agenda_titles(d)[1:] == ["Budget 2027-2028", "Status på datadeling", "Eventuelt"],
        message="the moved order",
    )
    focused(d, f"{budget} button.move-up")

    eventuelt = item_css(d, "Eventuelt")
    click(d, f"{eventuelt} .delete-item")
    wait_text(d, "#undo-delete", "Punktet “Eventuelt” er slettet")
    wait_until(lambda: "Eventuelt" not in agenda_titles(d), message="the item is gone")
    focused(d, "#undo-delete-button")
    screenshot(d, "cycle-agenda-item-deleted")
    click(d, "#undo-delete-button")
    message(d, "“Eventuelt” er gendannet")
    wait_until(lambda: agenda_titles(d)[-1] == "Eventuelt", message="the item is back in its place")
    focused(d, f"{eventuelt} .edit-item")

    # A committee with meetings is not deleted: the refusal says why.
    go(d, "nav-committees", "committees")
    click(d, f"{committee_css(d, GROUP)} .delete-committee")
    wait_for(d, '#error[data-code="committee_has_meetings"]')
    assert GROUP in wait_for(d, "#error").text
    screenshot(d, "cycle-committee-delete-refused")
    go(d, "nav-meetings", "meetings")
    click(d, f'tr[data-meeting-id="{first}"] a[data-meeting-link]')
    wait_text(d, "h1#meeting-title", "Styregruppemøde marts")
    assert not d.find_elements(By.CSS_SELECTOR, "#undo-delete"), "the offer ended with the navigation"

    # The invitation: the agenda as PDF and an .ics with the members; a draft opens.
    click(d, "#meeting-invite")
    wait_for(d, '#meeting-state[data-state="open"]')
    no_error(d)
    pdfs = list(exports.glob("*.pdf"))
    icss = list(exports.glob("*.ics"))
    assert len(pdfs) == 1 and len(icss) == 1, list(exports.iterdir())
    agenda = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert "Dagsorden" in agenda and "Referat" not in agenda, agenda[:400]
    assert "Budget 2027-2028" in agenda and "Mødelokale" in agenda, agenda[:800]
    ics = icss[0].read_text()
    assert "METHOD:REQUEST" in ics and "ATTENDEE" in ics and EMAIL in ics, ics

    # The meeting is held: minutes, corrections, a wrong note deleted.
    move_state(d, "in-progress", "in_progress")
    record(d, "Status på datadeling", "note", NOTE)
    record(d, "Budget 2027-2028", "decision", TYPO)
    record(d, "Budget 2027-2028", "action", ACTION, owner="Bo Medlem", due="2026-03-20")
    record(d, "Budget 2027-2028", "note", WRONG)

    decision = outcome_css(d, TYPO)
    click(d, f"{decision} .edit-outcome")
    focused(d, f"{decision} .edit-outcome-text")
    screenshot(d, "cycle-outcome-edit")
    type_into(d, f"{decision} .edit-outcome-text", FIXED)
    wait_for(d, f"{decision} .edit-outcome-text").send_keys(Keys.CONTROL, Keys.ENTER)
    message(d, "Beslutning er rettet")
    wait_text(d, f"{decision} .o-text", FIXED)
    focused(d, f"{decision} .edit-outcome")

    # The action's due date moved into the past asks first.
    action = outcome_css(d, ACTION)
    click(d, f"{action} .edit-outcome")
    set_value(d, f"{action} input.edit-outcome-due", "2026-02-27")
    click(d, f"{action} .save-outcome")
    wait_for(d, f"{action} .past-confirm .past-yes")
    screenshot(d, "cycle-outcome-edit-past-due")
    click(d, f"{action} .past-confirm .past-yes")
    message(d, "Handling er rettet")
    wait_text(d, action, "27.")

    wrong = outcome_css(d, WRONG)
    click(d, f"{wrong} .delete-outcome")
    wait_text(d, "#undo-delete", "er slettet")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, wrong), message="the wrong note is gone")
    focused(d, "#undo-delete-button")
    no_sideways_scroll(d, "meeting in progress")

    # Attendance, then close and approve.
    for row in d.find_elements(By.CSS_SELECTOR, "#attendance tr[data-person-id]"):
        pid = row.get_attribute("data-person-id")
        status = "apologies" if row.get_attribute("data-person") == "Carl Cirkel" else "present"
        Select(wait_for(d, f'#attendance tr[data-person-id="{pid}"] select')).select_by_value(status)
        wait_until(
            lambda pid=pid, status=status: (
                Select(
                    wait_for(d, f'#attendance tr[data-person-id="{pid}"] select')
                ).first_selected_option.get_attribute("value")
                == status
            ),
            message="attendance saved",
        )
    no_error(d)
    move_state(d, "closed", "closed")
    assert not d.find_elements(By.CSS_SELECTOR, ".edit-item, .delete-item"), "a closed agenda does not change"
    assert d.find_elements(By.CSS_SELECTOR, ".edit-outcome"), "closed minutes can still be corrected"
    move_state(d, "approved", "approved")
    assert "kun læses" in wait_for(d, "#approval").text
    assert not d.find_elements(
        By.CSS_SELECTOR, ".edit-item, .delete-item, .edit-outcome, .delete-outcome, #meeting-edit, #meeting-cancel-open"
    ), "approved minutes are read-only"
    screenshot(d, "cycle-approved-read-only")

    # The minutes: the corrected decision, not the typo, not the deleted note.
    Select(wait_for(d, "#export-format")).select_by_value("md")
    click(d, "#export-minutes")
    message(d, "referat-2026-03-10.md")
    md = (exports / "referat-2026-03-10.md").read_text()
    assert FIXED in md and TYPO not in md and WRONG not in md and NOTE in md, md
    Select(wait_for(d, "#export-format")).select_by_value("pdf")
    click(d, "#export-minutes")
    message(d, "referat-2026-03-10.pdf")
    assert (exports / "referat-2026-03-10.pdf").read_bytes().startswith(b"%PDF")

    # A second meeting is cancelled, with a reason: kept, and shown as cancelled.
    second = add_meeting(d, "Ekstra møde", "2026-03-24T10:00", 60, "Mødelokale 2")
    click(d, "#meeting-cancel-open")
    focused(d, "#cancel-reason")
    type_into(d, "#cancel-reason", "Formanden er syg")
    screenshot(d, "cycle-meeting-cancel")
    click(d, "#submit-cancel-meeting")
    message(d, "Mødet er aflyst")
    wait_text(d, "#meeting-cancelled", "Formanden er syg")
    focused(d, "#meeting-cancelled")
    assert not d.find_elements(By.CSS_SELECTOR, "#meeting-edit, .edit-item, #add-item, #state-open"), "no more changes"
    screenshot(d, "cycle-meeting-cancelled")
    go(d, "nav-meetings", "meetings")
    wait_text(d, f'tr[data-meeting-id="{second}"] [data-state="cancelled"]', "Aflyst")
    wait_for(d, f'tr[data-meeting-id="{first}"] [data-state="approved"]')
    no_sideways_scroll(d, "meetings")
    screenshot(d, "cycle-meetings-cancelled")
