//! The registry of synced tables and their fields. The write path accepts a
//! change only for a table and fields named here, with a value of the declared
//! kind: this is what keeps a hostile change (from a file or another replica)
//! from writing anything else, and what builds SQL from names safely.

use steerco_domain::{
    AgendaKind, Attendance, CommitteeKind, DecisionStatus, MeetingState, OutcomeKind, RiskStatus,
    Role, TaskState, Value, VoteChoice, VoteResult,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Long text (descriptions, later minutes): concurrent edits merge three-way.
    LongText,
    Int,
    Bool,
    /// A flag that, once set, stays set: it merges by value (1 beats 0),
    /// then by stamp, and never makes a conflict (`conflict.resolved`).
    Latch,
    /// `YYYY-MM-DD`
    Date,
    /// RFC 3339 instant
    Timestamp,
    /// The id of a row in the named table.
    Ref(&'static str),
    Rag,
    Dimension,
    Phase,
    /// A score of 1 to 5 (risk likelihood and impact).
    Score,
    /// A fractional order key (`order_key.rs`): merges by the rule, and a
    /// concurrent move is not a conflict (the order is the same everywhere).
    OrderKey,
    /// One of a fixed list of words: a vocabulary's `WORDS` (steerco-domain;
    /// the SQL schema checks the same list).
    Enum(&'static [&'static str]),
}

#[derive(Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub kind: FieldKind,
    /// NOT NULL in the schema: a change may not set it to null.
    pub required: bool,
}

#[derive(Debug)]
pub struct TableDef {
    pub name: &'static str,
    pub fields: &'static [FieldDef],
    /// Rows are only ever inserted (status updates, plan history).
    pub append_only: bool,
}

impl TableDef {
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| same_name(f.name, name))
    }
}

const fn f(name: &'static str, kind: FieldKind) -> FieldDef {
    FieldDef {
        name,
        kind,
        required: false,
    }
}

const fn req(name: &'static str, kind: FieldKind) -> FieldDef {
    FieldDef {
        name,
        kind,
        required: true,
    }
}

use FieldKind::*;

