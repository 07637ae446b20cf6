//! The desktop app without its window. Nothing here depends on Tauri:
//!
//! - `commands.rs` **the one list of the app's commands**: for each its name
//!   (the CLI's noun and verb where the CLI has it), its request (the fields
//!   the UI sends) and its response. From that list come the request types,
//!   the shell's Tauri handlers (`for_each_command!` in src-tauri), the
//!   command names and window permissions, and the typed TypeScript client
//!   (`generate.rs`; a test fails when a generated file is stale).
//! - `handlers/` what each `read`, `write` or `session` command does: the rules
//!   (an action needs an owner and a due date, an empty optional text is none,
//!   dates are parsed) live here once, for the app and the CLI alike.
//! - `session.rs`, `settings.rs`: what the app holds and its settings file;
//!   `secrets.rs` the passphrase and tokens (keyring, else memory); `live.rs`
//!   the background sync with a server (the shell only turns its statuses
//!   into events); [`AppCore`] holds the three.
//! - `preset.rs` what an administrator presets for the computer's users
//!   (the sync server to join from), read from a fixed system path.
//! - `instance.rs` one app per data folder (a later launch hands its
//!   workspace over); `logs.rs` the app's and the CLI's log files;
//!   `help.rs` the Help menu's version, diagnostics and user guide.
//! - `papers.rs` papers on agenda items: the version a request means and
//!   the copy of a document the system's viewer opens (never a file that
//!   could run).
//! - `reminders.rs` my tasks' and meetings' reminders: what is due now and
//!   not yet shown today, and this person's settings (the shell shows them).
//! - `voting.rs` a meeting's votes with who cannot vote on each and why.
//! - `inputs.rs` the structured parts of requests (a risk, an assessment, an
//!   outcome, an agenda item, a task filter).

pub mod bindings;
pub mod commands;
pub mod generate;
pub mod handlers;
pub mod help;
pub mod inputs;
pub mod instance;
pub mod live;
pub mod logs;
pub mod papers;
pub mod preset;
pub mod problem;
pub mod published;
pub mod reminders;
pub mod secrets;
pub mod session;
pub mod settings;
pub mod sheet;
pub mod sync_view;
pub mod types;
pub mod voting;

pub use commands::{requests, Command, Kind, COMMANDS};

/// What the app holds while it runs: the session (settings and the open
/// workspace) under its lock, this run's secrets, the background sync.
pub struct AppCore {
    session: std::sync::Mutex<session::Session>,
    pub secrets: secrets::Secrets,
    pub live: live::Live,
}

impl AppCore {
    pub fn new(session: session::Session) -> AppCore {
        AppCore {
            session: std::sync::Mutex::new(session),
            secrets: secrets::Secrets::default(),
            live: live::Live::default(),
        }
    }

    /// The session, locked (a panic elsewhere does not make it unusable).
    pub fn session(&self) -> std::sync::MutexGuard<'_, session::Session> {
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }
}
