//! Who is using this installation. The person is workspace data (synced, so
//! others see who changed what); the choice of "me" is local.
//!
//! One identity per operating-system user, the same for the app and the CLI,
//! taken in this order: `--as`, `STEERCO_USER`, the installation's identity
//! (`my_name` in the settings of the data folder, steerco-app-core's settings.rs), the login
//! name. The first two act for one run and are never remembered. A workspace
//! remembers which person this installation is in it (`me`) and for which
//! installation identity that was chosen (`me_for`); when the two disagree the
//! app asks once, and history already recorded is never rewritten.

use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::refusal::{Entity, Missing, Refusal};
use crate::{new_id, LocalKey, RowChange, Store};

/// Where the name changes are credited to came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentitySource {
    /// `--as NAME` on the command line.
    Flag,
    /// `STEERCO_USER`.
    Env,
    /// The installation's identity, chosen in the app or by `person me --set`.
    Installation,
    /// The operating system's login name.
    Login,
}

/// The name this run acts as, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub source: IdentitySource,
}

impl Identity {
    /// `flag` (`--as`), else `STEERCO_USER`, else the installation's identity
    /// (`installation()`: the app's settings hold it, steerco-app-core reads
    /// them), else the login name. None only when all are missing.
    pub fn resolve(
        flag: Option<&str>,
        installation: impl FnOnce() -> Option<String>,
    ) -> Option<Identity> {
        fn clean(name: Option<String>) -> Option<String> {
            name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty())
        }
        fn env(key: &str) -> Option<String> {
            clean(std::env::var(key).ok())
        }
        let pick = |name: Option<String>, source| name.map(|name| Identity { name, source });
        // Each source is looked at only when the stronger ones are missing.
        pick(clean(flag.map(str::to_string)), IdentitySource::Flag)
            .or_else(|| pick(env("STEERCO_USER"), IdentitySource::Env))
            .or_else(|| pick(clean(installation()), IdentitySource::Installation))
            .or_else(|| {
                let login = env("USER").or_else(|| env("USERNAME"));
                pick(login, IdentitySource::Login)
            })
    }

    /// `--as` and `STEERCO_USER` credit one run; they never change which
    /// person a workspace remembers for this installation.
    pub fn for_this_run_only(&self) -> bool {
        matches!(self.source, IdentitySource::Flag | IdentitySource::Env)
    }
}

/// A workspace that remembers another person for this installation than the
/// installation's identity: the app asks which to use, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct IdentityQuestion {
    /// The person the workspace recorded for this installation.
    pub recorded: String,
    /// The installation's identity.
    pub installation: String,
}

impl IdentityQuestion {
    /// Why a change waits: the question is not answered yet.
    pub fn refusal(&self) -> Refusal {
        Refusal::AnswerIdentityQuestion {
            recorded: self.recorded.clone(),
            installation: self.installation.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub sample: bool,
}

const PERSON_COLUMNS: &str = "id, name, email, organisation, sample";

fn person_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        organisation: r.get(3)?,
        sample: r.get(4)?,
    })
}

