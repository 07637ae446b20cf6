//! Why an operation refused its input: one variant per refusal, with what the
//! sentence needs as typed parameters. The English text (`Display`) is what
//! the CLI prints; the app gets the code and the parameters (serialised as
//! `{code, params}`, the TypeScript type generated from this one) and says it
//! in the user's language, so the UI has a Danish and an English text for
//! every variant, checked by its compiler.

use serde::Serialize;
use steerco_domain::Word;

/// A refusal. The serde tag is the stable code the UI keys its texts on;
/// `code()` spells the same (a test checks).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, ts_rs::TS)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Refusal {
    /// Something the operation needs was left empty.
    #[error("{what}")]
    Missing { what: Missing },
    /// A word outside a closed vocabulary.
    #[error("{value:?} is not {what}; use one of: {}", .allowed.join(", "))]
    NotOneOf {
        value: String,
        what: Vocabulary,
        allowed: Vec<String>,
    },
    #[error("{value:?} is not a date; use YYYY-MM-DD")]
    NotADate { value: String },
    #[error("{value:?} is not a date and time (YYYY-MM-DDTHH:MM or RFC 3339)")]
    NotADateTime { value: String },
    /// A wall time skipped by a daylight-saving change.
    #[error("{value} does not exist in {zone}")]
    NoSuchLocalTime { value: String, zone: String },
    #[error("{value:?} is not a time zone; use an IANA name such as Europe/Copenhagen")]
    NotATimeZone { value: String },
    #[error("{value} is not a year")]
    NotAYear { value: String },
    #[error("{year} is not a plausible year")]
    ImplausibleYear { year: i64 },
    #[error("{value:?} is not a half-year; use YYYY-H1 or YYYY-H2")]
    NotAHalfYear { value: String },
    #[error("{value:?} is not a period; use YYYY-Qn, YYYY-Hn or YYYY-MM")]
    NotAPeriod { value: String },
    #[error("the end date {end} is before the start date {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("a milestone cannot be done on a future date ({date}; today is {today})")]
    MilestoneDoneInFuture { date: String, today: String },
    #[error("a status cannot be as of a future date ({date}; today is {today})")]
    StatusInFuture { date: String, today: String },
    #[error("{value:?} is not an initiative code; use letters, digits, '.' or '-' (e.g. 8.1)")]
    NotAnInitiativeCode { value: String },
    #[error("{value:?} is not a focus area number")]
    NotAFocusArea { value: String },
    #[error("focus area {number} exists already; choose another number")]
    FocusAreaNumberTaken { number: i64 },
    /// A focus area that still holds initiatives is not deleted: they would
    /// silently lose their focus area.
    #[error("focus area {number} still holds {initiatives} initiative(s); move them to another focus area or clear theirs first")]
    FocusAreaNotEmpty { number: i64, initiatives: i64 },
    #[error("place {place} is not in the list of focus areas (1 to {last})")]
    FocusAreaPlace { place: usize, last: usize },
    #[error("nothing to change: name a field to set")]
    NothingToChange,
    #[error("give a budget, an actual spend, or both")]
    NoAmount,
    #[error("amounts may not be negative")]
    NegativeAmount,
    #[error("a committee named {name:?} exists already")]
    CommitteeExists { name: String },
    #[error("a committee cannot report to itself or to a committee below it")]
    CommitteeCycle,
    #[error("no person named {name:?}; add them first (person add)")]
    NoSuchPerson { name: String },
    #[error("this topic is on an agenda already")]
    TopicOnAgenda,
    #[error("a task needs a committee or an initiative (--committee, --initiative)")]
    TaskNeedsBoard,
    /// A task given only an initiative goes on the board of the committee
    /// that covers it; here none or several do.
    #[error("{committees} committees cover initiative {initiative}, not one; name the committee whose board the task goes on (--committee)")]
    TaskBoardUnclear { initiative: String, committees: i64 },
    /// Delete is for tasks of their own; an action from minutes is corrected
    /// in its meeting's minutes.
    #[error("this task is an action from a meeting's minutes; correct it there (outcome delete)")]
    NotOwnTask,
    #[error("a meeting lasts between 1 minute and 24 hours")]
    MeetingDuration,
    #[error("an item lasts between 0 and 1440 minutes")]
    ItemDuration,
    /// A meeting state move the state machine does not allow; `allowed` are
    /// the states it may come from.
    #[error("a meeting in {from} cannot move to {to} (from {})", .allowed.join(" or "))]
    StateMove {
        from: String,
        to: String,
        allowed: Vec<String>,
    },
    #[error("the minutes are approved and read-only; reopen the meeting to change {what}")]
    MinutesApproved { what: MinutesPart },
    #[error("{what} cannot be changed while the meeting is in {state}")]
    NotInThisState { what: MinutesPart, state: String },
    #[error("place {place} is not on the agenda (1 to {last})")]
    NotOnAgenda { place: usize, last: usize },
    #[error("the committee has no earlier meeting to copy an agenda from")]
    NoEarlierMeeting,
    /// A committee with meetings is kept: its meetings' minutes name it.
    #[error(
        "committee {name:?} has {meetings} meeting(s); a committee with meetings cannot be deleted"
    )]
    CommitteeHasMeetings { name: String, meetings: i64 },
    /// A cancelled meeting is kept as it was: no moves, no edits.
    #[error("the meeting is cancelled; it cannot change")]
    MeetingCancelled,
    #[error("only a meeting not yet held (draft or open) can be cancelled; this one is {state}")]
    NotCancellable { state: String },
    /// An undo of something that is not deleted.
    #[error("this {what} is not deleted; there is nothing to undo")]
    NotDeleted {
        what: crate::ops::restore::Restorable,
    },
    #[error("{value:?} is not an e-mail address")]
    NotAnEmail { value: String },
    #[error("only an action has an owner and a due date")]
    OnlyActionsHaveOwners,
    #[error("{value:?} is not a banding; give LOW,MEDIUM upper scores like 4,12")]
    NotABanding { value: String },
    #[error("bands need 1 <= low < medium < 25 (scores run from 1 to 25)")]
    BandsOutOfRange,
    #[error("{what} likelihood and impact run from 1 to 5 (got {likelihood} and {impact})")]
    ScoreOutOfRange {
        what: Assessed,
        likelihood: i64,
        impact: i64,
    },
    #[error("grey after between 1 and 3650 days")]
    GreyAfterOutOfRange,
    #[error("remind between 1 and 30 days before a task is due")]
    ReminderDaysOutOfRange,
    #[error("the minutes were changed after approval: reopen the meeting, check the minutes and approve them again")]
    MinutesChangedAfterApproval,
    #[error("a delete-versus-edit conflict cannot be undone here yet; re-create the item if it is still needed")]
    DeleteConflict,
    /// "Keep the approved minutes" before the approval's record arrived.
    #[error("the approved minutes have not reached this computer yet; sync and try again")]
    ApprovedMinutesNotHere,
    /// "Keep the approved minutes" when a row they hold was removed since.
    #[error("part of the approved minutes was removed since and cannot be put back here; reopen the meeting to correct the minutes")]
    ApprovedMinutesGone,
    /// Keep approved / accept change named for another kind of conflict.
    #[error("this conflict is not about approved minutes; keep mine or theirs")]
    NotAMinutesConflict,
    #[error("choose who you are first")]
    ChooseIdentity,
    /// The workspace remembers another person for this installation; the
    /// user has not said yet which of the two to be here.
    #[error("this workspace knows you as {recorded:?}; choose whether to go on as {recorded:?} or as {installation:?}")]
    AnswerIdentityQuestion {
        recorded: String,
        installation: String,
    },
    /// A change the write path (or a merge) rejects: a fault of the program
    /// or of a received file, not of what a user typed; the detail says which
    /// rule (in English: it names tables and fields).
    #[error("{detail}")]
    BadChange { detail: String },
    /// A row that exists already, or refers to one that does not.
    #[error("cannot add {table} {row}: it exists already or refers to a missing row")]
    RowClash { table: String, row: String },
    /// A packaging fault: the demo shipped inside the program does not parse.
    #[error("the demo data is unreadable: {detail}")]
    DemoUnreadable { detail: String },
    /// A file over the workspace's attachment limit (sizes in bytes).
    #[error("{name} is {} MiB; the workspace takes attachments of at most {} MiB", mib(*.size), mib(*.limit))]
    FileTooLarge { name: String, size: i64, limit: i64 },
    #[error("the attachment limit is between 1 and 4096 MiB")]
    AttachmentLimitOutOfRange,
    /// A version whose content is not in this computer's blob store (not
    /// synced here yet, or removed by hand).
    #[error("the content of {file_name} is not on this computer; sync and try again")]
    AttachmentNotHere { file_name: String },
    /// The stored content no longer has the hash its version records.
    #[error("the stored content of {file_name} is damaged (it does not match its hash); replace the attachment or sync it again")]
    AttachmentDamaged { file_name: String },
    #[error("version {version} does not exist; the attachment has versions 1 to {latest}")]
    NoSuchVersion { version: i64, latest: i64 },
    #[error("a quorum is between 0 and 1000 members")]
    QuorumOutOfRange,
    /// A committee with written resolutions is kept: they are its record.
    #[error("committee {name:?} has {resolutions} written resolution(s); it cannot be deleted")]
    CommitteeHasResolutions { name: String, resolutions: i64 },
    #[error("{name:?} is not a member of {committee:?}")]
    NotAMember { name: String, committee: String },
    /// Observers take part in a committee's work but do not vote.
    #[error("{name:?} is an observer and does not vote")]
    ObserverCannotVote { name: String },
    #[error("{name:?} is not recorded as present at the meeting; record the attendance first")]
    NotPresent { name: String },
    /// A member who declared an interest in an item does not vote on it.
    #[error("{name:?} declared an interest in this item and does not vote on it")]
    DeclaredInterest { name: String },
    #[error("this vote is closed (result: {result})")]
    VoteClosed { result: String },
    /// A written resolution counts no vote made after its closing time.
    #[error("the written resolution closed at {closes_at}; a vote made after it is not counted")]
    ResolutionClosed { closes_at: String },
    /// A written resolution closes at its closing time, not before.
    #[error("the written resolution is open until {closes_at}")]
    ResolutionOpen { closes_at: String },
    /// Members' votes up to the closing time may not all have arrived here.
    #[error("the result is provisional: the votes of {} up to the closing time have not all arrived; it is final once they have, or at {final_by}", .waiting.join(", "))]
    ResultProvisional {
        waiting: Vec<String>,
        final_by: String,
    },
    #[error("the closing time {closes_at} has passed; choose a later one")]
    ClosesInPast { closes_at: String },
}

