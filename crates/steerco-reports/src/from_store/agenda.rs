//! What the agenda, the invitation and the minutes' follow-up list read from the
//! store: the participants with their e-mail addresses, the actions carried over (as
//! the meeting view lists them, or as they stood when the meeting was closed) and how
//! often its calendar entry changed. Everything
//! history-dependent is read from the change log, which every replica holds alike, so
//! every replica exports the same file.

use std::collections::HashMap;

use steerco_store::dates;
use steerco_store::ops::meeting::{MeetingView, TaskFilter, TaskView};
use steerco_store::Store;

use super::{date, ExportError, Format};
use crate::model::*;

/// The meeting's agenda as the export model.
pub fn agenda(store: &Store, meeting: &str) -> Result<Agenda, ExportError> {
    let view = store.meeting(meeting)?;
    let (participants, _) = participants(store, &view)?;
    Ok(Agenda {
        meeting: super::header(store, &view)?,
        cancelled: view.cancelled,
        participants,
        items: super::items(&view),
        follow_up: follow_up(store, &view)?,
    })
}

/// The agenda as a file of `format`.
pub fn agenda_file(
    store: &Store,
    meeting: &str,
    format: Format,
    opts: ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let a = agenda(store, meeting)?;
    format.write(
        &a,
        &opts,
        crate::agenda_md,
        crate::agenda_pdf,
        crate::agenda_docx,
    )
}

/// The committee's members (by role) and then anyone else on the attendance list, each
/// with what was recorded; beside them, for the calendar, those with an e-mail address.
pub(crate) fn participants(
    store: &Store,
    view: &MeetingView,
) -> Result<(Vec<Attendee>, Vec<CalendarPerson>), ExportError> {
    let status: HashMap<&str, AttendanceStatus> = view
        .attendance
        .iter()
        .map(|a| (a.person_id.as_str(), attendance(&a.status)))
        .collect();
    let email: HashMap<String, String> = store
        .people()?
        .into_iter()
        .filter_map(|p| Some((p.id, p.email.filter(|e| !e.trim().is_empty())?)))
        .collect();
    let members = store
        .committees()?
        .into_iter()
        .find(|c| c.id == view.committee_id)
        .map(|c| c.members)
        .unwrap_or_default();
    let mut people: Vec<(String, String, Option<String>)> = members
        .into_iter()
        .map(|m| (m.person_id, m.name, Some(m.role)))
        .collect();
    for a in &view.attendance {
        if !people.iter().any(|(id, _, _)| *id == a.person_id) {
            people.push((a.person_id.clone(), a.name.clone(), a.role.clone()));
        }
    }
    let mut shown = Vec::new();
    let mut calendar = Vec::new();
    for (id, name, role) in people {
        if let Some(e) = email.get(&id) {
            calendar.push(CalendarPerson {
                name: name.clone(),
                email: e.clone(),
                role: role.clone(),
            });
        }
        shown.push(Attendee {
            status: status
                .get(id.as_str())
                .copied()
                .unwrap_or(AttendanceStatus::Invited),
            name,
            role,
        });
    }
    Ok((shown, calendar))
}

pub(crate) fn attendance(status: &str) -> AttendanceStatus {
    match status {
        "present" => AttendanceStatus::Present,
        "apologies" => AttendanceStatus::Apologies,
        _ => AttendanceStatus::Invited,
    }
}

/// The open actions carried over to the meeting. Before it is closed: the list the
/// meeting view shows (their current state). Once closed (or approved): the actions of
/// earlier meetings of the committee that were not done when it was closed, with the
/// state they had then: the last `task_state` in the log stamped at or before the close
/// (the current state for an action the log knows nothing older of).
pub(crate) fn follow_up(
    store: &Store,
    view: &MeetingView,
) -> Result<Vec<FollowUpAction>, ExportError> {
    let tz = store.time_zone()?;
    let starts: HashMap<String, String> = store
        .meetings()?
        .into_iter()
        .map(|m| (m.id, m.starts_at))
        .collect();
    let action = |t: &TaskView, state: String| FollowUpAction {
        title: t.text.clone(),
        owner: t.owner.clone(),
        due: date(&t.due_date),
        // (A task of its own has no meeting; the follow-up lists none.)
        meeting: t.meeting.clone().unwrap_or_default(),
        meeting_date: t
            .meeting_id
            .as_ref()
            .and_then(|m| starts.get(m))
            .and_then(|s| dates::local_day_of(tz, s).parse().ok()),
        state,
    };
    let Some(close) = close_stamp(store, view)? else {
        return Ok(view
            .follow_up
            .iter()
            .map(|t| action(t, t.state.clone()))
            .collect());
    };
    let mut out = Vec::new();
    let tasks = store.tasks(&TaskFilter {
        committee: Some(view.committee_id.clone()),
        ..Default::default()
    })?;
    for t in tasks {
        let earlier = t
            .meeting_id
            .as_deref()
            .is_some_and(|m| m != view.id && starts.get(m).is_some_and(|s| *s < view.starts_at));
        if !earlier {
            continue;
        }
        let state = store
            .field_history("outcome", &t.id, "task_state")?
            .into_iter()
            // Oldest first: the last one stamped at or before the close.
            .rev()
            .find(|c| c.hlc <= close)
            .and_then(|c| c.value.as_str().map(str::to_string))
            .unwrap_or_else(|| t.state.clone());
        if state != "done" {
            out.push(action(&t, state));
        }
    }
    Ok(out)
}

/// The stamp of the meeting's (last) close, for a closed or approved meeting; None
/// while it has not been closed. A meeting whose log never says "closed" (recorded as
/// approved at once, by an import) counts from the stamp of its current state.
fn close_stamp(store: &Store, view: &MeetingView) -> Result<Option<String>, ExportError> {
    if !matches!(view.state.as_str(), "closed" | "approved") {
        return Ok(None);
    }
    let states = store.field_history("meeting", &view.id, "state")?;
    let closed = states
        .iter()
        .filter(|c| c.value.as_str() == Some("closed"))
        .map(|c| c.hlc.clone())
        .max();
    Ok(closed.or_else(|| states.iter().map(|c| c.hlc.clone()).max()))
}

/// The fields a calendar entry shows; a change to any of them is a new version of it.
const CALENDAR_FIELDS: [&str; 5] = [
    "starts_at",
    "duration_min",
    "location",
    "title",
    "cancelled",
];

/// The iCalendar SEQUENCE: how many changes (each logged change counts once, however
/// many of these fields it set) touched the meeting's calendar fields after its insert.
/// Counted in the change log, which every replica shares, so all derive the same number;
/// concurrent changes all count, so it only grows.
pub fn ics_sequence(store: &Store, meeting_id: &str) -> Result<u32, ExportError> {
    let mut stamps = std::collections::BTreeSet::new();
    for field in CALENDAR_FIELDS {
        for c in store.field_history("meeting", meeting_id, field)? {
            // An insert replaces nothing; every later change names what it replaced.
            if c.prev_hlc.is_some() {
                stamps.insert(c.hlc);
            }
        }
    }
    Ok(u32::try_from(stamps.len()).unwrap_or(u32::MAX))
}
