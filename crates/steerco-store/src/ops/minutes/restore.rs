//! Settling a minutes conflict: *keep the approved minutes* writes the
//! approved values back as one new change; *accept the change* needs a
//! reopen and a new approval.

use std::collections::{BTreeMap, HashMap};

use super::record::{Attendee, Entry, Item, Record};
use super::{settle, Standing};
use crate::conflict::{Conflict, Resolution};
use crate::error::Result;
use crate::refusal::Refusal;
use crate::{order_key, RowChange, Store};

/// `change` with `field` set back to its approved value where the current
/// one differs (a field nobody changed is left out of the change).
fn back<V: PartialEq + Clone + Into<steerco_domain::Value>>(
    change: RowChange,
    field: &'static str,
    approved: &V,
    now: &V,
) -> RowChange {
    if approved == now {
        change
    } else {
        change.set(field, approved.clone())
    }
}

impl Store {
    /// Row changes that put a meeting's minutes back as `approved` records
    /// them: fields changed since get their approved values, rows added
    /// since are removed (tombstones), the agenda gets its approved order.
    fn restore_minutes(&self, meeting: &str, approved: &Record) -> Result<Vec<RowChange>> {
        let now = self.minutes_record(meeting)?;
        let mut batch = Vec::new();
        let (a, n) = (&approved.meeting, &now.meeting);
        let header = RowChange::update("meeting", meeting.to_string());
        let header = back(header, "title", &a.title, &n.title);
        let header = back(header, "starts_at", &a.starts_at, &n.starts_at);
        let header = back(header, "duration_min", &a.duration_min, &n.duration_min);
        let header = back(header, "location", &a.location, &n.location);
        if !header.fields.is_empty() {
            batch.push(header);
        }

        let now_items: HashMap<&str, &Item> =
            now.items.iter().map(|i| (i.id.as_str(), i)).collect();
        let approved_ids: Vec<&str> = approved.items.iter().map(|i| i.id.as_str()).collect();
        let kept_order: Vec<&str> = now
            .items
            .iter()
            .map(|i| i.id.as_str())
            .filter(|id| approved_ids.contains(id))
            .collect();
        let reorder = kept_order != approved_ids;
        let mut last_key: Option<String> = None;
        for item in &approved.items {
            let cur = now_items
                .get(item.id.as_str())
                .ok_or(Refusal::ApprovedMinutesGone)?;
            let mut change = RowChange::update("agenda_item", item.id.clone());
            if reorder {
                // Fresh keys in the approved order: the order is all that counts.
                let key = order_key::between(last_key.as_deref(), None);
                change = change.set("position", key.clone());
                last_key = Some(key);
            }
            change = back(change, "title", &item.title, &cur.title);
            change = back(change, "presenter", &item.presenter, &cur.presenter);
            change = back(
                change,
                "duration_min",
                &item.duration_min,
                &cur.duration_min,
            );
            change = back(
                change,
                "initiative_id",
                &item.initiative_id,
                &cur.initiative_id,
            );
            change = back(change, "closed", &item.closed, &cur.closed);
            change = back(change, "kind", &item.kind, &cur.kind);
            if !change.fields.is_empty() {
                batch.push(change);
            }
        }

        let entries = |r: &Record| -> BTreeMap<String, (String, Entry)> {
            r.items
                .iter()
                .flat_map(|i| {
                    i.outcomes
                        .iter()
                        .map(|o| (o.id.clone(), (i.id.clone(), o.clone())))
                })
                .collect()
        };
        let (was, is) = (entries(approved), entries(&now));
        for (id, (item, entry)) in &was {
            let (cur_item, cur) = is.get(id).ok_or(Refusal::ApprovedMinutesGone)?;
            let mut change = RowChange::update("outcome", id.clone());
            change = back(change, "agenda_item_id", item, cur_item);
            change = back(change, "kind", &entry.kind, &cur.kind);
            change = back(change, "text", &entry.text, &cur.text);
            // The minutes' owner and due date; the task keeps its own.
            change = back(change, "decided_owner_id", &entry.owner_id, &cur.owner_id);
            change = back(change, "decided_due_date", &entry.due_date, &cur.due_date);
            if !change.fields.is_empty() {
                batch.push(change);
            }
        }
        for id in is.keys().filter(|id| !was.contains_key(*id)) {
            batch.push(RowChange::delete("outcome", id.clone()));
        }
        for item in now
            .items
            .iter()
            .filter(|i| !approved_ids.contains(&i.id.as_str()))
        {
            batch.push(RowChange::delete("agenda_item", item.id.clone()));
        }

        let now_people: HashMap<&str, &Attendee> =
            now.attendance.iter().map(|a| (a.id.as_str(), a)).collect();
        for a in &approved.attendance {
            let cur = now_people
                .get(a.id.as_str())
                .ok_or(Refusal::ApprovedMinutesGone)?;
            if a.status != cur.status {
                batch.push(
                    RowChange::update("attendance", a.id.clone()).set("status", a.status.clone()),
                );
            }
        }
        for a in &now.attendance {
            if !approved.attendance.iter().any(|x| x.id == a.id) {
                batch.push(RowChange::delete("attendance", a.id.clone()));
            }
        }
        Ok(batch)
    }

    /// Settle a conflict about approved minutes changed after the approval.
    /// Keep the approved minutes: the late change is undone by a new change
    /// (no reopen). Accept the change: only by reopening the meeting and
    /// approving it again, which settles the conflict by itself.
    pub(crate) fn resolve_minutes_conflict(&mut self, c: &Conflict, how: Resolution) -> Result<()> {
        if c.resolved {
            return Ok(());
        }
        let approved = match self.standing(&c.row_id, &c.winner_hlc)? {
            Standing::InForce(a) => a,
            // The approval it was about no longer stands (the meeting was
            // reopened, or approved again): that reopen settled it.
            Standing::Replaced => {
                let by = self.me().map(str::to_string);
                self.write(vec![settle(&c.id, "reopened", self.now().to_rfc3339(), by)])?;
                return Ok(());
            }
            Standing::NotHere => return Err(Refusal::ApprovedMinutesNotHere.into()),
        };
        match how {
            Resolution::Approved => {
                let record = approved.record.ok_or(Refusal::ApprovedMinutesNotHere)?;
                let mut batch = self.restore_minutes(&c.row_id, &record)?;
                let by = self.me().map(str::to_string);
                batch.push(settle(&c.id, "approved", self.now().to_rfc3339(), by));
                self.write(batch)?;
                // Other conflicts about the same change are settled with it.
                self.settle_minutes_conflicts()?;
                Ok(())
            }
            // Accepting (or keeping "mine" or "theirs", which say nothing
            // here) needs the reopen; the refusal says how.
            _ => Err(Refusal::MinutesChangedAfterApproval.into()),
        }
    }
}
