//! Committee work: committees and members, meetings, agenda, minutes,
//! decisions and tasks. Each command is argument plumbing around one store call.

use steerco_store::dates;
use steerco_store::ops::backlog::Topic;
use steerco_store::ops::committee::Committee;
use steerco_store::ops::meeting::{
    DecisionView, MeetingSummary, MeetingView, NewOutcome, TaskFilter, TaskView,
};
use steerco_store::refusal::{Missing, Vocabulary};
use steerco_store::session::ApiError;
use steerco_store::Refusal;
use tauri::State;

use crate::commands::with;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// An optional text from the UI: empty means none.
fn some(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

#[tauri::command]
pub fn committees(shell: State<Shell>) -> Res<Vec<Committee>> {
    with(&shell, |s| s.store()?.committees())
}

#[tauri::command]
pub fn add_committee(
    shell: State<Shell>,
    name: String,
    kind: String,
    parent: Option<String>,
    mandate: Option<String>,
) -> Res<String> {
    let (parent, mandate) = (some(parent), some(mandate));
    with(&shell, |s| {
        s.store_mut()?
            .add_committee(&name, &kind, parent.as_deref(), mandate.as_deref())
    })
}

#[tauri::command]
pub fn add_member(
    shell: State<Shell>,
    committee: String,
    person: String,
    role: String,
) -> Res<String> {
    with(&shell, |s| {
        s.store_mut()?.add_member(&committee, &person, &role)
    })
}

/// Change a committee's name, mandate or parent (None leaves a field).
#[tauri::command]
pub fn edit_committee(
    shell: State<Shell>,
    committee: String,
    name: Option<String>,
    mandate: Option<String>,
    parent: Option<String>,
) -> Res<()> {
    with(&shell, |s| {
        s.store_mut()?.edit_committee(
            &committee,
            name.as_deref(),
            mandate.as_deref(),
            parent.as_deref(),
        )
    })
}

#[tauri::command]
pub fn cover_initiative(shell: State<Shell>, committee: String, initiative: String) -> Res<()> {
    with(&shell, |s| {
        s.store_mut()?.cover_initiative(&committee, &initiative)
    })
}

#[tauri::command]
pub fn meetings(shell: State<Shell>) -> Res<Vec<MeetingSummary>> {
    with(&shell, |s| s.store()?.meetings())
}

#[tauri::command]
pub fn meeting(shell: State<Shell>, id: String) -> Res<MeetingView> {
    with(&shell, |s| s.store()?.meeting(&id))
}

/// `starts_at`: `YYYY-MM-DDTHH:MM` in the workspace's time zone, or RFC 3339.
/// `from_previous`: the agenda continues with the items of the committee's
/// previous meeting (an error when it has none).
#[tauri::command]
pub fn add_meeting(
    shell: State<Shell>,
    committee: String,
    title: String,
    starts_at: String,
    duration_min: i64,
    from_previous: Option<bool>,
) -> Res<String> {
    let from_previous = from_previous.unwrap_or(false);
    with(&shell, |s| {
        let store = s.store_mut()?;
        let at = store.parse_datetime(&starts_at)?;
        store.add_meeting_with(&committee, &title, at, duration_min, from_previous)
    })
}

/// `to`: open, in-progress, closed, approved or reopened (with a reason).
#[tauri::command]
pub fn set_meeting_state(
    shell: State<Shell>,
    id: String,
    to: String,
    reason: Option<String>,
) -> Res<()> {
    let reason = some(reason);
    with(&shell, |s| {
        s.store_mut()?
            .set_meeting_state(&id, &to, reason.as_deref())
    })
}

#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub fn add_agenda_item(
    shell: State<Shell>,
    meeting: String,
    title: String,
    initiative: Option<String>,
    presenter: Option<String>,
    duration_min: Option<i64>,
    closed: bool,
) -> Res<String> {
    let (initiative, presenter) = (some(initiative), some(presenter));
    with(&shell, |s| {
        s.store_mut()?.add_agenda_item(
            &meeting,
            &title,
            initiative.as_deref(),
            presenter.as_deref(),
            duration_min,
            closed,
        )
    })
}