/// In dependency order: a table only refers to tables before it. Export and
/// import walk this order.
pub static TABLES: &[TableDef] = &[
    TableDef {
        name: "workspace",
        append_only: false,
        fields: &[
            req("name", Text),
            req("time_zone", Text),
            f("planned_initiatives", Int),
            f("source", Text),
            req("sample", Bool),
            f("grey_after_days", Int),
            f("risk_bands", Text),
            // Schema 13: the largest attachment, in bytes (none: 100 MiB).
            f("attachment_limit", Int),
        ],
    },
    TableDef {
        name: "person",
        append_only: false,
        fields: &[
            req("name", Text),
            f("email", Text),
            f("organisation", Text),
            req("sample", Bool),
        ],
    },
    TableDef {
        name: "focus_area",
        append_only: false,
        fields: &[
            req("number", Int),
            f("track", Int),
            req("name_da", Text),
            f("name_en", Text),
            req("name_en_verified", Bool),
            f("source", Text),
            f("position", OrderKey),
        ],
    },
    TableDef {
        name: "initiative",
        append_only: false,
        fields: &[
            req("code", Text),
            req("code_verified", Bool),
            f("title", Text),
            req("title_verified", Bool),
            f("title_en", Text),
            req("title_en_verified", Bool),
            f("description", LongText),
            f("focus_area_id", Ref("focus_area")),
            f("lead", Text),
            f("phase", Phase),
            f("start_date", Date),
            f("end_date", Date),
            f("source", Text),
            f("note", Text),
        ],
    },
    TableDef {
        name: "initiative_year",
        append_only: false,
        fields: &[
            req("initiative_id", Ref("initiative")),
            req("year", Int),
            f("budget", Int),
            f("actual", Int),
        ],
    },
    TableDef {
        name: "status_update",
        append_only: true,
        fields: &[
            req("initiative_id", Ref("initiative")),
            req("dimension", Dimension),
            req("rag", Rag),
            f("reason", Text),
            req("date", Date),
            f("author_id", Ref("person")),
            req("recorded_at", Timestamp),
            req("sample", Bool),
        ],
    },
    TableDef {
        name: "milestone",
        append_only: false,
        fields: &[
            req("initiative_id", Ref("initiative")),
            req("title", Text),
            f("planned_date", Date),
            f("done_date", Date),
            req("sample", Bool),
        ],
    },
    TableDef {
        name: "milestone_plan",
        append_only: true,
        fields: &[
            req("milestone_id", Ref("milestone")),
            req("planned_date", Date),
            req("recorded_at", Timestamp),
            f("author_id", Ref("person")),
        ],
    },
    // Conflicts are workspace data (see conflict.rs). `tbl`, `row_id` and
    // the stamps name what competed; `resolved_by` is a person id as text, as
    // the person may be unknown on the replica that reads it.
    TableDef {
        name: "conflict",
        append_only: false,
        fields: &[
            req("tbl", Text),
            req("row_id", Text),
            req("field", Text),
            req("winner_hlc", Text),
            f("winner_value", Text),
            req("loser_hlc", Text),
            f("loser_value", Text),
            req("resolved", Latch),
            f("resolution", Text),
            f("resolved_by", Text),
            f("resolved_at", Timestamp),
        ],
    },
    // Committee work (schema 5).
    TableDef {
        name: "committee",
        append_only: false,
        fields: &[
            req("name", Text),
            req("kind", Enum(CommitteeKind::WORDS)),
            f("mandate", LongText),
            f("parent_id", Ref("committee")),
            req("sample", Bool),
            // Schema 14: the voting rules (none: no quorum; no casting vote).
            f("quorum", Int),
            req("casting_vote", Bool),
        ],
    },
    TableDef {
        name: "committee_initiative",
        append_only: false,
        fields: &[
            req("committee_id", Ref("committee")),
            req("initiative_id", Ref("initiative")),
        ],
    },
    TableDef {
        name: "committee_member",
        append_only: false,
        fields: &[
            req("committee_id", Ref("committee")),
            req("person_id", Ref("person")),
            req("role", Enum(Role::WORDS)),
        ],
    },
    TableDef {
        name: "meeting",
        append_only: false,
        fields: &[
            req("committee_id", Ref("committee")),
            req("title", Text),
            req("starts_at", Timestamp),
            req("duration_min", Int),
            f("location", Text),
            req("state", Enum(MeetingState::WORDS)),
            f("approved_by", Text),
            f("approved_at", Timestamp),
            f("minutes_hash", Text),
            req("sample", Bool),
            // Schema 12: kept and shown as cancelled.
            req("cancelled", Bool),
        ],
    },
    TableDef {
        name: "meeting_event",
        append_only: true,
        fields: &[
            req("meeting_id", Ref("meeting")),
            req("from_state", Text),
            req("to_state", Text),
            f("reason", Text),
            f("author_id", Ref("person")),
            req("recorded_at", Timestamp),
            // An approval's minutes as canonical JSON (schema 10).
            f("minutes", Text),
        ],
    },
    TableDef {
        name: "agenda_item",
        append_only: false,
        fields: &[
            req("meeting_id", Ref("meeting")),
            req("position", OrderKey),
            req("title", Text),
            f("presenter", Text),
            f("duration_min", Int),
            f("initiative_id", Ref("initiative")),
            req("closed", Bool),
            req("kind", Enum(AgendaKind::WORDS)),
        ],
    },
    TableDef {
        name: "outcome",
        append_only: false,
        fields: &[
            // Optional since schema 12: a task of its own has no meeting.
            f("meeting_id", Ref("meeting")),
            f("agenda_item_id", Ref("agenda_item")),
            req("kind", Enum(OutcomeKind::WORDS)),
            req("text", LongText),
            req("recorded_at", Timestamp),
            f("decision_status", Enum(DecisionStatus::WORDS)),
            f("supersedes_id", Ref("outcome")),
            f("initiative_id", Ref("initiative")),
            f("owner_id", Ref("person")),
            f("due_date", Date),
            f("task_state", Enum(TaskState::WORDS)),
            f("board_committee_id", Ref("committee")),
            // An action's owner and due date as decided (schema 10): the
            // minutes keep these while the task's own move on.
            f("decided_owner_id", Ref("person")),
            f("decided_due_date", Date),
            // A task's description (schema 12).
            f("description", LongText),
        ],
    },
    // A task's comment thread (schema 12), append-only.
    TableDef {
        name: "task_comment",
        append_only: true,
        fields: &[
            req("task_id", Ref("outcome")),
            req("text", Text),
            f("author_id", Ref("person")),
            req("recorded_at", Timestamp),
        ],
    },
    TableDef {
        name: "topic",
        append_only: false,
        fields: &[
            req("committee_id", Ref("committee")),
            req("title", Text),
            f("note", LongText),
            f("proposed_by", Ref("person")),
            req("recorded_at", Timestamp),
            f("meeting_id", Ref("meeting")),
        ],
    },
    TableDef {
        name: "risk",
        append_only: false,
        fields: &[
            req("initiative_id", Ref("initiative")),
            req("title", Text),
            f("cause", LongText),
            f("consequence", LongText),
            f("mitigation", LongText),
            f("owner_id", Ref("person")),
            f("review_date", Date),
            req("status", Enum(RiskStatus::WORDS)),
            req("recorded_at", Timestamp),
            req("sample", Bool),
        ],
    },
    TableDef {
        name: "risk_assessment",
        append_only: true,
        fields: &[
            req("risk_id", Ref("risk")),
            req("likelihood", Score),
            req("impact", Score),
            f("residual_likelihood", Score),
            f("residual_impact", Score),
            req("assessed_on", Date),
            req("recorded_at", Timestamp),
            f("author_id", Ref("person")),
        ],
    },
    TableDef {
        name: "highlight",
        append_only: false,
        fields: &[
            req("initiative_id", Ref("initiative")),
            req("period", Text),
            f("status_summary", LongText),
            f("this_period", LongText),
            f("next_period", LongText),
            f("issues", LongText),
            f("decisions_needed", LongText),
        ],
    },
    TableDef {
        name: "attendance",
        append_only: false,
        fields: &[
            req("meeting_id", Ref("meeting")),
            req("person_id", Ref("person")),
            req("status", Enum(Attendance::WORDS)),
        ],
    },
    // Papers on agenda items (schema 13): the bytes live in the blob store
    // beside the workspace (blobs.rs), a version names them by hash.
    TableDef {
        name: "attachment",
        append_only: false,
        fields: &[
            req("agenda_item_id", Ref("agenda_item")),
            req("title", Text),
            f("author_id", Ref("person")),
            req("recorded_at", Timestamp),
        ],
    },
    TableDef {
        name: "attachment_version",
        append_only: true,
        fields: &[
            req("attachment_id", Ref("attachment")),
            req("version", Int),
            req("blob_hash", Text),
            req("size", Int),
            req("file_name", Text),
            req("media_type", Text),
            req("executable", Bool),
            f("author_id", Ref("person")),
            req("recorded_at", Timestamp),
        ],
    },
    // Votes (schema 14): declarations of interest per agenda item and
    // member, votes on an item or written resolutions of a committee, and
    // every ballot cast (append-only: the last one before the close counts).
    TableDef {
        name: "interest",
        append_only: false,
        fields: &[
            req("agenda_item_id", Ref("agenda_item")),
            req("person_id", Ref("person")),
            f("note", Text),
            f("author_id", Ref("person")),
            req("recorded_at", Timestamp),
        ],
    },
    TableDef {
        name: "vote",
        append_only: false,
        fields: &[
            req("committee_id", Ref("committee")),
            f("meeting_id", Ref("meeting")),
            f("agenda_item_id", Ref("agenda_item")),
            req("proposal", Text),
            f("closes_at", Timestamp),
            // The committee's rules when the vote was put.
            f("quorum", Int),
            req("casting_vote", Bool),
            f("result", Enum(VoteResult::WORDS)),
            f("author_id", Ref("person")),
            req("recorded_at", Timestamp),
        ],
    },
    TableDef {
        name: "ballot",
        append_only: true,
        fields: &[
            req("vote_id", Ref("vote")),
            req("person_id", Ref("person")),
            req("choice", Enum(VoteChoice::WORDS)),
            f("author_id", Ref("person")),
            req("recorded_at", Timestamp),
        ],
    },
    // Published reports (schema 15): a record that never changes, its
    // files' bytes in the blob store like papers' (ops/published.rs).
    TableDef {
        name: "published_report",
        append_only: true,
        fields: &[
            req("kind", Enum(crate::ops::published::KINDS)),
            req("period", Text),
            req("title", Text),
            f("published_by", Ref("person")),
            req("published_at", Timestamp),
        ],
    },
    TableDef {
        name: "published_file",
        append_only: true,
        fields: &[
            req("report_id", Ref("published_report")),
            req("format", Enum(crate::ops::published::FORMATS)),
            req("blob_hash", Text),
            req("size", Int),
            req("file_name", Text),
        ],
    },
];

