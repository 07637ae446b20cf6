//! The command-line grammar: nouns, then verbs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::args_overview::*;
pub use crate::args_vote::*;
pub use crate::args_work::*;

#[derive(Parser)]
#[command(
    name = "steerco",
    version,
    about = "Steerco: portfolio steering for public-sector committees"
)]
pub struct Cli {
    /// The workspace file (else $STEERCO_WORKSPACE, else the app's default workspace).
    #[arg(long, global = true, value_name = "FILE")]
    pub workspace: Option<PathBuf>,
    /// Who is making the change, by name, when this installation has not chosen yet
    /// (else $STEERCO_USER, else the login name).
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub as_person: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a workspace file (with --demo: the Digital Strategy 2016-2020).
    Init(InitArgs),
    /// The workspace: name, time zone, replica, schema.
    Workspace {
        #[command(subcommand)]
        verb: WorkspaceVerb,
    },
    /// People in the workspace.
    Person {
        #[command(subcommand)]
        verb: PersonVerb,
    },
    /// Focus areas of the portfolio, by number.
    FocusArea {
        #[command(subcommand)]
        verb: FocusAreaVerb,
    },
    /// Initiatives of the portfolio.
    Initiative {
        #[command(subcommand)]
        verb: InitiativeVerb,
    },
    /// Milestones of initiatives.
    Milestone {
        #[command(subcommand)]
        verb: MilestoneVerb,
    },
    /// Committees: portfolio steering group, steering groups, working groups.
    Committee {
        #[command(subcommand)]
        verb: CommitteeVerb,
    },
    /// Members of committees and their roles.
    Member {
        #[command(subcommand)]
        verb: MemberVerb,
    },
    /// Meetings and their states.
    Meeting {
        #[command(subcommand)]
        verb: MeetingVerb,
    },
    /// The agenda of a meeting.
    Agenda {
        #[command(subcommand)]
        verb: AgendaVerb,
    },
    /// Minutes: a note, a decision or an action per agenda item.
    Outcome {
        #[command(subcommand)]
        verb: OutcomeVerb,
    },
    /// Papers on agenda items: files with every version kept.
    Attachment {
        #[command(subcommand)]
        verb: AttachmentVerb,
    },
    /// The risk register and its heat map.
    Risk {
        #[command(subcommand)]
        verb: RiskVerb,
    },
    /// The chair's overview as JSON: status with the grey rule, counts, overdue
    /// actions, milestones due and slipped, top risks, budget, timeline.
    Dashboard {
        #[arg(long)]
        json: bool,
        /// As it stood on this day (statuses dated up to it).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// The chair's reports: annual status, half-yearly deliverables, highlight.
    Report {
        #[command(subcommand)]
        what: ReportWhat,
    },
    /// The backlog of proposed topics per committee.
    Topic {
        #[command(subcommand)]
        verb: TopicVerb,
    },
    /// The decision register.
    Decision {
        #[command(subcommand)]
        verb: DecisionVerb,
    },
    /// Declarations of interest in agenda items.
    Interest {
        #[command(subcommand)]
        verb: InterestVerb,
    },
    /// Votes on agenda items, and written resolutions between meetings.
    Vote {
        #[command(subcommand)]
        verb: VoteVerb,
    },
    /// Actions from meetings, as tasks.
    Task {
        #[command(subcommand)]
        verb: TaskVerb,
    },
    /// Full-text search over minutes, decisions and tasks (each word a prefix).
    Search {
        text: String,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Sync with other replicas.
    Sync {
        #[command(subcommand)]
        verb: SyncVerb,
    },
    /// Concurrent edits kept when a sync resolved them.
    Conflict {
        #[command(subcommand)]
        verb: ConflictVerb,
    },
    /// Export the workspace.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Import: a new workspace from JSON, or a spreadsheet into this one.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
}

#[derive(Args)]
pub struct InitArgs {
    /// Fill the workspace with the demo portfolio.
    #[arg(long)]
    pub demo: bool,
    /// Name of the workspace.
    #[arg(long)]
    pub name: Option<String>,
    /// IANA time zone of the workspace.
    #[arg(long, default_value = "Europe/Copenhagen")]
    pub time_zone: String,
}

#[derive(Subcommand)]
pub enum WorkspaceVerb {
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Workspace settings of the chair's overview.
    Set {
        /// Days after which a status update turns grey (default 90).
        #[arg(long, value_name = "DAYS")]
        grey_after_days: Option<i64>,
        /// The upper scores of the low and medium risk bands, e.g. 4,12.
        #[arg(long, value_name = "LOW,MEDIUM")]
        risk_bands: Option<String>,
        /// The largest file an attachment may hold, in MiB (default 100).
        #[arg(long, value_name = "MIB")]
        attachment_limit_mib: Option<i64>,
    },
}

#[derive(Subcommand)]
pub enum PersonVerb {
    List {
        #[arg(long)]
        json: bool,
    },
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Who this installation acts as (with --set NAME: choose or create).
    Me {
        #[arg(long, value_name = "NAME")]
        set: Option<String>,
    },
    /// Set a person's e-mail address ("" clears it).
    Set {
        name: String,
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
pub enum FocusAreaVerb {
    /// Add a focus area; prints its id.
    Add {
        #[arg(long, value_name = "N")]
        number: i64,
        #[arg(long)]
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// The focus areas in their order, with how many initiatives each holds.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Rename or renumber (initiative codes stay as they are).
    Set {
        number: i64,
        #[arg(long)]
        name: Option<String>,
        /// The English name; "" clears it.
        #[arg(long)]
        name_en: Option<String>,
        /// The new number.
        #[arg(long = "number", value_name = "M")]
        new_number: Option<i64>,
    },
    /// Move to a 1-based place in the order.
    Move {
        number: i64,
        #[arg(long, value_name = "PLACE")]
        to: usize,
    },
    /// Delete (only when no initiative is in it).
    Delete { number: i64 },
}

#[derive(Subcommand)]
pub enum InitiativeVerb {
    List {
        #[arg(long)]
        json: bool,
        /// Language of titles shown for unverified entries: da or en.
        #[arg(long, default_value = "da")]
        lang: String,
    },
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        title: String,
        /// Focus area number.
        #[arg(long, value_name = "N")]
        focus_area: Option<i64>,
        #[arg(long)]
        lead: Option<String>,
        /// analysis, tender, implementation, operation or closed.
        #[arg(long)]
        phase: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        #[arg(long, value_name = "DATE")]
        end: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        code: String,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value = "da")]
        lang: String,
    },
    /// Change fields; an empty value ("") clears an optional field.
    Set(InitiativeSet),
    /// Add a status update (green, amber, red or grey) for one dimension.
    Status {
        code: String,
        #[arg(long)]
        rag: String,
        /// overall, time, cost, scope or benefit.
        #[arg(long, default_value = "overall")]
        dimension: String,
        /// The reason for the status.
        #[arg(long, value_name = "REASON")]
        note: Option<String>,
        /// The date the status is as of (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Budget and actual spend (DKK) for a year.
    Budget {
        code: String,
        #[arg(long)]
        year: i64,
        #[arg(long)]
        budget: Option<i64>,
        #[arg(long)]
        actual: Option<i64>,
    },
    /// Who changed what, when (from the change log).
    History {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete (a tombstone: the change log keeps its history).
    Delete { code: String },
    /// Undo a delete: the deleted initiative (by code or id) comes back.
    Restore { code: String },
}

/// A document of one meeting (its minutes, its agenda) as a file.
#[derive(Args)]
pub struct MeetingFile {
    pub meeting: String,
    /// pdf, docx or md
    #[arg(long)]
    pub format: String,
    #[arg(short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out closed (confidential) items entirely.
    #[arg(long)]
    pub omit_closed: bool,
    /// da or en
    #[arg(long, default_value = "da")]
    pub lang: String,
}

#[derive(Args)]
pub struct InitiativeSet {
    pub code: String,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub title_en: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long)]
    pub lead: Option<String>,
    #[arg(long)]
    pub phase: Option<String>,
    #[arg(long, value_name = "N")]
    pub focus_area: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
}

#[derive(Subcommand)]
pub enum MilestoneVerb {
    Add {
        #[arg(long, value_name = "CODE")]
        initiative: String,
        #[arg(long)]
        title: String,
        #[arg(long, value_name = "DATE")]
        due: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long, value_name = "CODE")]
        initiative: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mark done (default today).
    Done {
        milestone: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Move the planned date; the plan history keeps the old one.
    Replan {
        milestone: String,
        #[arg(long, value_name = "DATE")]
        due: String,
    },
    /// Correct the title (and with --due re-plan).
    Set {
        milestone: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
    },
    /// Delete a milestone (its plan history stays).
    Delete { milestone: String },
}

#[derive(Subcommand)]
pub enum ExportWhat {
    /// The canonical JSON export of the whole workspace.
    Json {
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The minutes of a meeting as PDF, DOCX or Markdown.
    Minutes(MeetingFile),
    /// A meeting's agenda, to send before it is held: PDF, DOCX or Markdown.
    Agenda(MeetingFile),
    /// A meeting's board pack as one PDF: a cover, the agenda with each paper's first
    /// page, then every PDF paper's pages in agenda order, bookmarked; other papers
    /// listed by name.
    Pack {
        meeting: String,
        #[arg(short = 'o', value_name = "FILE")]
        output: PathBuf,
        /// Leave out closed (confidential) items and their papers entirely.
        #[arg(long)]
        omit_closed: bool,
        /// da or en
        #[arg(long, default_value = "da")]
        lang: String,
    },
    /// A meeting as an iCalendar (.ics) invitation of the members with an e-mail
    /// address (a cancellation when the meeting is cancelled).
    Ics {
        meeting: String,
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The initiatives and their focus areas as a spreadsheet, in the layout
    /// `import spreadsheet` reads (XLSX or CSV by the file's extension; `-`: CSV on stdout).
    Spreadsheet {
        #[arg(short = 'o', value_name = "FILE.xlsx|FILE.csv")]
        output: PathBuf,
    },
    /// The decision register or the task list as CSV.
    Csv {
        /// decisions or tasks
        what: String,
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum ImportWhat {
    /// Create the workspace (--workspace) from a canonical JSON export.
    Json { file: PathBuf },
    /// Initiatives and their focus areas from a CSV or XLSX file into the
    /// workspace: every row or none.
    Spreadsheet(SpreadsheetImportArgs),
}

#[derive(Args)]
pub struct SpreadsheetImportArgs {
    /// A CSV or XLSX file (recognised by its content).
    pub file: PathBuf,
    /// Only show each row's outcome; change nothing.
    #[arg(long)]
    pub preview: bool,
    /// Change initiatives whose code exists (a blank cell keeps the old value).
    #[arg(long)]
    pub update: bool,
    /// The outcome as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum SyncVerb {
    /// One sync with a shared folder; on a workspace file that does not exist yet, join from it.
    Folder {
        dir: PathBuf,
        /// The environment variable holding the workspace passphrase.
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
        /// Only print what the sync would do (JSON), changing nothing.
        #[arg(long)]
        plan: bool,
        /// Change the folder's passphrase to the one in this variable (after
        /// a sync with the current one); everything is re-sealed under it.
        #[arg(
            long,
            value_name = "VAR",
            requires = "passphrase_env",
            conflicts_with = "plan"
        )]
        new_passphrase_env: Option<String>,
    },
    /// One sync with a Steerco sync server; on a workspace file that does not
    /// exist yet, join from it. URL is the workspace's address on the server,
    /// e.g. https://sync.example.org/acme; each --server adds another address
    /// of the same workspace (another instance of the deployment), tried in
    /// order when the ones before are down. Without any, the server of the
    /// administrator's preset (/etc/steerco/preset.json, on Windows
    /// %ProgramData%\Steerco\preset.json).
    Server {
        url: Option<String>,
        /// Another address of the same server workspace (repeatable).
        #[arg(long = "server", value_name = "URL")]
        servers: Vec<String>,
        /// The environment variable holding the bearer token.
        #[arg(long, value_name = "VAR")]
        token_env: String,
        /// The environment variable holding the workspace passphrase.
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
        /// Change the workspace's passphrase on the server to the one in this
        /// variable (after a sync with the current one).
        #[arg(long, value_name = "VAR", requires = "passphrase_env")]
        new_passphrase_env: Option<String>,
    },
    /// What this replica has sent and applied.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Which papers (attachments) syncs fetch to this computer: `all`, or
    /// `mine`, those of the committees I sit on and those I added. Kept on
    /// this computer only; without a value, says the current choice.
    Papers {
        #[arg(value_parser = ["all", "mine"])]
        fetch: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ConflictVerb {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict: keep mine or theirs, or write a new text. For
    /// approved minutes changed afterwards: `approved` undoes the change
    /// (with a new change; the meeting stays approved), `change` accepts it,
    /// which needs the meeting reopened and approved again.
    Resolve {
        conflict: String,
        /// mine or theirs; approved or change for approved minutes
        #[arg(long, conflicts_with = "text")]
        keep: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
}
