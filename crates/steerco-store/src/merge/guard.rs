//! What a merge refuses to apply (yet), checked before the field rules: a
//! member who knows the passphrase can send any change batch, so nothing in
//! one may stop a sync or reach past the rules a local write obeys. Such a
//! change is parked in `pending_change` with its reason (`Waiting`), shown in
//! the sync status and retried on every merge; the rest of the batch applies.
//!
//! A reason is stored as `<kind>: <text>` (the kind a `WaitKind` word), so the
//! app can tell "from a newer version" from "refused" without parsing English.

use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value as Json;
use steerco_domain::Hlc;

use super::{to_value, ChangeRecord};
use crate::error::Result;
use crate::held::{Held, Kind};
use crate::schema::{self, FieldKind};

/// How far ahead of this machine's clock a change may be stamped and still
/// apply (and move the local clock). Further ahead it waits until the clock
/// catches up: one member's wrong clock (or a forged stamp) can then never
/// push every replica's clock into the far future, where local edits would
/// run out of stamps.
pub const MAX_AHEAD_MS: i64 = 24 * 60 * 60 * 1000;

/// Why a change waits: a word for programs, and the reason in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum WaitKind {
    /// A row it refers to has not arrived: applies when it does.
    NotArrived,
    /// A table, field, word or operation this version does not know: applies
    /// after an upgrade, if the newer version knows it.
    NewerVersion,
    /// Stamped more than 24 hours ahead of this clock: applies once the
    /// clock has caught up.
    ClockAhead,
    /// Never applies: an edit of an append-only row, an approval without
    /// its meeting event (until the event comes), a ballot made after its
    /// vote closed, a malformed change.
    Refused,
}

impl WaitKind {
    const ALL: [WaitKind; 4] = [
        WaitKind::NotArrived,
        WaitKind::NewerVersion,
        WaitKind::ClockAhead,
        WaitKind::Refused,
    ];

    pub fn word(self) -> &'static str {
        match self {
            WaitKind::NotArrived => "not_arrived",
            WaitKind::NewerVersion => "newer_version",
            WaitKind::ClockAhead => "clock_ahead",
            WaitKind::Refused => "refused",
        }
    }

    /// The stored reason: kind and text.
    pub(super) fn reason(self, text: impl std::fmt::Display) -> String {
        format!("{}: {text}", self.word())
    }

    /// A stored reason split into its kind and text. Reasons stored without
    /// a kind (the field rules', older versions') are classed by their words.
    pub(super) fn split(reason: &str) -> (WaitKind, &str) {
        for kind in WaitKind::ALL {
            if let Some(text) = reason
                .strip_prefix(kind.word())
                .and_then(|r| r.strip_prefix(": "))
            {
                return (kind, text);
            }
        }
        let kind = if reason.contains("newer version") {
            WaitKind::NewerVersion
        } else {
            WaitKind::NotArrived
        };
        (kind, reason)
    }
}

const OPS: [&str; 4] = ["insert", "update", "delete", "restore"];

/// The approval fields of a meeting: they change only with an approval's event.
const APPROVAL_FIELDS: [&str; 3] = ["approved_by", "approved_at", "minutes_hash"];

/// Why `rec` may not apply now (its stored reason), or None.
pub(super) fn check(
    tx: &Transaction<'_>,
    held: &mut Held<'_>,
    rec: &ChangeRecord,
    stamp: Hlc,
    wall: i64,
) -> Result<Option<String>> {
    if stamp.millis > wall.saturating_add(MAX_AHEAD_MS) {
        let hours = (stamp.millis - wall) / 3_600_000;
        return Ok(Some(WaitKind::ClockAhead.reason(format!(
            "stamped {hours} hours ahead of this machine's clock by replica {}",
            stamp.replica
        ))));
    }
    if !OPS.contains(&rec.op.as_str()) {
        return Ok(Some(WaitKind::NewerVersion.reason(format!(
            "operation {:?} is from a newer version",
            rec.op
        ))));
    }
    // An unknown table or field: the field rules park it (newer version).
    let Some(def) = schema::table(&rec.tbl) else {
        return Ok(None);
    };
    let refused = |why: String| Ok(Some(WaitKind::Refused.reason(why)));
    if def.append_only && rec.op != "insert" {
        return refused(format!(
            "{} is append-only: the {} of row {} is refused",
            def.name, rec.op, rec.row_id
        ));
    }
    match rec.op.as_str() {
        // A delete or restore sets the tombstone flag and nothing else.
        op @ ("delete" | "restore") => {
            let flag = i64::from(op == "delete");
            let only_flag = rec.fields.len() == 1
                && rec.fields.get("deleted").and_then(Json::as_i64) == Some(flag);
            if !only_flag {
                return refused(format!("a {op} sets deleted = {flag} and nothing else"));
            }
            return Ok(None);
        }
        _ if rec.fields.contains_key("deleted") => {
            return refused(format!("the {} may not set deleted", rec.op));
        }
        _ => {}
    }
    for (name, json) in &rec.fields {
        let Some(field) = def.field(name) else {
            continue;
        };
        if matches!(json, Json::Array(_) | Json::Object(_)) {
            return refused(format!("{}.{name} is set to a list or object", def.name));
        }
        if schema::json_fits(field, json) {
            // Fits: nothing to say.
        } else if let Some(why) = schema::check_value(field, &to_value(json)) {
            return Ok(Some(WaitKind::NewerVersion.reason(format!(
                "this version rejects the value of {}.{name}: {why}",
                def.name
            ))));
        }
        // A reference to a row not here (yet): an update would fail on the
        // foreign key; an insert's own refusal says the same.
        if let (FieldKind::Ref(target), Json::String(id)) = (field.kind, json) {
            if !row_exists(held, target, id)? {
                return Ok(Some(WaitKind::NotArrived.reason(format!(
                    "{target} {id} (referred to by {}.{name}) has not arrived",
                    def.name
                ))));
            }
        }
    }
    // An append-only insert over an existing row is checked where its insert
    // fails (`append_only_clash`, from merge_one): a new row needs no look-up.
    if def.name == "meeting" {
        if let Some(why) = approval_without_event(tx, held, rec)? {
            return refused(why);
        }
    }
    // A vote made after its vote closed is kept here, never counted.
    if def.name == "ballot" {
        // It reads the vote as the file has it: what this merge kept first.
        super::write_kept(held)?;
        if let Some(why) = crate::ops::vote::late_ballot(tx, rec, stamp)? {
            return refused(why);
        }
    }
    Ok(None)
}