pub fn table(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| same_name(t.name, name))
}

/// `a == b`, looking at the length and first byte before comparing the
/// rest: every change written or merged looks its table and each field up
/// by name, and most names of one length differ in their first byte.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Why a value does not fit a field, or None when it does.
pub fn check_value(field: &FieldDef, value: &Value) -> Option<String> {
    let scalar = match value {
        Value::Null => Scalar::Null,
        Value::Int(i) => Scalar::Int(*i),
        Value::Real(_) => Scalar::Other,
        Value::Text(s) => Scalar::Text(s),
    };
    if fits(field, scalar) {
        return None;
    }
    Some(match value {
        Value::Null => format!("{} may not be empty", field.name),
        _ => format!("{:?} is not a valid value for {}", value, field.name),
    })
}

/// Whether a value as JSON (as a change from another replica carries it)
/// fits a field: `check_value` of the value it converts to, without
/// converting it (a merge checks every field of every change). A list or an
/// object never fits here (`check_value` would take its text for a text
/// field): the merge's guard refuses both before it asks.
pub fn json_fits(field: &FieldDef, json: &serde_json::Value) -> bool {
    use serde_json::Value as Json;
    let scalar = match json {
        Json::Null => Scalar::Null,
        Json::Bool(b) => Scalar::Int(i64::from(*b)),
        Json::Number(n) => n.as_i64().map_or(Scalar::Other, Scalar::Int),
        Json::String(s) => Scalar::Text(s),
        Json::Array(_) | Json::Object(_) => Scalar::Other,
    };
    fits(field, scalar)
}

