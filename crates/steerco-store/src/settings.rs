//! The app's local settings (not workspace data): the language, who I am, the
//! last and recent workspaces. One small JSON file in the app's data folder,
//! written through a temporary file and a rename.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Result;

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