/// Move an agenda item to 1-based place `to`.
#[tauri::command]
pub fn move_agenda_item(shell: State<Shell>, meeting: String, item: String, to: usize) -> Res<()> {
    with(&shell, |s| {
        s.store_mut()?.move_agenda_item(&meeting, &item, to)
    })
}

/// `kind`: note, decision or action (an action needs `owner` and `due`).
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub fn add_outcome(
    shell: State<Shell>,
    meeting: String,
    item: String,
    kind: String,
    text: String,
    owner: Option<String>,
    due: Option<String>,
    supersedes: Option<String>,
) -> Res<String> {
    with(&shell, |s| {
        let outcome = match kind.as_str() {
            "note" => NewOutcome::Note(text),
            "decision" => NewOutcome::Decision {
                text,
                supersedes: some(supersedes),
            },
            "action" => NewOutcome::Action {
                text,
                owner: owner.unwrap_or_default(),
                due: match some(due) {
                    Some(d) => dates::parse_date(&d)?,
                    None => {
                        return Err(Refusal::Missing {
                            what: Missing::ActionDue,
                        }
                        .into())
                    }
                },
            },
            other => {
                return Err(Refusal::not_one_of(
                    other,
                    Vocabulary::OutcomeKind,
                    &["note", "decision", "action"],
                )
                .into())
            }
        };
        s.store_mut()?.add_outcome(&meeting, &item, outcome)
    })
}

#[tauri::command]
pub fn decisions(shell: State<Shell>) -> Res<Vec<DecisionView>> {
    with(&shell, |s| s.store()?.decisions())
}

/// `status`: proposed, adopted, rejected or superseded.
#[tauri::command]
pub fn set_decision_status(shell: State<Shell>, id: String, status: String) -> Res<()> {
    with(&shell, |s| s.store_mut()?.set_decision_status(&id, &status))
}

#[tauri::command]
pub fn tasks(
    shell: State<Shell>,
    mine: bool,
    overdue: bool,
    committee: Option<String>,
    initiative: Option<String>,
) -> Res<Vec<TaskView>> {
    let filter = TaskFilter {
        mine,
        overdue,
        committee: some(committee),
        initiative: some(initiative),
    };
    with(&shell, |s| s.store()?.tasks(&filter))
}

#[tauri::command]
pub fn set_task_state(shell: State<Shell>, id: String, state: String) -> Res<()> {
    with(&shell, |s| s.store_mut()?.set_task_state(&id, &state))
}

/// `status`: invited, present or apologies.
#[tauri::command]
pub fn set_attendance(
    shell: State<Shell>,
    meeting: String,
    person: String,
    status: String,
) -> Res<()> {
    with(&shell, |s| {
        s.store_mut()?.set_attendance(&meeting, &person, &status)
    })
}

/// The backlog: topics proposed for a committee (every committee's when none).
#[tauri::command]
pub fn topics(shell: State<Shell>, committee: Option<String>) -> Res<Vec<Topic>> {
    let committee = some(committee);
    with(&shell, |s| s.store()?.topics(committee.as_deref()))
}

#[tauri::command]
pub fn add_topic(
    shell: State<Shell>,
    committee: String,
    title: String,
    note: Option<String>,
) -> Res<String> {
    let note = some(note);
    with(&shell, |s| {
        s.store_mut()?
            .add_topic(&committee, &title, note.as_deref())
    })
}

/// Put a backlog topic at the end of a meeting's agenda: the new item's id.
#[tauri::command]
pub fn schedule_topic(shell: State<Shell>, topic: String, meeting: String) -> Res<String> {
    with(&shell, |s| s.store_mut()?.schedule_topic(&topic, &meeting))
}
