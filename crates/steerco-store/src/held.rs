//! Statements a batch keeps prepared while it runs (#21): the write path
//! runs a few statements per row change, each of a shape (table, operation,
//! fields) that repeats. rusqlite's statement cache finds a statement by its
//! text, hashing the whole text twice per use (taking it out and putting it
//! back); here a statement is found by its shape, a few numbers, and stays
//! out of the cache until the batch ends, when each goes back to it.

use foldhash::{HashMap, HashMapExt};
use rusqlite::{CachedStatement, Connection};

use crate::error::Result;
use crate::row_cache::RowCache;

/// Statements by shape, for one transaction (they borrow its connection).
pub(crate) struct Held<'c> {
    conn: &'c Connection,
    stmts: HashMap<Vec<usize>, CachedStatement<'c>>,
    /// The key being looked up (a buffer reused from one to the next).
    key: Vec<usize>,
    /// Rows a merge has read or written in this transaction.
    pub(crate) rows: RowCache,
}

impl<'c> Held<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Held {
            conn,
            stmts: HashMap::new(),
            key: Vec::new(),
            rows: RowCache::default(),
        }
    }

    /// The connection the statements are of.
    pub(crate) fn conn(&self) -> &'c Connection {
        self.conn
    }

    /// The statement of the shape `key` writes: the first time, prepared
    /// from the text `sql` writes. One key must always mean one text.
    pub(crate) fn get(
        &mut self,
        key: impl FnOnce(&mut Vec<usize>),
        sql: impl FnOnce(&mut String),
    ) -> Result<&mut CachedStatement<'c>> {
        self.key.clear();
        key(&mut self.key);
        if !self.stmts.contains_key(&self.key) {
            let mut text = String::with_capacity(256);
            sql(&mut text);
            let stmt = self.conn.prepare_cached(&text)?;
            self.stmts.insert(self.key.clone(), stmt);
        }
        Ok(self.stmts.get_mut(&self.key).expect("held above"))
    }
}

/// What a held statement does: the first number of its key, so statements
/// of two kinds never share one.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    LogAppend,
    InsertRow,
    ReadRow,
    SetFields,
    RowExists,
    ReadCurrent,
}

/// A static name (a table's or a field's) as part of a key: its address and
/// length (the registry's names are `'static`; two copies of one name only
/// cost a second statement).
pub(crate) fn name_key(key: &mut Vec<usize>, name: &'static str) {
    key.push(name.as_ptr() as usize);
    key.push(name.len());
}