impl Store {
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {PERSON_COLUMNS} FROM person
             WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id"
        ))?;
        let rows = stmt.query_map([], person_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A live person by id: one indexed read (`act_as` asks before every
    /// change the app makes, so no scan of everyone).
    fn live_person(&self, id: &str) -> Result<Option<Person>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM person WHERE id = ?1 AND deleted = 0"
            ))?
            .query_row([id], person_row)
            .optional()?)
    }

    /// A person by exact name (case-insensitive) or id.
    pub fn find_person(&self, key: &str) -> Result<Person> {
        let key = key.trim();
        let people = self.people()?;
        let hits: Vec<&Person> = people
            .iter()
            .filter(|p| p.id == key || p.name.to_lowercase() == key.to_lowercase())
            .collect();
        match hits.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(StoreError::NotFound {
                kind: Entity::Person,
                key: key.to_string(),
            }),
            many => Err(StoreError::Ambiguous {
                what: Entity::Person,
                key: key.to_string(),
                candidates: many
                    .iter()
                    .map(|p| format!("{} ({})", p.name, &p.id[..8]))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    pub fn add_person(&mut self, name: &str, sample: bool) -> Result<String> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::PersonName,
            }
            .into());
        }
        let id = new_id();
        self.write(vec![RowChange::insert("person", id.clone())
            .set("name", name)
            .set("sample", sample)])?;
        Ok(id)
    }

    /// The person using this installation, if chosen.
    pub fn me(&self) -> Option<&str> {
        self.me.as_deref()
    }

    /// Choose who I am: an existing person by name, or a new one. Stored
    /// locally; every change from now on records this person as its author.
    pub fn set_me(&mut self, name: &str) -> Result<Person> {
        let person = self.person_named(name)?;
        self.remember_me(&person.id, &person.name)?;
        Ok(person)
    }

    /// This installation is `person` in this workspace, chosen for the
    /// installation identity `chosen_for`.
    fn remember_me(&mut self, person: &str, chosen_for: &str) -> Result<()> {
        self.set_local(LocalKey::Me, person)?;
        self.set_local(LocalKey::MeFor, chosen_for)?;
        self.me = Some(person.to_string());
        Ok(())
    }

    /// An existing person by name, or a new one (the author of its own row).
    fn person_named(&mut self, name: &str) -> Result<Person> {
        match self.find_person(name) {
            Ok(p) => Ok(p),
            Err(StoreError::NotFound { .. }) => {
                let id = new_id();
                let before = self.me.replace(id.clone());
                let added = self.write(vec![RowChange::insert("person", id.clone())
                    .set("name", name.trim())
                    .set("sample", false)]);
                if let Err(e) = added {
                    self.me = before;
                    return Err(e);
                }
                self.find_person(&id)
            }
            Err(e) => Err(e),
        }
    }

    /// The person the workspace remembers for this installation, if still there.
    fn recorded_me(&self) -> Result<Option<Person>> {
        let Some(id) = self.local_setting(LocalKey::Me)? else {
            return Ok(None);
        };
        self.live_person(&id)
    }

    /// Credit changes from now on to `identity`. A one-run identity (`--as`,
    /// `STEERCO_USER`) is used as it is and not remembered. Otherwise the
    /// workspace's remembered person is used when it was chosen for this
    /// identity or carries its name; a workspace that remembers nobody
    /// remembers this identity. When it remembers somebody else, nothing
    /// changes and the question comes back: the app asks, the CLI calls
    /// [`Store::act_once_as`] with the identity (the documented order).
    pub fn act_as(&mut self, identity: &Identity) -> Result<Option<IdentityQuestion>> {
        if identity.for_this_run_only() {
            self.act_once_as(&identity.name)?;
            return Ok(None);
        }
        let name = identity.name.trim();
        match self.recorded_me()? {
            None => {
                let person = self.person_named(name)?;
                self.remember_me(&person.id, name)?;
                Ok(None)
            }
            Some(p) => {
                let chosen_for = self.local_setting(LocalKey::MeFor)?;
                let same = p.name.to_lowercase() == name.to_lowercase();
                if same || chosen_for.as_deref() == Some(name) {
                    if chosen_for.as_deref() != Some(name) {
                        self.set_local(LocalKey::MeFor, name)?;
                    }
                    self.me = Some(p.id);
                    Ok(None)
                } else {
                    Ok(Some(IdentityQuestion {
                        recorded: p.name,
                        installation: name.to_string(),
                    }))
                }
            }
        }
    }

    /// Credit this run's changes to the person named `name` (found or added),
    /// without changing whom the workspace remembers.
    pub fn act_once_as(&mut self, name: &str) -> Result<()> {
        // Already acting as that person: nothing to look up (the app asks
        // before each change).
        if let Some(current) = self.me.clone() {
            let same = |p: &Person| p.name.to_lowercase() == name.trim().to_lowercase();
            if self.live_person(&current)?.is_some_and(|p| same(&p)) {
                return Ok(());
            }
        }
        let person = self.person_named(name)?;
        self.me = Some(person.id);
        Ok(())
    }

    /// The answer to an [`IdentityQuestion`]: keep the recorded person, or use
    /// the installation's identity from now on. Remembered for `installation`,
    /// so the question is asked once.
    pub fn choose_identity(&mut self, installation: &str, keep_recorded: bool) -> Result<Person> {
        let person = match (keep_recorded, self.recorded_me()?) {
            (true, Some(p)) => p,
            _ => self.person_named(installation)?,
        };
        self.remember_me(&person.id, installation.trim())?;
        Ok(person)
    }

    pub fn person_name(&self, id: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row("SELECT name FROM person WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }
}
