//! The Help menu's content: the version, where the user guide is, and the
//! diagnostics a user copies into a support request. Diagnostics say what
//! runs where (version, platform, schema, how the open workspace syncs, the
//! recent log lines at info and above), never workspace content: the open
//! workspace's name and path are blanked should a log line hold them.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::logs::{self, Program};
use crate::session::Session;

/// How many log lines the diagnostics carry.
pub const LOG_LINES: usize = 40;

/// What the Help menu shows and copies.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct HelpInfo {
    pub version: String,
    /// The text "Copy diagnostics" puts on the clipboard.
    pub diagnostics: String,
}

/// What the diagnostics report holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostics {
    pub version: String,
    pub platform: String,
    /// The newest schema this version knows, and the open workspace's.
    pub schema: i64,
    pub workspace_schema: Option<i64>,
    /// `folder`, `server`, `none`, or `no workspace open`.
    pub sync: String,
    pub log_dir: Option<PathBuf>,
    pub log_lines: Vec<String>,
    /// Texts never to show (the open workspace's name, file name and path),
    /// longest first.
    hidden: Vec<String>,
}

impl Diagnostics {
    /// Gather them for `session`, with the app's log lines from `log_dir`.
    pub fn collect(session: &Session, log_dir: Option<&Path>) -> Diagnostics {
        let store = session.store().ok();
        let mut hidden = Vec::new();
        if let Some(store) = store {
            if let Ok(info) = store.workspace() {
                hidden.push(info.name);
            }
            hidden.push(store.path().display().to_string());
            if let Some(file) = store.path().file_name() {
                hidden.push(file.to_string_lossy().into_owned());
            }
        }
        // Longest first, so a path is blanked whole before its file name.
        hidden.retain(|h| h.trim().len() > 2);
        hidden.sort_by_key(|h| std::cmp::Reverse(h.len()));
        let sync = match store {
            None => "no workspace open".to_string(),
            Some(store) => match steerco_sync::via::used(store) {
                Ok(Some(via)) => via.name().to_string(),
                Ok(None) => "none".to_string(),
                Err(e) => format!("unknown ({})", e.code()),
            },
        };
        Diagnostics {
            version: env!("CARGO_PKG_VERSION").to_string(),
            platform: platform(),
            schema: steerco_store::migrate::latest_version(),
            workspace_schema: store.and_then(|s| s.schema_version().ok()),
            sync,
            log_dir: log_dir.map(Path::to_path_buf),
            log_lines: log_dir
                .map(|d| logs::recent_lines(d, Program::App, LOG_LINES))
                .unwrap_or_default(),
            hidden,
        }
    }

    /// The report as copied (English: it goes to whoever supports the app).
    pub fn text(&self) -> String {
        let mut out = format!("Steerco {}\n", self.version);
        out += &format!("Platform: {}\n", self.platform);
        out += &format!("Schema: {} (this version)", self.schema);
        match self.workspace_schema {
            Some(v) => out += &format!(", {v} (open workspace)\n"),
            None => out += "\n",
        }
        out += &format!("Sync: {}\n", self.sync);
        match &self.log_dir {
            Some(d) => out += &format!("Log folder: {}\n", d.display()),
            None => out += "Log folder: none\n",
        }
        out += &format!("Recent log lines ({}):\n", self.log_lines.len());
        for line in &self.log_lines {
            out += &self.blank(line);
            out.push('\n');
        }
        out
    }

    fn blank(&self, line: &str) -> String {
        self.hidden.iter().fold(line.to_string(), |l, h| {
            l.replace(h.as_str(), "<workspace>")
        })
    }
}

/// The operating system, the processor, and on Linux the distribution.
fn platform() -> String {
    let os = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
    let release = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        });
    match release {
        Some(r) => format!("{os} ({r})"),
        None => os,
    }
}

/// The Help menu's version and diagnostics.
pub fn info(session: &Session) -> HelpInfo {
    HelpInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        diagnostics: Diagnostics::collect(session, logs::log_dir().as_deref()).text(),
    }
}

/// Where the user guide in `lang` ("da" or "en") may be: installed with the
/// app among its resources (`guide/<lang>.md`), and in a development build
/// also in this source tree's `docs/guide`.
pub fn guide_candidates(resource_dir: Option<&Path>, lang: &str) -> Vec<PathBuf> {
    let file = format!("{}.md", if lang == "en" { "en" } else { "da" });
    let installed = resource_dir.map(|d| d.join("guide").join(&file));
    // Not in a release build: this path is the build machine's.
    #[cfg(debug_assertions)]
    let source = Some(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs/guide")
            .join(&file),
    );
    #[cfg(not(debug_assertions))]
    let source = None;
    installed.into_iter().chain(source).collect()
}

/// The first of [`guide_candidates`] that exists.
pub fn guide_path(resource_dir: Option<&Path>, lang: &str) -> Option<PathBuf> {
    guide_candidates(resource_dir, lang)
        .into_iter()
        .find(|p| p.is_file())
}
