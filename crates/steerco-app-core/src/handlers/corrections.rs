//! Corrections of the record: agenda items, outcomes, members, people,
//! committees and meetings, their deletes (tombstones) and the undo. A
//! field left `None` stays as it is; where a field can be cleared (a
//! presenter, an initiative, a place, an e-mail address) an empty text
//! clears it, so these requests pass texts on untrimmed of meaning. Deletes
//! answer with the deleted row's id: what `undo_delete` takes.

use steerco_store::dates;
use steerco_store::ops::meeting::{AgendaItemEdit, MeetingEdit};
use steerco_store::refusal::Missing as MissingWhat;
use steerco_store::{Refusal, Result, Store};

use crate::requests::*;

pub fn agenda_set(s: &mut Store, r: AgendaSetRequest) -> Result<()> {
    s.edit_agenda_item(
        &r.item,
        AgendaItemEdit {
            title: r.title,
            presenter: r.presenter,
            duration_min: r.duration_min,
            initiative: r.initiative,
            closed: r.closed,
        },
    )
}

/// Delete an agenda item and its outcomes; answers the item's id.
pub fn agenda_delete(s: &mut Store, r: AgendaDeleteRequest) -> Result<String> {
    s.delete_agenda_item(&r.item)
}

/// `owner` and `due` (YYYY-MM-DD) only for an action; an empty due date is
/// refused like a missing one (an action needs one).
pub fn outcome_set(s: &mut Store, r: OutcomeSetRequest) -> Result<()> {
    let due = match r.due.as_deref().map(str::trim) {
        None => None,
        Some("") => {
            return Err(Refusal::Missing {
                what: MissingWhat::ActionDue,
            }
            .into())
        }
        Some(d) => Some(dates::parse_date(d)?),
    };
    s.edit_outcome(&r.id, r.text.as_deref(), r.owner.as_deref(), due)
}

pub fn outcome_delete(s: &mut Store, r: OutcomeDeleteRequest) -> Result<String> {
    s.delete_outcome(&r.id)
}

/// `role`: chair, secretary, member or observer.
pub fn member_set(s: &mut Store, r: MemberSetRequest) -> Result<()> {
    s.set_member_role(&r.committee, &r.person, r.role.as_str())
}

/// Remove a person from a committee; answers the membership's id.
pub fn member_delete(s: &mut Store, r: MemberDeleteRequest) -> Result<String> {
    s.remove_member(&r.committee, &r.person)
}

/// A person's e-mail address; none or empty clears it.
pub fn person_set(s: &mut Store, r: PersonSetRequest) -> Result<()> {
    s.set_person_email(&r.name, r.email.as_deref().unwrap_or(""))
}

/// Delete a committee without meetings; answers its id.
pub fn committee_delete(s: &mut Store, r: CommitteeDeleteRequest) -> Result<String> {
    s.delete_committee(&r.committee)
}

/// `starts_at`: `YYYY-MM-DDTHH:MM` in the workspace's time zone, or RFC 3339.
pub fn meeting_set(s: &mut Store, r: MeetingSetRequest) -> Result<()> {
    let starts_at = r
        .starts_at
        .as_deref()
        .map(|t| s.parse_datetime(t.trim()))
        .transpose()?;
    s.edit_meeting(
        &r.id,
        MeetingEdit {
            title: r.title,
            starts_at,
            duration_min: r.duration_min,
            location: r.location,
        },
    )
}

pub fn meeting_cancel(s: &mut Store, r: MeetingCancelRequest) -> Result<()> {
    s.cancel_meeting(&r.id, r.reason.as_deref())
}

/// Undo a delete: `what` names the kind, `id` the row (what the delete
/// answered, or a unique prefix).
pub fn undo_delete(s: &mut Store, r: UndoDeleteRequest) -> Result<()> {
    s.restore(r.what, &r.id)
}