/// Bytes as MiB with one decimal, as the size refusal says them.
fn mib(bytes: i64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

impl Refusal {
    /// The stable code (the serde tag).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Missing { .. } => "missing",
            Refusal::NotOneOf { .. } => "not_one_of",
            Refusal::NotADate { .. } => "not_a_date",
            Refusal::NotADateTime { .. } => "not_a_date_time",
            Refusal::NoSuchLocalTime { .. } => "no_such_local_time",
            Refusal::NotATimeZone { .. } => "not_a_time_zone",
            Refusal::NotAYear { .. } => "not_a_year",
            Refusal::ImplausibleYear { .. } => "implausible_year",
            Refusal::NotAHalfYear { .. } => "not_a_half_year",
            Refusal::NotAPeriod { .. } => "not_a_period",
            Refusal::EndBeforeStart { .. } => "end_before_start",
            Refusal::MilestoneDoneInFuture { .. } => "milestone_done_in_future",
            Refusal::StatusInFuture { .. } => "status_in_future",
            Refusal::NotAnInitiativeCode { .. } => "not_an_initiative_code",
            Refusal::NotAFocusArea { .. } => "not_a_focus_area",
            Refusal::FocusAreaNumberTaken { .. } => "focus_area_number_taken",
            Refusal::FocusAreaNotEmpty { .. } => "focus_area_not_empty",
            Refusal::FocusAreaPlace { .. } => "focus_area_place",
            Refusal::NothingToChange => "nothing_to_change",
            Refusal::NoAmount => "no_amount",
            Refusal::NegativeAmount => "negative_amount",
            Refusal::CommitteeExists { .. } => "committee_exists",
            Refusal::CommitteeCycle => "committee_cycle",
            Refusal::NoSuchPerson { .. } => "no_such_person",
            Refusal::TopicOnAgenda => "topic_on_agenda",
            Refusal::TaskNeedsBoard => "task_needs_board",
            Refusal::TaskBoardUnclear { .. } => "task_board_unclear",
            Refusal::NotOwnTask => "not_own_task",
            Refusal::MeetingDuration => "meeting_duration",
            Refusal::ItemDuration => "item_duration",
            Refusal::StateMove { .. } => "state_move",
            Refusal::MinutesApproved { .. } => "minutes_approved",
            Refusal::NotInThisState { .. } => "not_in_this_state",
            Refusal::NotOnAgenda { .. } => "not_on_agenda",
            Refusal::NoEarlierMeeting => "no_earlier_meeting",
            Refusal::CommitteeHasMeetings { .. } => "committee_has_meetings",
            Refusal::MeetingCancelled => "meeting_cancelled",
            Refusal::NotCancellable { .. } => "not_cancellable",
            Refusal::NotDeleted { .. } => "not_deleted",
            Refusal::NotAnEmail { .. } => "not_an_email",
            Refusal::OnlyActionsHaveOwners => "only_actions_have_owners",
            Refusal::NotABanding { .. } => "not_a_banding",
            Refusal::BandsOutOfRange => "bands_out_of_range",
            Refusal::ScoreOutOfRange { .. } => "score_out_of_range",
            Refusal::GreyAfterOutOfRange => "grey_after_out_of_range",
            Refusal::ReminderDaysOutOfRange => "reminder_days_out_of_range",
            Refusal::MinutesChangedAfterApproval => "minutes_changed_after_approval",
            Refusal::DeleteConflict => "delete_conflict",
            Refusal::ApprovedMinutesNotHere => "approved_minutes_not_here",
            Refusal::ApprovedMinutesGone => "approved_minutes_gone",
            Refusal::NotAMinutesConflict => "not_a_minutes_conflict",
            Refusal::ChooseIdentity => "choose_identity",
            Refusal::AnswerIdentityQuestion { .. } => "answer_identity_question",
            Refusal::BadChange { .. } => "bad_change",
            Refusal::RowClash { .. } => "row_clash",
            Refusal::DemoUnreadable { .. } => "demo_unreadable",
            Refusal::FileTooLarge { .. } => "file_too_large",
            Refusal::AttachmentLimitOutOfRange => "attachment_limit_out_of_range",
            Refusal::AttachmentNotHere { .. } => "attachment_not_here",
            Refusal::AttachmentDamaged { .. } => "attachment_damaged",
            Refusal::NoSuchVersion { .. } => "no_such_version",
            Refusal::QuorumOutOfRange => "quorum_out_of_range",
            Refusal::CommitteeHasResolutions { .. } => "committee_has_resolutions",
            Refusal::NotAMember { .. } => "not_a_member",
            Refusal::ObserverCannotVote { .. } => "observer_cannot_vote",
            Refusal::NotPresent { .. } => "not_present",
            Refusal::DeclaredInterest { .. } => "declared_interest",
            Refusal::VoteClosed { .. } => "vote_closed",
            Refusal::ResolutionClosed { .. } => "resolution_closed",
            Refusal::ResolutionOpen { .. } => "resolution_open",
            Refusal::ResultProvisional { .. } => "result_provisional",
            Refusal::ClosesInPast { .. } => "closes_in_past",
        }
    }

    /// `value` is not one of `allowed` (a closed vocabulary).
    pub fn not_one_of(value: &str, what: Vocabulary, allowed: &[&str]) -> Refusal {
        Refusal::NotOneOf {
            value: value.to_string(),
            what,
            allowed: allowed.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// A write-path rule broken (see `BadChange`).
    pub(crate) fn bad_change(detail: impl Into<String>) -> Refusal {
        Refusal::BadChange {
            detail: detail.into(),
        }
    }
}

/// What was left empty. Each is its own sentence: the languages do not build
/// them from the same parts (Danish nouns differ in gender).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    #[error("an initiative needs a title")]
    InitiativeTitle,
    #[error("a milestone needs a title")]
    MilestoneTitle,
    #[error("a risk needs a title")]
    RiskTitle,
    #[error("a committee needs a name")]
    CommitteeName,
    #[error("a person needs a name")]
    PersonName,
    #[error("a focus area needs a name")]
    FocusAreaName,
    #[error("a name is needed")]
    YourName,
    #[error("a topic needs a title")]
    TopicTitle,
    #[error("a task needs a title")]
    TaskTitle,
    #[error("a comment needs a text")]
    CommentText,
    #[error("a meeting needs a title")]
    MeetingTitle,
    #[error("an agenda item needs a title")]
    AgendaItemTitle,
    #[error("an outcome needs a text")]
    OutcomeText,
    #[error("an action needs an owner")]
    ActionOwner,
    #[error("an action needs a due date")]
    ActionDue,
    #[error("a reopen needs a reason (--reason)")]
    ReopenReason,
    #[error("a vote needs a proposal")]
    Proposal,
    #[error("a vote is on an agenda item, or a committee's written resolution")]
    VoteOn,
    #[error("a written resolution needs a closing time")]
    ClosingTime,
}

