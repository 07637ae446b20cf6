"""A working-group member's flow in the app, with no CLI step: a task of
their own added in the Tasks view, reassigned, its due date moved (a date
already passed asks first), its title corrected, commented (the thread is
still there after a restart), moved across states in one step each on the
board and in the list, deleted and undone; a milestone renamed and deleted
and undone; a backlog topic corrected, deleted and undone; a risk corrected.
After each change the keyboard stays on the control that made it."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import click, open_initiative, screenshot, wait_for, wait_text, wait_until
from forms import go, message, no_error, no_sideways_scroll, set_value, type_into
from test_meeting import GROUP, add_committee_and_members

TASK = "Kortlæg datakilder til brugerrejserne"
TASK_FIXED = "Kortlæg datakilder til brugerrejse 2"
DESCRIPTION = "Hvilke registre bruges, og hvem ejer dem"
COMMENT_1 = "Første udkast ligger i mappen"
COMMENT_2 = "Mangler svar fra KL om to registre"
TODO = "At gøre"


def focused(d):
    """The id of the focused element, or its class list when it has none."""
    return d.execute_script("const e = document.activeElement; return e.id || e.className;")


def focus_is(d, what, message):
    wait_until(lambda: what in focused(d), message=f"{message} (focus on {focused(d)!r})")


def card(d, task_id):
    return f'article[data-task-id="{task_id}"]'


def column_of(d, task_id):
    return d.execute_script(
        "const c = document.querySelector(arguments[0]); return c && c.closest('[data-column]').dataset.column;",
        card(d, task_id),
    )


def open_task(d, task_id):
    click(d, f'[data-task-id="{task_id}"] .open-task')
    wait_for(d, f'#task-detail[data-task-id="{task_id}"] h2#task-detail-title')
    focus_is(d, "task-detail-title", "an opened task takes the keyboard to its title")


def test_a_member_works_on_tasks_of_their_own(launch_app, workspace, data_dir):
    app = launch_app(workspace, data_dir)
    d = app.driver
    d.set_window_size(1024, 700)
    wait_for(d, "main#portfolio")
    add_committee_and_members(d)

    # The new group's board is empty, and the empty state says what to do.
    go(d, "nav-tasks", "tasks")
    Select(wait_for(d, "#task-committee")).select_by_visible_text(GROUP)
    empty = wait_text(d, "main#tasks p.empty", "Ny opgave")
    assert "referat" in empty.text, empty.text
    screenshot(d, "tasks-empty")

    # "Ny opgave": the form starts on the group the view is filtered to.
    click(d, "#task-new")
    wait_for(d, "form#new-task")
    focus_is(d, "new-task-title", "the new-task form takes the keyboard")
    assert Select(wait_for(d, "#new-task-committee")).first_selected_option.text == GROUP
    type_into(d, "#new-task-title", TASK)
    Select(wait_for(d, "#new-task-owner")).select_by_visible_text("Anne Formand")
    set_value(d, "#new-task-due", "2026-03-20")
    type_into(d, "#new-task-description", DESCRIPTION)
    no_sideways_scroll(d, "the new-task form")
    screenshot(d, "task-new")
    click(d, "#new-task-submit")
    message(d, "er tilføjet")
    detail = wait_for(d, "#task-detail")
    task_id = detail.get_attribute("data-task-id")
    wait_text(d, "h2#task-detail-title", TASK)
    focus_is(d, "task-detail-title", "the added task opens with the keyboard on its title")
    meta = wait_for(d, ".task-detail-meta").text
    assert GROUP in meta and "Egen opgave" in meta and TODO in meta, meta
    wait_text(d, f"{card(d, task_id)} .card-meta", "Anne Formand")
    assert wait_for(d, "#task-edit-description").get_attribute("value") == DESCRIPTION
    # No comments yet: the empty thread says what to write.
    wait_text(d, "#task-comments-none", "Ingen kommentarer endnu")
    screenshot(d, "task-detail-no-comments")

    # Reassigned to Bo; the keyboard stays on the owner field.
    Select(wait_for(d, "#task-owner")).select_by_visible_text("Bo Medlem")
    click(d, "#task-owner-save")
    message(d, "overdraget til Bo Medlem")
    focus_is(d, "task-owner", "after a reassignment")
    wait_text(d, f"{card(d, task_id)} .card-meta", "Bo Medlem")

    # A due date already passed (the app's today is 1 March 2026) asks first;
    # "Ret datoen" goes back to the field, "Gem alligevel" saves.
    set_value(d, "#task-due", "2026-02-20")
    click(d, "#task-due-save")
    wait_for(d, "#task-detail .past-confirm")
    click(d, "#task-detail .past-confirm .past-no")
    focus_is(d, "task-due", "correcting the date returns to the field")
    click(d, "#task-due-save")
    click(d, "#task-detail .past-confirm .past-yes")
    message(d, "Fristen er ændret")
    focus_is(d, "task-due", "after the due date changed")
    wait_text(d, ".task-detail-meta", "Forfalden")
    wait_text(d, f"{card(d, task_id)} .card-meta", "Forfalden")

    # The title of a task of its own can be corrected.
    type_into(d, "#task-edit-title", TASK_FIXED)
    click(d, "#task-edit-save")
    message(d, "Opgaven er gemt")
    wait_text(d, "h2#task-detail-title", TASK_FIXED)
    focus_is(d, "task-edit-title", "after the title was saved")

    # Comments: Ctrl+Enter posts, the keyboard stays in the field; each shows
    # its author and time in the workspace's zone (09:00Z is 10.00 in Copenhagen).
    type_into(d, "#task-comment-text", COMMENT_1)
    wait_for(d, "#task-comment-text").send_keys(Keys.CONTROL, Keys.ENTER)
    first = wait_text(d, "#task-comments li.task-comment", COMMENT_1)
    meta = first.find_element(By.CSS_SELECTOR, ".comment-meta").text
    assert "Testbruger" in meta and "10.00" in meta, meta
    focus_is(d, "task-comment-text", "after a comment was posted")
    assert wait_for(d, "#task-comment-text").get_attribute("value") == ""
    type_into(d, "#task-comment-text", COMMENT_2)
    click(d, "#task-comment-submit")
    wait_text(d, "#task-comments li.task-comment:nth-child(2)", COMMENT_2)
    wait_text(d, "#h-task-comments", "(2)")
    no_error(d)
    no_sideways_scroll(d, "the task's detail")
    d.execute_script("document.querySelector('#task-detail').scrollIntoView()")
    screenshot(d, "task-detail")

    # The thread is in the workspace: still there after a restart.
    app.quit()
    app = launch_app(workspace, data_dir)
    d = app.driver
    d.set_window_size(1024, 700)
    wait_for(d, "main#portfolio")
    go(d, "nav-tasks", "tasks")
    wait_text(d, f"{card(d, task_id)} .card-meta", "2 kommentarer")
    open_task(d, task_id)
    texts = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#task-comments li.task-comment .comment-text")]
    assert texts == [COMMENT_1, COMMENT_2], texts
    click(d, "#task-close")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, "#task-detail"), message="the detail closed")
    focus_is(d, "open-task", "closing the task returns to it on the board")

    # Any state in one step on the board: to do -> done -> to do, the keyboard on the card.
    assert column_of(d, task_id) == "todo"
    click(d, f'{card(d, task_id)} .move-to[data-to="done"]')
    wait_until(lambda: column_of(d, task_id) == "done", message="the card moved to done in one step")
    wait_until(
        lambda: d.execute_script("return document.activeElement.dataset.taskId") == task_id,
        message="the keyboard stays on the moved card",
    )
    click(d, f'{card(d, task_id)} .move-to[data-to="todo"]')
    wait_until(lambda: column_of(d, task_id) == "todo", message="back to to do in one step")

    # ... and in the list.
    click(d, "#tasks-list")
    row = f'#task-list tr[data-task-id="{task_id}"]'
    wait_for(d, row)
    for state in ("blocked", "done", "doing"):
        Select(wait_for(d, f"{row} select.task-state")).select_by_value(state)
        wait_until(
            lambda state=state: (
                Select(wait_for(d, f"{row} select.task-state")).first_selected_option.get_attribute("value") == state
            ),
            message=f"moved to {state} in the list",
        )
        no_error(d)

    # Delete it (a task of its own), then Undo right after.
    open_task(d, task_id)
    click(d, "#task-delete")
    wait_text(d, "#undo-delete", TASK_FIXED)
    focus_is(d, "undo-delete-button", "after a delete the keyboard is on Undo")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, row), message="the task left the list")
    click(d, "#undo-delete-button")
    wait_for(d, row)
    focus_is(d, "open-task", "after the undo the keyboard is on the restored task")
    no_error(d)
    open_task(d, task_id)
    assert len(d.find_elements(By.CSS_SELECTOR, "#task-comments li.task-comment")) == 2, "comments came back"

    # A milestone: added, renamed, deleted and undone.
    go(d, "nav-portfolio", "portfolio")
    open_initiative(d, "8.1")
    type_into(d, "#milestone-title", "Pilot klar")
    set_value(d, "#milestone-due", "2026-06-30")
    click(d, "#submit-milestone")
    mrow = wait_text(d, "table#milestones tr[data-milestone-id]", "Pilot klar")
    mid = mrow.get_attribute("data-milestone-id")
    msel = f'tr[data-milestone-id="{mid}"]'
    click(d, f"{msel} .milestone-rename")
    focus_is(d, f"rename-{mid}", "renaming starts in the title field")
    type_into(d, f"#rename-{mid}", "Pilot i drift")
    click(d, f"{msel} .milestone-rename-save")
    wait_text(d, msel, "Pilot i drift")
    focus_is(d, "milestone-rename", "after a rename the keyboard is on Omdøb")
    click(d, f"{msel} .milestone-delete")
    wait_text(d, "#undo-delete", "Pilot i drift")
    focus_is(d, "undo-delete-button", "after a delete the keyboard is on Undo")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, msel), message="the milestone is gone")
    click(d, "#undo-delete-button")
    wait_text(d, msel, "Pilot i drift")
    focus_is(d, "milestone-rename", "after the undo the keyboard is on the restored milestone")
    no_error(d)

    # A risk: its texts, owner and review date corrected.
    go(d, "nav-risks", "risks")
    rrow = wait_for(d, "#risk-register tr[data-risk-id]")
    rid = rrow.get_attribute("data-risk-id")
    rsel = f'#risk-register tr[data-risk-id="{rid}"]'
    click(d, f"{rsel} .risk-edit")
    form = f'tr[data-edit-for="{rid}"] form.risk-edit-form'
    wait_for(d, form)
    type_into(d, f"{form} .risk-edit-title", "Leverandøren leverer for sent")
    type_into(d, f"{form} .risk-edit-cause", "Få leverandører på markedet")
    type_into(d, f"{form} .risk-edit-mitigation", "Tidlig markedsdialog")
    Select(wait_for(d, f"{form} .risk-edit-owner")).select_by_visible_text("Anne Formand")
    set_value(d, f"{form} .risk-edit-review", "2026-04-01")
    click(d, f"{form} .risk-edit-save")
    message(d, "Leverandøren leverer for sent er gemt")
    row = wait_text(d, rsel, "Leverandøren leverer for sent")
    assert "Få leverandører på markedet" in row.text and "Tidlig markedsdialog" in row.text, row.text
    assert "Anne Formand" in row.text and "1. apr. 2026" in row.text, row.text
    focus_is(d, "risk-edit", "after the save the keyboard is back on Ret")
    no_sideways_scroll(d, "the risk register")

    # A backlog topic: corrected, deleted and undone.
    go(d, "nav-committees", "committees")
    Select(wait_for(d, "#topic-committee")).select_by_visible_text(GROUP)
    type_into(d, "#topic-title", "Adgang til data")
    click(d, "#submit-topic")
    trow = wait_text(d, "#backlog-list tr[data-topic-id]", "Adgang til data")
    tid = trow.get_attribute("data-topic-id")
    tsel = f'tr[data-topic-id="{tid}"]'
    click(d, f"{tsel} .topic-edit")
    type_into(d, f'tr[data-edit-for="{tid}"] .topic-edit-title', "Adgang til registerdata")
    type_into(d, f'tr[data-edit-for="{tid}"] .topic-edit-note', "Kræver en juridisk afklaring")
    click(d, f'tr[data-edit-for="{tid}"] .topic-edit-save')
    wait_text(d, tsel, "Kræver en juridisk afklaring")
    focus_is(d, "topic-edit", "after the save the keyboard is back on Ret")
    click(d, f"{tsel} .topic-delete")
    wait_text(d, "#undo-delete", "Adgang til registerdata")
    wait_until(lambda: not d.find_elements(By.CSS_SELECTOR, tsel), message="the topic is gone")
    click(d, "#undo-delete-button")
    wait_text(d, tsel, "Adgang til registerdata")
    focus_is(d, "topic-edit", "after the undo the keyboard is on the restored topic")
    no_error(d)