fn row_exists(held: &mut Held<'_>, table: &'static str, id: &str) -> Result<bool> {
    // `table` comes from the registry (a `Ref`), never from the change.
    Ok(held
        .get(
            |key| {
                key.push(Kind::RowExists as usize);
                crate::held::name_key(key, table);
            },
            |sql| {
                sql.push_str("SELECT 1 FROM ");
                sql.push_str(table);
                sql.push_str(" WHERE id = ?1");
            },
        )?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// An insert into an append-only table over an existing row with other
/// values is an edit in disguise.
pub(super) fn append_only_clash(
    tx: &Transaction<'_>,
    rec: &ChangeRecord,
) -> Result<Option<String>> {
    let Some(def) = schema::table(&rec.tbl) else {
        return Ok(None);
    };
    let names: Vec<&'static str> = rec
        .fields
        .keys()
        .filter_map(|n| def.field(n).map(|f| f.name))
        .collect();
    let Some(cur) = super::row::current(&mut Held::new(tx), def, &rec.row_id, &names)? else {
        return Ok(None);
    };
    let differs = names.iter().any(|n| {
        let incoming = rec.fields.get(*n).map(to_value);
        let stored = cur.values.get(*n).map(to_value);
        incoming != stored
    });
    Ok(differs.then(|| {
        format!(
            "{} is append-only: an insert over row {} with other values is refused",
            def.name, rec.row_id
        )
    }))
}

/// A change that approves a meeting (or sets its approval fields) needs the
/// approval's `meeting_event` (here, or for a new meeting waiting for it),
/// whose minutes give the hash it sets. (v1 approvals, before schema 10,
/// kept no minutes in their event: any approval event of the meeting
/// matches them.)
fn approval_without_event(
    tx: &Transaction<'_>,
    held: &mut Held<'_>,
    rec: &ChangeRecord,
) -> Result<Option<String>> {
    let approves = rec.fields.get("state").and_then(Json::as_str) == Some("approved");
    // A new meeting names its empty approval fields (an import does); an
    // update that empties them takes an approval away.
    let touches = APPROVAL_FIELDS.iter().any(|f| match rec.fields.get(*f) {
        None => false,
        Some(Json::Null) => rec.op != "insert",
        Some(_) => true,
    });
    if !approves && !touches {
        return Ok(None);
    }
    let hash = rec.fields.get("minutes_hash").and_then(Json::as_str);
    let mut minutes: Vec<Option<String>> = tx
        .prepare_cached(
            "SELECT minutes FROM meeting_event WHERE meeting_id = ?1 AND to_state = 'approved'",
        )?
        .query_map([&rec.row_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // A meeting that arrives approved (an import, the demo) and its event
    // wait for each other: the event for the meeting row, the meeting for
    // the event. Only then does an event still waiting count.
    let new_meeting = !row_exists(held, "meeting", &rec.row_id)?;
    let waiting: Vec<Option<String>> = if !new_meeting {
        Vec::new()
    } else {
        tx.prepare_cached(
            "SELECT json_extract(record, '$.fields.minutes') FROM pending_change
             WHERE json_extract(record, '$.tbl') = 'meeting_event'
               AND json_extract(record, '$.fields.meeting_id') = ?1
               AND json_extract(record, '$.fields.to_state') = 'approved'",
        )?
        .query_map([&rec.row_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?
    };
    minutes.extend(waiting);
    let matches = |m: &Option<String>| match (hash, m) {
        // The record must also read as one: the approved-minutes check
        // after every merge reads it.
        (Some(h), Some(text)) if h.starts_with(crate::ops::minutes::HASH_PREFIX) => {
            crate::ops::minutes::hash_of_text(text) == h
                && serde_json::from_str::<crate::ops::minutes::Record>(text).is_ok()
        }
        // An older hash belongs to an approval made before its event held
        // the minutes (schema 10); beside an event that holds them it can
        // only be forged.
        (Some(_), Some(_)) => false,
        _ => true,
    };
    if minutes.iter().any(matches) {
        return Ok(None);
    }
    Ok(Some(format!(
        "an approval of meeting {} without its meeting event is refused",
        rec.row_id
    )))
}
