//! The plain data the exports are made from.
//!
//! The caller (the store, the CLI, the app) fills these in; this crate never reads a
//! database or a clock, so the same input always gives the same bytes.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What every document about one meeting (minutes, agenda, board pack) opens with:
/// whose it is, which meeting, when and where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingHeader {
    /// The workspace's name, shown in the page header.
    pub workspace: String,
    /// A demo workspace: every page and section then says "Sample data", so a printout of
    /// invented data can never pass for a real committee's record.
    pub sample_data: bool,
    pub committee: String,
    pub title: String,
    /// Local start time, with the offset in force on that day.
    pub starts_at: DateTime<FixedOffset>,
    /// IANA name of the meeting's time zone, e.g. "Europe/Copenhagen".
    pub time_zone: String,
    pub duration_min: u32,
    pub location: Option<String>,
}

/// One meeting's minutes, ready to export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Minutes {
    /// Its fields stand at the top level of the JSON form.
    #[serde(flatten)]
    pub meeting: MeetingHeader,
    /// draft | open | in_progress | closed | approved | reopened.
    pub state: String,
    pub approval: Option<Approval>,
    pub attendance: Vec<Attendee>,
    pub items: Vec<AgendaItem>,
    /// The committee's open actions from earlier meetings, listed under the follow-up
    /// item, each with its state at the meeting (as of its close, when closed).
    #[serde(default)]
    pub follow_up: Vec<FollowUpAction>,
}

/// Who approved the minutes, when, and the hash of what they approved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    pub by: String,
    /// RFC 3339, as recorded.
    pub at: String,
    /// Hex digest of the approved minutes.
    pub minutes_hash: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub role: Option<String>,
    pub status: AttendanceStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Invited,
    Present,
    Apologies,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// 1-based number shown before the title.
    pub position: u32,
    pub title: String,
    pub presenter: Option<String>,
    pub duration_min: Option<u32>,
    /// The linked initiative as shown, e.g. "1.1 Digital post".
    pub initiative: Option<String>,
    /// A closed (confidential) item: left out entirely when exporting with
    /// [`ExportOptions::omit_closed`].
    pub closed: bool,
    /// The follow-up item ("Opfølgning på handlinger"): the open actions are listed
    /// under it.
    #[serde(default)]
    pub follow_up: bool,
    pub outcomes: Vec<Outcome>,
    /// Members who declared an interest in the item (they did not vote on it), with
    /// what they declared.
    #[serde(default)]
    pub interests: Vec<DeclaredInterest>,
    /// The votes on the item, named: who voted how.
    #[serde(default)]
    pub votes: Vec<ItemVote>,
}

/// A member's declaration of interest in an agenda item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeclaredInterest {
    pub name: String,
    pub note: Option<String>,
}

/// A vote on an agenda item as the minutes record it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemVote {
    pub proposal: String,
    /// adopted | rejected | not_quorate, or open while the vote is not closed.
    pub result: String,
    /// Who voted for, against and abstained, by name.
    #[serde(rename = "for")]
    pub votes_for: Vec<String>,
    pub against: Vec<String>,
    pub abstain: Vec<String>,
    /// The chair's casting vote decided a tie.
    pub casting_vote: bool,
}

/// An action carried over from an earlier meeting, as the follow-up item lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpAction {
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// The meeting that decided it: its title and local day.
    pub meeting: String,
    pub meeting_date: Option<NaiveDate>,
    /// todo | doing | blocked | done (the task state as the list shows it).
    pub state: String,
}

/// A meeting's agenda, sent before it is held ("Dagsorden").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    /// Its fields stand at the top level of the JSON form.
    #[serde(flatten)]
    pub meeting: MeetingHeader,
    /// A cancelled meeting: the agenda says so before anything else.
    pub cancelled: bool,
    /// The committee's members (with roles) and anyone else invited; the status says
    /// what was recorded (invited when nothing was).
    pub participants: Vec<Attendee>,
    /// In order; closed items included (marked), left out by the writers with
    /// [`ExportOptions::omit_closed`].
    pub items: Vec<AgendaItem>,
    pub follow_up: Vec<FollowUpAction>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub kind: OutcomeKind,
    pub text: String,
    /// For actions: who is responsible.
    pub owner: Option<String>,
    /// For actions: the deadline.
    pub due: Option<NaiveDate>,
    /// For decisions: e.g. "proposed", "approved", "superseded".
    pub decision_status: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    Note,
    Decision,
    Action,
}

/// One row of the decision register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionRow {
    pub id: String,
    pub date: NaiveDate,
    pub committee: String,
    pub meeting: String,
    pub text: String,
    pub status: String,
    pub supersedes: Option<String>,
    pub initiative: Option<String>,
}

/// One row of the task (action) list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub state: String,
    pub committee: String,
    pub meeting: Option<String>,
    pub initiative: Option<String>,
    pub overdue: bool,
}

/// A meeting as a calendar entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingEvent {
    /// Stable across exports (e.g. the meeting's uuid + "@steerco"), so re-importing an
    /// updated file updates the entry instead of adding a second one.
    pub uid: String,
    pub title: String,
    pub committee: String,
    pub starts_at: DateTime<FixedOffset>,
    /// IANA name, written as the TZID.
    pub time_zone: String,
    pub duration_min: u32,
    pub location: Option<String>,
    /// The agenda as plain text.
    pub description: String,
    /// DTSTAMP: passed in rather than read from the clock, for deterministic output.
    pub stamp: DateTime<Utc>,
    /// SEQUENCE: how often the time, length, place, title or cancellation changed since
    /// the meeting was added, so a calendar replaces its copy with the newer one.
    #[serde(default)]
    pub sequence: u32,
    /// STATUS:CANCELLED and METHOD:CANCEL.
    #[serde(default)]
    pub cancelled: bool,
    /// ORGANIZER: the committee's secretary, when one has an e-mail address.
    #[serde(default)]
    pub organizer: Option<CalendarPerson>,
    /// ATTENDEE lines: the members with an e-mail address.
    #[serde(default)]
    pub attendees: Vec<CalendarPerson>,
}

/// Someone on a calendar entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarPerson {
    pub name: String,
    pub email: String,
    /// The committee role word (chair, secretary, member, observer), if a member.
    pub role: Option<String>,
}

/// The export's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Danish, the default: the users are Danish public bodies.
    #[default]
    Da,
    En,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportOptions {
    /// Leave closed items out entirely (not even their titles), for a public version.
    pub omit_closed: bool,
    pub language: Lang,
}
