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
/// How much of the end of a log file the recent lines come from.
const TAIL: u64 = 256 * 1024;

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
    tracing::warn!(command, code = e.code().as_str(), "command failed");
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
    let Some(text) = newest.and_then(|name| tail(&dir.join(name)).ok()) else {
        return Vec::new();
    };
    let lines: Vec<String> = text
        .lines()
        .filter(|l| matches!(l.split_whitespace().nth(1), Some("INFO" | "WARN" | "ERROR")))
        .map(str::to_string)
        .collect();
    lines[lines.len().saturating_sub(n)..].to_vec()
}

/// The end of a file (a day at debug level can be large): its last
/// [`TAIL`] bytes from the first whole line on.
fn tail(path: &Path) -> io::Result<String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let from = file.metadata()?.len().saturating_sub(TAIL);
    file.seek(SeekFrom::Start(from))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(match text.split_once('\n') {
        Some((_, rest)) if from > 0 => rest.to_string(),
        _ => text.into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_go_to_a_dated_file_per_program_and_only_info_and_above_are_recent() {
        let dir = tempfile::tempdir().unwrap();
        let sub = subscriber(
            appender(dir.path(), Program::App).unwrap(),
            LevelFilter::DEBUG,
        );
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
        assert_eq!(
            recent_lines(dir.path(), Program::App, 1),
            recent[1..].to_vec()
        );
    }

    #[test]
    fn an_error_for_the_ui_is_logged_by_its_code_and_its_message_only_at_debug() {
        let dir = tempfile::tempdir().unwrap();
        let e = crate::problem::ApiError::from(steerco_store::StoreError::NoWorkspace(
            "/home/a/Fortrolig fusion.steerco".into(),
        ));
        let sub = subscriber(
            appender(dir.path(), Program::App).unwrap(),
            LevelFilter::INFO,
        );
        tracing::subscriber::with_default(sub, || ui_error("workspace_open", &e));
        let text = recent_lines(dir.path(), Program::App, 10).join("\n");
        assert!(
            text.contains(" WARN ") && text.contains("command=\"workspace_open\""),
            "{text}"
        );
        assert!(text.contains("code=\"no_workspace\""), "{text}");
        assert!(!text.contains("Fortrolig"), "{text}");
    }

    #[test]
    fn recent_lines_come_whole_from_the_end_of_a_large_file() {
        let dir = tempfile::tempdir().unwrap();
        let line = |i: usize| {
            format!(
                "2026-03-01T09:00:00Z  INFO steerco: line {i:06} {}\n",
                "x".repeat(60)
            )
        };
        let text: String = (0..10_000).map(line).collect();
        assert!(text.len() as u64 > 2 * TAIL);
        std::fs::write(dir.path().join("steerco-app.2026-03-01.log"), &text).unwrap();
        std::fs::write(
            dir.path().join("steerco-app.2026-02-28.log"),
            "old INFO x\n",
        )
        .unwrap();
        let recent = recent_lines(dir.path(), Program::App, 3);
        let want: Vec<String> = (9_997..10_000)
            .map(|i| line(i).trim_end().to_string())
            .collect();
        assert_eq!(recent, want);
        let many = recent_lines(dir.path(), Program::App, 100_000);
        assert!(
            many.len() < 10_000 && many[0].starts_with("2026-03-01T"),
            "{:?}",
            &many[0]
        );
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
