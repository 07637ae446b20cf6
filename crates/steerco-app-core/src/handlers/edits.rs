//! Corrections of milestones, risks and backlog topics, and their deletes
//! (tombstones, so the generic undo restores them).

use steerco_store::ops::risk::RiskEdit;
use steerco_store::{Result, Store};

use super::some_date;
use super::task::date_change;
use crate::requests::*;

/// A new title, and with `due` a re-plan (kept in the plan history).
pub fn milestone_set(s: &mut Store, r: MilestoneSetRequest) -> Result<()> {
    let due = some_date(r.due)?;
    s.edit_milestone(&r.id, r.title.as_deref(), due)
}

pub fn milestone_delete(s: &mut Store, r: MilestoneDeleteRequest) -> Result<()> {
    s.delete_milestone(&r.id)
}

/// A field left None stays; an empty text clears an optional one (cause,
/// consequence, mitigation, owner, review date).
pub fn risk_set(s: &mut Store, r: RiskSetRequest) -> Result<()> {
    s.edit_risk(
        &r.id,
        RiskEdit {
            title: r.title,
            cause: r.cause,
            consequence: r.consequence,
            mitigation: r.mitigation,
            owner: r.owner,
            review: date_change(r.review)?,
        },
    )
}

/// A field left None stays; an empty note clears it.
pub fn topic_set(s: &mut Store, r: TopicSetRequest) -> Result<()> {
    s.edit_topic(&r.id, r.title.as_deref(), r.note.as_deref())
}

pub fn topic_delete(s: &mut Store, r: TopicDeleteRequest) -> Result<()> {
    s.delete_topic(&r.id)
}
