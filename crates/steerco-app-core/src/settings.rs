//! The app's local settings (not workspace data): the language, who I am, the
//! last and recent workspaces. One small JSON file in the app's data folder,
//! written through a temporary file and a rename.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use steerco_store::Result;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AppSettings {
    /// "da" or "en".
    pub language: Option<String>,
    /// The name this person goes by, chosen at first start.
    pub my_name: Option<String>,
    pub last_workspace: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
}

pub const FILE: &str = "settings.json";

/// The app's identifier (`identifier` in src-tauri/tauri.conf.json, checked
/// by a test): its data folder's name on every platform.
pub const APP_ID: &str = "dk.steerco.app";

/// The data folder of this operating-system user's installation, shared by
/// the app and the CLI (settings, the installation's identity, the demo):
/// `$STEERCO_DATA_DIR`, else the platform's data folder + [`APP_ID`] (where
/// Tauri puts the app's data).
pub fn data_dir() -> PathBuf {
    match std::env::var_os("STEERCO_DATA_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(APP_ID),
    }
}

impl AppSettings {
    /// Load from `dir`; a missing or unreadable file gives the defaults (a
    /// broken settings file must not keep the app from starting).
    pub fn load(dir: &Path) -> AppSettings {
        std::fs::read_to_string(dir.join(FILE))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!("{FILE}.part"));
        std::fs::write(&tmp, serde_json::to_vec_pretty(self)?)?;
        std::fs::rename(&tmp, dir.join(FILE))?;
        Ok(())
    }

    /// Remember a workspace as the last one opened, at the top of the recent list.
    pub fn opened(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(8);
        self.last_workspace = Some(path.to_path_buf());
    }
}