/// The closed vocabularies a word is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Vocabulary {
    #[error("a committee kind")]
    CommitteeKind,
    #[error("a role")]
    Role,
    #[error("a task state")]
    TaskState,
    #[error("an attendance")]
    Attendance,
    #[error("a meeting state")]
    MeetingState,
    #[error("a decision status")]
    DecisionStatus,
    #[error("a risk status")]
    RiskStatus,
    #[error("an outcome")]
    OutcomeKind,
    #[error("a phase")]
    Phase,
    #[error("a language")]
    Language,
    #[error("a format")]
    Format,
    #[error("something to export")]
    Export,
    #[error("a vote choice")]
    VoteChoice,
}

/// The parts of a meeting's minutes a state can lock (the meeting state
/// machine says which; see `steerco_domain::MeetingState::allows`).
pub use steerco_domain::MinutesPart;

/// A vocabulary of steerco-domain as the operations check it: which
/// `Vocabulary` a refusal names.
pub trait Checked: Word {
    const WHAT: Vocabulary;
}

macro_rules! checked {
    ($($word:ident => $what:ident),+ $(,)?) => {
        $(impl Checked for steerco_domain::$word {
            const WHAT: Vocabulary = Vocabulary::$what;
        })+
    };
}

checked!(
    CommitteeKind => CommitteeKind,
    Role => Role,
    TaskState => TaskState,
    Attendance => Attendance,
    MeetingState => MeetingState,
    // A move names the state a meeting is to reach.
    Move => MeetingState,
    DecisionStatus => DecisionStatus,
    RiskStatus => RiskStatus,
    OutcomeKind => OutcomeKind,
    VoteChoice => VoteChoice,
);

