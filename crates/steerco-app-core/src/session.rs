//! What the desktop app holds: its settings and the open workspace. Every app
//! command is a call on a `Session`, so the window shell stays a thin layer.

use std::path::{Path, PathBuf};

use serde::Serialize;
use steerco_domain::Clock;

use crate::settings::AppSettings;
use steerco_store::identity::{Identity, IdentityQuestion, IdentitySource};
use steerco_store::ops::workspace::WorkspaceInfo;
use steerco_store::refusal::{Missing, Refusal, Vocabulary};
use steerco_store::{NewWorkspace, Store};
use steerco_store::{Result, StoreError};

/// An error as the UI gets it (see `problem`).
pub use crate::problem::ApiError;

/// What the app shows around every view.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppState {
    /// "da" or "en".
    pub language: String,
    /// Who I am: the person changes are credited to in the open workspace,
    /// else the identity of this run; the app asks first when this is None.
    pub my_name: Option<String>,
    /// The open workspace remembers another person for this installation:
    /// the app asks which to be, once.
    pub identity_question: Option<IdentityQuestion>,
    pub workspace: Option<OpenWorkspace>,
    #[ts(type = "string[]")]
    pub recent: Vec<PathBuf>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OpenWorkspace {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub info: WorkspaceInfo,
    /// Today in the workspace's time zone, by the app's clock (the test clock
    /// in tests), so the UI's "is this date past?" agrees with the core's.
    pub today: String,
}

pub struct Session {
    data_dir: PathBuf,
    settings: AppSettings,
    /// `STEERCO_USER`: credits this run's changes, never remembered.
    run_as: Option<String>,
    store: Option<Store>,
    /// Asked of the user before the open workspace takes a change.
    question: Option<IdentityQuestion>,
    make_clock: fn() -> Box<dyn Clock>,
    /// The open workspace's old history is still to be compressed: once the
    /// first view shows ([`Session::after_first_view`]), so opening a large
    /// workspace never waits for it.
    compact_pending: bool,
}

