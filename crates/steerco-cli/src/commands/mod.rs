//! Each command resolves its arguments, calls one store function, prints.

mod attachment;
mod committee;
mod corrections;
mod export;
mod focus_area;
mod initiative;
mod meeting;
mod milestone;
mod report;
mod risk;
mod sheet;
mod sync;
mod task;
mod vote;
mod workspace;

use std::path::PathBuf;

use steerco_app_core::settings::{data_dir, AppSettings};
use steerco_domain::SystemClock;
use steerco_store::identity::{Identity, IdentitySource};
use steerco_store::{Store, StoreError};

use crate::args::{Cli, Command};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Refused(#[from] steerco_store::Refusal),
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Sync(#[from] steerco_sync::SyncError),
    #[error(transparent)]
    Export(#[from] steerco_reports::from_store::ExportError),
    #[error(transparent)]
    Sheet(#[from] steerco_sheet::SheetError),
}

impl CliError {
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// A stable code for the log (the message may quote what was typed).
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Store(e) => e.code(),
            CliError::Refused(r) => r.code(),
            CliError::Input(_) => "input",
            CliError::Io(_) => "io",
            CliError::Json(_) => "json",
            CliError::Sync(e) => e.code(),
            CliError::Export(e) => e.code(),
            CliError::Sheet(_) => "sheet",
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, CliError>;

/// The global options every command sees.
pub struct Ctx {
    pub workspace: PathBuf,
    pub as_person: Option<String>,
}

impl Ctx {
    pub fn open(&self) -> Result<Store> {
        Ok(Store::open(&self.workspace, Box::new(SystemClock))?)
    }

    /// Open for a change: make sure the change has an author.
    pub fn open_for_change(&self) -> Result<Store> {
        let mut store = self.open()?;
        self.act(&mut store)?;
        Ok(store)
    }

    /// Who this run is: `--as`, `STEERCO_USER`, the installation's identity
    /// (the data folder the app shares), the login name.
    pub fn identity(&self) -> Identity {
        Identity::resolve(self.as_person.as_deref(), || {
            AppSettings::load(&data_dir()).my_name
        })
        .unwrap_or_else(|| Identity {
            name: "Steerco user".into(),
            source: IdentitySource::Login,
        })
    }

    /// Credit this run's changes to [`Ctx::identity`]. A workspace that
    /// remembers another person for this installation keeps remembering it
    /// (the app asks which to be); this run still acts as the identity.
    pub fn act(&self, store: &mut Store) -> Result {
        let identity = self.identity();
        if store.act_as(&identity)?.is_some() {
            store.act_once_as(&identity.name)?;
        }
        Ok(())
    }
}

/// The workspace file: --workspace, else $STEERCO_WORKSPACE, else the default
/// file in the platform's data folder (the same one the desktop app uses).
fn workspace_path(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os("STEERCO_WORKSPACE").map(PathBuf::from))
        .unwrap_or_else(default_workspace)
}

pub fn default_workspace() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Steerco")
        .join("workspace.steerco")
}

pub fn parse_date(s: &str) -> Result<chrono::NaiveDate> {
    Ok(steerco_store::dates::parse_date(s)?)
}

pub fn parse<T: std::str::FromStr>(s: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>().map_err(|e| CliError::Input(e.to_string()))
}

pub fn run(cli: Cli) -> Result {
    let ctx = Ctx {
        workspace: workspace_path(cli.workspace),
        as_person: cli.as_person,
    };
    match cli.command {
        Command::Init(args) => workspace::init(&ctx, args),
        Command::Workspace { verb } => workspace::workspace(&ctx, verb),
        Command::Person { verb } => workspace::person(&ctx, verb),
        Command::FocusArea { verb } => focus_area::run(&ctx, verb),
        Command::Initiative { verb } => initiative::run(&ctx, verb),
        Command::Milestone { verb } => milestone::run(&ctx, verb),
        Command::Committee { verb } => committee::committee(&ctx, verb),
        Command::Member { verb } => committee::member(&ctx, verb),
        Command::Meeting { verb } => meeting::meeting(&ctx, verb),
        Command::Agenda { verb } => meeting::agenda(&ctx, verb),
        Command::Outcome { verb } => meeting::outcome(&ctx, verb),
        Command::Attachment { verb } => attachment::run(&ctx, verb),
        Command::Decision { verb } => meeting::decision(&ctx, verb),
        Command::Interest { verb } => vote::interest(&ctx, verb),
        Command::Vote { verb } => vote::vote(&ctx, verb),
        Command::Topic { verb } => committee::topic(&ctx, verb),
        Command::Risk { verb } => risk::risk(&ctx, verb),
        Command::Report { what } => report::report(&ctx, what),
        Command::Dashboard { json, as_of } => risk::dashboard(&ctx, json, as_of.as_deref()),
        Command::Task { verb } => task::run(&ctx, verb),
        Command::Search { text, json, limit } => meeting::search(&ctx, &text, json, limit),
        Command::Sync { verb } => sync::sync(&ctx, verb),
        Command::Conflict { verb } => sync::conflict(&ctx, verb),
        Command::Export { what } => workspace::export(&ctx, what),
        Command::Import { what } => workspace::import(&ctx, what),
    }
}
