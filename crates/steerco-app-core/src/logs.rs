//! The app's and the CLI's log files, set up once here for both: the
//! platform's log folder ([`log_dir`]), one file a day per program, the last
//! [`KEEP`] of each kept (tracing-appender). What is logged at info and above
//! carries versions, ids, counts, durations and error codes, never workspace
//! content (names, titles, texts); a path only at debug. `STEERCO_LOG`
//! (`error`, `warn`, `info`, `debug`, `trace`) sets the level, info by default.

use std::io;
use std::path::{Path, PathBuf};

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;

/// Days of logs kept per program.
pub const KEEP: usize = 14;

/// Which program writes: each has its own files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Program {
    App,
    Cli,
}

impl Program {
    /// The start of its files' names (`steerco-app.2026-03-01.log`).
    pub fn prefix(self) -> &'static str {
        match self {
            Program::App => "steerco-app",
            Program::Cli => "steerco-cli",
        }
    }
}

/// The platform's folder for this user's logs: on Linux
/// `$XDG_STATE_HOME/steerco` (`~/.local/state/steerco`), on Windows
/// `%LOCALAPPDATA%\Steerco\logs`, on macOS `~/Library/Logs/Steerco`.
pub fn log_dir() -> Option<PathBuf> {
    if cfg!(windows) {
        dirs::data_local_dir().map(|d| d.join("Steerco").join("logs"))
    } else if cfg!(target_os = "macos") {
        dirs::home_dir().map(|h| h.join("Library").join("Logs").join("Steerco"))
    } else {
        dirs::state_dir().map(|d| d.join("steerco"))
    }
}

/// A daily file in `dir` for `program`, keeping [`KEEP`] days.
pub fn appender(dir: &Path, program: Program) -> io::Result<RollingFileAppender> {
    std::fs::create_dir_all(dir)?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(program.prefix())
        .filename_suffix("log")
        .max_log_files(KEEP)
        .build(dir)
        .map_err(io::Error::other)
}

/// Steerco's own events at `level`; other crates' warnings and errors only.
fn filter(level: LevelFilter) -> Targets {
    Targets::new()
        .with_target("steerco", level)
        .with_default(LevelFilter::WARN)
}

/// The level `STEERCO_LOG` asks for, info when unset or not a level.
fn level() -> LevelFilter {
    std::env::var("STEERCO_LOG")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(LevelFilter::INFO)
}

/// The subscriber that writes plain lines (time, level, target, message,
/// fields) to `writer`.
pub fn subscriber<W>(writer: W, level: LevelFilter) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::registry().with(filter(level)).with(
        tracing_subscriber::fmt::layer()
            .with_writer(writer)
            .with_ansi(false),
    )
}

/// Log to `program`'s file in [`log_dir`] for the rest of the process, then
/// log the start. The folder used, or why there is none (the program runs
/// on without a log).
pub fn init(program: Program) -> io::Result<PathBuf> {
    let dir = log_dir().ok_or_else(|| io::Error::other("no log folder on this platform"))?;
    let writer = appender(&dir, program)?;
    tracing::subscriber::set_global_default(subscriber(writer, level()))
        .map_err(io::Error::other)?;
    start(program);
    Ok(dir)
}

/// The line every run starts with: what is running.
pub fn start(program: Program) {
    tracing::info!(
        program = program.prefix(),
        version = env!("CARGO_PKG_VERSION"),
        schema = steerco_store::migrate::latest_version(),
        os = std::env::consts::OS,
        "start"
    );
}

/// An error a command returned to the UI: its code (the message may quote
/// workspace content, so it goes to debug).
pub fn ui_error(command: &str, e: &crate::problem::ApiError) {
    tracing::warn!(command, code = %e.code(), "command failed");
    tracing::debug!(command, message = %e.message, "command failed");
}

/// The last `n` lines at info and above of `program`'s newest log file in
/// `dir` (debug lines may hold paths: never in a diagnostics report).
pub fn recent_lines(dir: &Path, program: Program, n: usize) -> Vec<String> {
    let prefix = format!("{}.", program.prefix());
    let newest = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.starts_with(&prefix) && name.ends_with(".log"))
        .max();
    let Some(text) = newest.and_then(|name| std::fs::read_to_string(dir.join(name)).ok()) else {
        return Vec::new();
    };
    let lines: Vec<String> = text
        .lines()
        .filter(|l| matches!(l.split_whitespace().nth(1), Some("INFO" | "WARN" | "ERROR")))
        .map(str::to_string)
        .collect();
    lines[lines.len().saturating_sub(n)..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_go_to_a_dated_file_per_program_and_only_info_and_above_are_recent() {
        let dir = tempfile::tempdir().unwrap();
        let sub = subscriber(appender(dir.path(), Program::App).unwrap(), LevelFilter::DEBUG);
        tracing::subscriber::with_default(sub, || {
            start(Program::App);
            tracing::debug!(path = "/home/a/Budget.steerco", "workspace path");
            tracing::info!(target: "steerco_sync", kind = "folder", received = 3, "sync");
            tracing::info!(target: "other_crate", "not ours, below warn");
        });
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].starts_with("steerco-app.") && names[0].ends_with(".log"));
        let all = std::fs::read_to_string(dir.path().join(&names[0])).unwrap();
        assert!(all.contains("Budget.steerco"), "debug was asked for: {all}");
        assert!(!all.contains("not ours"), "{all}");

        let recent = recent_lines(dir.path(), Program::App, 10);
        assert_eq!(recent.len(), 2, "{recent:?}");
        assert!(recent[0].contains(" INFO ") && recent[0].contains("start"));
        assert!(recent[0].contains(&format!("version=\"{}\"", env!("CARGO_PKG_VERSION"))));
        assert!(recent[1].contains("received=3"));
        assert!(recent_lines(dir.path(), Program::Cli, 10).is_empty());
        assert_eq!(recent_lines(dir.path(), Program::App, 1), recent[1..].to_vec());
    }

    #[test]
    fn the_level_filter_keeps_other_crates_to_warnings() {
        let f = filter(LevelFilter::INFO);
        assert!(f.would_enable("steerco_app_core::session", &tracing::Level::INFO));
        assert!(f.would_enable("steerco", &tracing::Level::INFO));
        assert!(!f.would_enable("steerco_sync", &tracing::Level::DEBUG));
        assert!(!f.would_enable("zbus", &tracing::Level::INFO));
        assert!(f.would_enable("zbus", &tracing::Level::WARN));
    }
}
