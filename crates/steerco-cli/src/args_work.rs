//! The grammar of committee work: committees, members, meetings, the agenda,
//! outcomes, their papers, decisions and tasks.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum CommitteeVerb {
    Add {
        #[arg(long)]
        name: String,
        /// portfolio, steering or working
        #[arg(long)]
        kind: String,
        /// The committee it reports to, by name.
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        mandate: Option<String>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a committee's name, mandate or parent ("" clears mandate or
    /// parent), or its voting rules.
    Set {
        committee: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        mandate: Option<String>,
        #[arg(long)]
        parent: Option<String>,
        /// How many voting members must count for a vote to decide (0: any).
        #[arg(long, value_name = "N", allow_negative_numbers = true)]
        quorum: Option<i64>,
        /// Whether the chair's vote decides a tie (else a tie rejects).
        #[arg(long, value_name = "true|false")]
        casting_vote: Option<bool>,
    },
    /// Record that a committee covers an initiative.
    Cover {
        committee: String,
        #[arg(long, value_name = "CODE")]
        initiative: String,
    },
    /// Delete a committee that has no meetings (its members and covered
    /// initiatives go with it).
    Delete { committee: String },
    /// Undo a committee's delete (by name or id).
    Restore { committee: String },
}

#[derive(Subcommand)]
pub enum MemberVerb {
    Add {
        #[arg(long)]
        committee: String,
        /// The person's name (added to the workspace when new).
        #[arg(long)]
        name: String,
        /// chair, secretary, member or observer
        #[arg(long)]
        role: String,
    },
    /// Change a member's role.
    Set {
        #[arg(long)]
        committee: String,
        #[arg(long)]
        name: String,
        /// chair, secretary, member or observer
        #[arg(long)]
        role: String,
    },
    /// Remove a person from a committee.
    Delete {
        #[arg(long)]
        committee: String,
        #[arg(long)]
        name: String,
    },
    /// Undo a member's removal.
    Restore {
        #[arg(long)]
        committee: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
pub enum MeetingVerb {
    Add {
        #[arg(long)]
        committee: String,
        #[arg(long)]
        title: String,
        /// YYYY-MM-DDTHH:MM in the workspace's time zone, or RFC 3339.
        #[arg(long, value_name = "DATETIME")]
        at: String,
        #[arg(long, value_name = "MIN", default_value_t = 120)]
        duration: i64,
        /// Start from the agenda of the committee's previous meeting.
        #[arg(long)]
        from_previous: bool,
        /// Where: a room, an address, a video link.
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Rename, reschedule or move a meeting ("" clears the location).
    Set {
        meeting: String,
        #[arg(long)]
        title: Option<String>,
        /// YYYY-MM-DDTHH:MM in the workspace's time zone, or RFC 3339.
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        #[arg(long, value_name = "MIN")]
        duration: Option<i64>,
        #[arg(long)]
        location: Option<String>,
    },
    /// Cancel a meeting not yet held (draft or open); it is kept, as cancelled.
    Cancel {
        meeting: String,
        #[arg(long)]
        reason: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        meeting: String,
        #[arg(long)]
        json: bool,
    },
    /// Record attendance: invited, present or apologies.
    Attend {
        meeting: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        status: String,
    },
    /// Move the meeting: open, in-progress, closed, approved or reopened.
    State {
        meeting: String,
        state: String,
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum AgendaVerb {
    Add {
        meeting: String,
        #[arg(long)]
        title: String,
        #[arg(long, value_name = "CODE")]
        initiative: Option<String>,
        #[arg(long)]
        presenter: Option<String>,
        #[arg(long, value_name = "MIN")]
        duration: Option<i64>,
        /// A closed (confidential) item.
        #[arg(long)]
        closed: bool,
    },
    List {
        meeting: String,
        #[arg(long)]
        json: bool,
    },
    /// Move an item (id or number) to a 1-based place.
    Move {
        meeting: String,
        item: String,
        #[arg(long)]
        to: usize,
    },
    /// Correct an item (by id or unique id prefix; "" clears presenter or initiative).
    Set {
        item: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        presenter: Option<String>,
        #[arg(long, value_name = "MIN")]
        duration: Option<i64>,
        #[arg(long, value_name = "CODE")]
        initiative: Option<String>,
        /// A closed (confidential) item: true or false.
        #[arg(long, value_name = "true|false")]
        closed: Option<bool>,
    },
    /// Delete an item (by id or unique id prefix) with what the minutes record under it.
    Delete { item: String },
    /// Undo an item's delete (its outcomes come back with it).
    Restore { item: String },
}

#[derive(Subcommand)]
pub enum OutcomeVerb {
    Add {
        meeting: String,
        /// An item id or its number on `agenda list`.
        #[arg(long)]
        item: String,
        #[arg(long, group = "what")]
        note: Option<String>,
        #[arg(long, group = "what")]
        decision: Option<String>,
        #[arg(long, group = "what")]
        action: Option<String>,
        /// The decision this one supersedes (with --decision).
        #[arg(long, requires = "decision")]
        supersedes: Option<String>,
        #[arg(long, requires = "action")]
        owner: Option<String>,
        #[arg(long, value_name = "DATE", requires = "action")]
        due: Option<String>,
    },
    /// Correct an outcome while its minutes can change: its text, an
    /// action's owner and due date as decided.
    Set {
        /// An outcome id (or unique prefix).
        outcome: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
    },
    /// Delete an outcome while its minutes can change.
    Delete { outcome: String },
    /// Undo an outcome's delete.
    Restore { outcome: String },
}

#[derive(Subcommand)]
pub enum DecisionVerb {
    List {
        #[arg(long)]
        json: bool,
    },
    /// proposed, adopted, rejected or superseded
    State { decision: String, status: String },
}

#[derive(Subcommand)]
pub enum TopicVerb {
    /// Propose a topic for a committee's coming meetings.
    Add {
        #[arg(long)]
        committee: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        #[arg(long)]
        committee: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Put a topic on a meeting's agenda.
    Schedule {
        topic: String,
        #[arg(long)]
        meeting: String,
    },
    /// Correct a topic's title or note ("" clears the note).
    Set {
        topic: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Delete a topic from the backlog.
    Delete { topic: String },
}

#[derive(Subcommand)]
pub enum AttachmentVerb {
    /// Attach a file to an agenda item (id or unique id prefix); prints the id.
    Add {
        item: String,
        file: PathBuf,
        /// The title shown (default: the file's name).
        #[arg(long)]
        title: Option<String>,
    },
    /// The papers of a meeting, in agenda order, with size and versions.
    List {
        meeting: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a version's content (default the latest) to a file, or stdout.
    Get {
        attachment: String,
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_name = "N")]
        version: Option<i64>,
    },
    /// A new version from a file (the earlier ones are kept); prints its number.
    Replace { attachment: String, file: PathBuf },
    /// Delete a paper; prints its id.
    Delete { attachment: String },
    /// Undo a paper's delete (every version comes back).
    Restore { attachment: String },
}

#[derive(Subcommand)]
pub enum TaskVerb {
    List {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        committee: Option<String>,
        #[arg(long, value_name = "CODE")]
        initiative: Option<String>,
    },
    /// todo, doing, blocked or done
    State { task: String, state: String },
    /// Give a task another owner or due date (the minutes keep the ones decided).
    Assign {
        task: String,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
    },
    /// Add a task of its own (not from minutes) to a committee's board.
    Add {
        #[arg(long)]
        title: String,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// The board it goes on (else the one committee covering --initiative).
        #[arg(long)]
        committee: Option<String>,
        #[arg(long, value_name = "CODE")]
        initiative: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Correct a task ("" clears owner, due date or description of a task of its own).
    Set {
        task: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Add a comment to a task's thread.
    Comment {
        task: String,
        #[arg(long)]
        text: String,
    },
    /// A task with its comments.
    Show {
        task: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a task of its own.
    Delete { task: String },
}
