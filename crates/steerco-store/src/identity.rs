//! Who is using this installation. The person is workspace data (synced, so
//! others see who changed what); the choice of "me" is local.

use rusqlite::params;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::{new_id, RowChange, Store};

#[derive(Debug, Clone, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub sample: bool,
}

impl Store {
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, email, organisation, sample FROM person
             WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Person {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                organisation: r.get(3)?,
                sample: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
                kind: "person",
                key: key.to_string(),
            }),
            many => Err(StoreError::Ambiguous {
                what: "person",
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
            return Err(StoreError::invalid("a person needs a name"));
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
        let person = match self.find_person(name) {
            Ok(p) => p,
            Err(StoreError::NotFound { .. }) => {
                let id = new_id();
                // The new person is the author of their own creation.
                self.me = Some(id.clone());
                let added = self.write(vec![RowChange::insert("person", id.clone())
                    .set("name", name.trim())
                    .set("sample", false)]);
                if let Err(e) = added {
                    self.me = self.local_setting("me")?;
                    return Err(e);
                }
                self.find_person(&id)?
            }
            Err(e) => return Err(e),
        };
        self.set_local("me", &person.id)?;
        self.me = Some(person.id.clone());
        Ok(person)
    }

    /// Make sure somebody is "me" before a change: the stored choice, else
    /// `fallback_name` (the CLI passes --as, STEERCO_USER or the OS user).
    pub fn ensure_me(&mut self, fallback_name: &str) -> Result<()> {
        if let Some(id) = &self.me {
            let live: i64 = self.conn().query_row(
                "SELECT count(*) FROM person WHERE id = ?1 AND deleted = 0",
                params![id],
                |r| r.get(0),
            )?;
            if live == 1 {
                return Ok(());
            }
        }
        self.set_me(fallback_name).map(|_| ())
    }

    pub fn person_name(&self, id: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row("SELECT name FROM person WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }
}
