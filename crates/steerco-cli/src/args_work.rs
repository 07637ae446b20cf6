//! The grammar of committee work: committees, members, meetings, the agenda,
//! outcomes, decisions and tasks.

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
    /// Change a committee's name, mandate or parent ("" clears mandate or parent).
    Set {
        committee: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        mandate: Option<String>,
        #[arg(long)]
        parent: Option<String>,
    },
    /// Record that a committee covers an initiative.
    Cover {
        committee: String,
        #[arg(long, value_name = "CODE")]
        initiative: String,
    },
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
        #[arg(long)]
        json: bool,
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
    /// Correct an outcome's text while its minutes can change.
    Set {
        /// An outcome id (or unique prefix).
        outcome: String,
        #[arg(long)]
        text: String,
    },
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
}
