//! The log's dictionary (`change_word`): replica ids, author ids, table and
//! field names, each stored once and named in the log by its number.

use foldhash::HashMap;

use rusqlite::{Connection, OptionalExtension};
use steerco_domain::ReplicaId;

use crate::error::{Entity, Result, StoreError};

/// The words a batch or a merge has looked up, both ways. It lives no longer
/// than one transaction: a number it learned from a word this transaction
/// added would be wrong after a rollback.
#[derive(Default)]
pub(crate) struct Words {
    numbers: HashMap<String, i64>,
    words: HashMap<i64, String>,
    /// Replica ids' numbers by the id itself: every logged change names
    /// one, and its text need not be made to find it.
    replicas: HashMap<u64, i64>,
}

impl Words {
    /// The number of a replica's id, added to the dictionary when new.
    pub(crate) fn replica(&mut self, conn: &Connection, id: ReplicaId) -> Result<i64> {
        if let Some(&n) = self.replicas.get(&id.0) {
            return Ok(n);
        }
        let n = self.number(conn, &id.to_string())?;
        self.replicas.insert(id.0, n);
        Ok(n)
    }

    /// The number of a replica's id, if the dictionary has it.
    pub(crate) fn find_replica(&mut self, conn: &Connection, id: ReplicaId) -> Result<Option<i64>> {
        if let Some(&n) = self.replicas.get(&id.0) {
            return Ok(Some(n));
        }
        let n = self.find(conn, &id.to_string())?;
        if let Some(n) = n {
            self.replicas.insert(id.0, n);
        }
        Ok(n)
    }

    /// The number of `word`, added to the dictionary when new.
    pub(crate) fn number(&mut self, conn: &Connection, word: &str) -> Result<i64> {
        if let Some(n) = self.find(conn, word)? {
            return Ok(n);
        }
        conn.prepare_cached("INSERT INTO change_word (word) VALUES (?1)")?
            .execute([word])?;
        let n = conn.last_insert_rowid();
        self.learn(n, word);
        Ok(n)
    }

    /// The number of `word`, if the dictionary has it.
    pub(crate) fn find(&mut self, conn: &Connection, word: &str) -> Result<Option<i64>> {
        if let Some(&n) = self.numbers.get(word) {
            return Ok(Some(n));
        }
        let n: Option<i64> = conn
            .prepare_cached("SELECT n FROM change_word WHERE word = ?1")?
            .query_row([word], |r| r.get(0))
            .optional()?;
        if let Some(n) = n {
            self.learn(n, word);
        }
        Ok(n)
    }

    /// The word numbered `n`: every number the log holds has one.
    pub(crate) fn word(&mut self, conn: &Connection, n: i64) -> Result<&str> {
        if !self.words.contains_key(&n) {
            let word: String = conn
                .prepare_cached("SELECT word FROM change_word WHERE n = ?1")?
                .query_row([n], |r| r.get(0))
                .optional()?
                // Only a damaged file names a word it lacks.
                .ok_or_else(|| StoreError::NotFound {
                    kind: Entity::Row,
                    key: format!("change_word/{n}"),
                })?;
            self.learn(n, &word);
        }
        Ok(&self.words[&n])
    }

    fn learn(&mut self, n: i64, word: &str) {
        self.numbers.insert(word.to_string(), n);
        self.words.insert(n, word.to_string());
    }
}