/// A value as the field rules see it, borrowed.
#[derive(Clone, Copy)]
enum Scalar<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    /// A real number, a list or an object: no field takes one.
    Other,
}

fn fits(field: &FieldDef, value: Scalar) -> bool {
    match (field.kind, value) {
        (_, Scalar::Null) => !field.required,
        (Text | LongText | Ref(_) | OrderKey, Scalar::Text(_)) => true,
        (Int, Scalar::Int(_)) => true,
        (Score, Scalar::Int(i)) => steerco_domain::risk::SCORES.contains(&i),
        (Bool | Latch, Scalar::Int(i)) => i == 0 || i == 1,
        (Date, Scalar::Text(s)) => crate::dates::parse_date(s).is_ok(),
        (Timestamp, Scalar::Text(s)) => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        (Rag, Scalar::Text(s)) => s.parse::<steerco_domain::Rag>().is_ok(),
        (Dimension, Scalar::Text(s)) => s.parse::<steerco_domain::Dimension>().is_ok(),
        (Phase, Scalar::Text(s)) => s.parse::<steerco_domain::Phase>().is_ok(),
        (Enum(words), Scalar::Text(s)) => words.contains(&s),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn json_fits_exactly_when_its_value_passes_check_value() {
        let samples = [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(1),
            json!(2),
            json!(5),
            json!(-3),
            json!(1.5),
            json!(""),
            json!("x"),
            json!("red"),
            json!("green"),
            json!("2026-02-28"),
            json!("2026-02-30"),
            json!("2026-03-01T09:00:00Z"),
            json!("8.1"),
        ];
        let mut checked = 0;
        for table in super::TABLES {
            for field in table.fields {
                for json in &samples {
                    let value = crate::merge::to_value(json);
                    assert_eq!(
                        super::json_fits(field, json),
                        super::check_value(field, &value).is_none(),
                        "{}.{} = {json}",
                        table.name,
                        field.name
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000);
    }
}