/// `value` as a word of `T`, or the refusal listing the words there are.
/// Operations parse here, at their boundary, and work with the type.
pub fn word<T: Checked>(value: &str) -> Result<T, Refusal> {
    value
        .parse()
        .map_err(|_| Refusal::not_one_of(value, T::WHAT, T::WORDS))
}

/// A risk assessment before or after mitigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Assessed {
    #[error("inherent")]
    Inherent,
    #[error("residual")]
    Residual,
}

/// What a lookup looks for (`StoreError::NotFound`, `Ambiguous`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    #[error("initiative")]
    Initiative,
    #[error("focus area")]
    FocusArea,
    #[error("milestone")]
    Milestone,
    #[error("risk")]
    Risk,
    #[error("committee")]
    Committee,
    #[error("person")]
    Person,
    #[error("topic")]
    Topic,
    #[error("meeting")]
    Meeting,
    #[error("agenda item")]
    AgendaItem,
    /// A person's membership of a committee.
    #[error("member")]
    Member,
    #[error("decision")]
    Decision,
    #[error("outcome")]
    Outcome,
    #[error("task")]
    Task,
    #[error("conflict")]
    Conflict,
    #[error("attachment")]
    Attachment,
    #[error("vote")]
    Vote,
    #[error("published report")]
    PublishedReport,
    #[error("row")]
    Row,
    /// What a restore looks for: only deleted initiatives.
    #[error("deleted initiative")]
    DeletedInitiative,
}

#[cfg(test)]
mod tests;
