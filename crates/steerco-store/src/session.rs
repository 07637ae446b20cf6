//! What the desktop app holds: its settings and the open workspace. Every app
//! command is a call on a `Session`, so the window shell stays a thin layer.

use std::path::{Path, PathBuf};

use serde::Serialize;
use steerco_domain::Clock;

use crate::error::{Result, StoreError};
use crate::ops::workspace::WorkspaceInfo;
use crate::settings::AppSettings;
use crate::{NewWorkspace, Store};

/// An error as the UI gets it: a stable code and a sentence to show.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

/// What the app shows around every view.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppState {
    /// "da" or "en".
    pub language: String,
    /// Who I am, once chosen; the app asks first when this is None.
    pub my_name: Option<String>,
    pub workspace: Option<OpenWorkspace>,
    #[ts(type = "string[]")]
    pub recent: Vec<PathBuf>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OpenWorkspace {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub info: WorkspaceInfo,
}

pub struct Session {
    data_dir: PathBuf,
    settings: AppSettings,
    store: Option<Store>,
    make_clock: fn() -> Box<dyn Clock>,
}

impl Session {
    /// Load settings from `data_dir`. With `workspace` (the command line or
    /// STEERCO_WORKSPACE) that file opens, else the last one, if it still opens.
    pub fn start(
        data_dir: &Path,
        workspace: Option<&Path>,
        my_name: Option<&str>,
        make_clock: fn() -> Box<dyn Clock>,
    ) -> Session {
        let mut settings = AppSettings::load(data_dir);
        if settings.my_name.is_none() {
            settings.my_name = my_name
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string);
        }
        let mut session = Session {
            data_dir: data_dir.to_path_buf(),
            settings,
            store: None,
            make_clock,
        };
        let wanted = workspace
            .map(Path::to_path_buf)
            .or_else(|| session.settings.last_workspace.clone());
        if let Some(path) = wanted {
            // A workspace that no longer opens leaves the app on its start page.
            let _ = session.open(&path);
        }
        session
    }

    pub fn state(&self) -> Result<AppState> {
        Ok(AppState {
            language: self
                .settings
                .language
                .clone()
                .unwrap_or_else(|| "da".into()),
            my_name: self.settings.my_name.clone(),
            workspace: match &self.store {
                Some(s) => Some(OpenWorkspace {
                    path: s.path().to_path_buf(),
                    info: s.workspace()?,
                }),
                None => None,
            },
            recent: self.settings.recent.clone(),
        })
    }

    pub fn set_language(&mut self, lang: &str) -> Result<()> {
        if lang != "da" && lang != "en" {
            return Err(StoreError::invalid(format!(
                "{lang:?} is not a language; use da or en"
            )));
        }
        self.settings.language = Some(lang.to_string());
        self.settings.save(&self.data_dir)
    }

    /// Choose who I am; the open workspace records it as the author from now on.
    pub fn set_my_name(&mut self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("a name is needed"));
        }
        if let Some(store) = &mut self.store {
            store.set_me(name)?;
        }
        self.settings.my_name = Some(name.to_string());
        self.settings.save(&self.data_dir)
    }

    fn adopt(&mut self, mut store: Store) -> Result<()> {
        if let Some(name) = &self.settings.my_name {
            store.ensure_me(name)?;
        }
        self.settings.opened(store.path());
        self.settings.save(&self.data_dir)?;
        self.store = Some(store);
        Ok(())
    }

    pub fn open(&mut self, path: &Path) -> Result<()> {
        let store = Store::open(path, (self.make_clock)())?;
        self.adopt(store)
    }

    /// Create an empty workspace at `path` and open it.
    pub fn create(&mut self, path: &Path, name: &str) -> Result<()> {
        let settings = NewWorkspace {
            name: name.trim().to_string(),
            ..Default::default()
        };
        let store = Store::create(path, settings, (self.make_clock)())?;
        self.adopt(store)
    }

    /// Open the demo workspace in the app's data folder, creating it the first time.
    pub fn open_demo(&mut self) -> Result<()> {
        let path = self.data_dir.join("demo.steerco");
        if path.exists() {
            return self.open(&path);
        }
        let mut store = Store::create(&path, NewWorkspace::default(), (self.make_clock)())?;
        if let Some(name) = &self.settings.my_name {
            store.ensure_me(name)?;
        }
        if let Err(e) = store.load_demo() {
            drop(store);
            crate::remove_db_files(&path);
            return Err(e);
        }
        self.adopt(store)
    }

    pub fn store(&self) -> Result<&Store> {
        self.store.as_ref().ok_or(StoreError::NoWorkspaceOpen)
    }

    /// The open workspace, ready for a change (it needs to know who I am).
    pub fn store_mut(&mut self) -> Result<&mut Store> {
        let name = self.settings.my_name.clone();
        let store = self.store.as_mut().ok_or(StoreError::NoWorkspaceOpen)?;
        match name {
            Some(n) => store.ensure_me(&n)?,
            None => return Err(StoreError::invalid("choose who you are first")),
        }
        Ok(store)
    }

    /// Where a workspace joined from a shared folder is kept locally (never in
    /// the shared folder itself).
    pub fn join_path(&self, workspace_id: &str) -> PathBuf {
        let short: String = workspace_id.chars().take(8).collect();
        self.data_dir.join(format!("workspace-{short}.steerco"))
    }

    /// Adopt a workspace created elsewhere (a join) as the open one.
    pub fn adopt_store(&mut self, store: Store) -> Result<()> {
        self.adopt(store)
    }

    pub fn clock(&self) -> Box<dyn Clock> {
        (self.make_clock)()
    }

    pub fn workspace_path(&self) -> Option<&Path> {
        self.store.as_ref().map(|s| s.path())
    }
}