impl Session {
    /// Load settings from `data_dir`. With `workspace` (the command line or
    /// STEERCO_WORKSPACE) that file opens, else the last one, if it still opens.
    /// `run_as` (STEERCO_USER) credits this run's changes without becoming the
    /// installation's identity.
    pub fn start(
        data_dir: &Path,
        workspace: Option<&Path>,
        run_as: Option<&str>,
        make_clock: fn() -> Box<dyn Clock>,
    ) -> Session {
        let mut session = Session {
            data_dir: data_dir.to_path_buf(),
            settings: AppSettings::load(data_dir),
            run_as: run_as
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            store: None,
            question: None,
            make_clock,
            compact_pending: false,
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
            // Without an identity the app asks first (whatever a workspace
            // remembers); with one, the person its changes are credited to.
            my_name: match (self.identity(), self.store.as_ref().and_then(|s| s.me())) {
                (None, _) => None,
                (Some(_), Some(id)) if self.question.is_none() => self.store()?.person_name(id)?,
                (Some(identity), _) => Some(identity.name),
            },
            identity_question: self.question.clone(),
            workspace: match &self.store {
                Some(s) => Some(OpenWorkspace {
                    path: s.path().to_path_buf(),
                    info: s.workspace()?,
                    today: s.today()?.to_string(),
                }),
                None => None,
            },
            recent: self.settings.recent.clone(),
        })
    }

    /// "da" or "en" (Danish until chosen).
    pub fn language(&self) -> &str {
        self.settings.language.as_deref().unwrap_or("da")
    }

    pub fn set_language(&mut self, lang: &str) -> Result<()> {
        if lang != "da" && lang != "en" {
            return Err(Refusal::not_one_of(lang, Vocabulary::Language, &["da", "en"]).into());
        }
        self.settings.language = Some(lang.to_string());
        self.settings.save(&self.data_dir)
    }

    /// Choose who I am; the open workspace records it as the author from now on.
    pub fn set_my_name(&mut self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::YourName,
            }
            .into());
        }
        self.settings.my_name = Some(name.to_string());
        self.settings.save(&self.data_dir)?;
        // The open workspace may remember somebody else: then it asks.
        self.question = None;
        if let (Some(identity), Some(store)) = (self.identity(), self.store.as_mut()) {
            self.question = store.act_as(&identity)?;
        }
        Ok(())
    }

    /// Who this run is: STEERCO_USER, else the installation's identity. (The
    /// CLI falls back to the login name; the app asks instead, see Identity.)
    fn identity(&self) -> Option<Identity> {
        match (&self.run_as, &self.settings.my_name) {
            (Some(name), _) => Some(Identity {
                name: name.clone(),
                source: IdentitySource::Env,
            }),
            (None, Some(name)) => Some(Identity {
                name: name.clone(),
                source: IdentitySource::Installation,
            }),
            (None, None) => None,
        }
    }

    /// The answer to the identity question: keep the person the workspace
    /// remembers, or be the installation's identity there from now on.
    pub fn choose_identity(&mut self, keep_recorded: bool) -> Result<()> {
        let Some(question) = self.question.clone() else {
            return Ok(());
        };
        let store = self.store.as_mut().ok_or(StoreError::NoWorkspaceOpen)?;
        store.choose_identity(&question.installation, keep_recorded)?;
        self.question = None;
        Ok(())
    }

    fn adopt(&mut self, mut store: Store) -> Result<()> {
        self.question = match self.identity() {
            Some(identity) => store.act_as(&identity)?,
            None => None,
        };
        self.settings.opened(store.path());
        self.settings.save(&self.data_dir)?;
        // The path names the file, which may say what it is about: debug only.
        // A log line never decides whether the workspace opens.
        let schema = store.schema_version().unwrap_or_default();
        tracing::info!(schema, "workspace opened");
        tracing::debug!(path = %store.path().display(), "workspace path");
        self.store = Some(store);
        Ok(())
    }

    pub fn open(&mut self, path: &Path) -> Result<()> {
        let store = Store::open_uncompacted(path, (self.make_clock)())?;
        self.adopt(store)?;
        self.compact_pending = true;
        Ok(())
    }

    /// The first view of the open workspace is shown: its old history is
    /// compressed now, on a thread and a connection of their own, as much
    /// as the CLI does on opening (a budget of work, and only if no other
    /// process is writing). Once per opening; the handle is for tests.
    pub fn after_first_view(&mut self) -> Option<std::thread::JoinHandle<()>> {
        if !std::mem::take(&mut self.compact_pending) {
            return None;
        }
        let path = self.store.as_ref()?.path().to_path_buf();
        let make_clock = self.make_clock;
        // `Store::open` compresses that budget as it opens.
        Some(std::thread::spawn(move || {
            if let Err(e) = Store::open(&path, make_clock()) {
                tracing::debug!(code = e.code(), "history not compressed");
            }
        }))
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
        if let Some(identity) = self.identity() {
            store.act_as(&identity)?;
        }
        if let Err(e) = store.load_demo() {
            drop(store);
            steerco_store::remove_db_files(&path);
            return Err(e);
        }
        self.adopt(store)
    }

    pub fn store(&self) -> Result<&Store> {
        self.store.as_ref().ok_or(StoreError::NoWorkspaceOpen)
    }

    /// The open workspace, ready for a change (it needs to know who I am,
    /// and the identity question answered).
    pub fn store_mut(&mut self) -> Result<&mut Store> {
        if let Some(q) = &self.question {
            return Err(q.refusal().into());
        }
        let identity = self.identity().ok_or(Refusal::ChooseIdentity)?;
        let store = self.store.as_mut().ok_or(StoreError::NoWorkspaceOpen)?;
        // Again before each change: a sync may have removed the person.
        if let Some(q) = store.act_as(&identity)? {
            let refusal = q.refusal();
            self.question = Some(q);
            return Err(refusal.into());
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
