//! Typed domain operations: each checks its input, builds row changes and
//! hands them to the one write path. Lookups by code, name or id prefix live
//! here too, so the CLI and the app resolve arguments the same way.

pub mod attachment;
pub mod attendance;
pub mod backlog;
pub mod committee;
pub mod file_kind;
pub mod focus_area;
pub mod highlight;
pub mod initiative;
pub mod interest;
pub mod meeting;
pub mod milestone;
pub mod minutes;
pub mod person;
pub mod published;
pub mod restore;
pub mod risk;
pub mod status;
pub mod task;
pub mod vote;
pub mod workspace;

use crate::error::{Result, StoreError};
use crate::refusal::Entity;

impl crate::Store {
    /// The row of `table` matching `filter` (SQL over its columns) whose id
    /// is `key`, or starts with it (6+ characters): a range on the primary
    /// key's index, so the lookup reads the few rows it names, never the
    /// whole table. For rows addressed by id only.
    pub(crate) fn find_by_id(
        &self,
        table: &str,
        filter: &str,
        kind: Entity,
        key: &str,
    ) -> Result<String> {
        let key = key.trim();
        // Past every character an id can hold: the prefix range's end.
        let end = format!("{key}\u{10ffff}");
        let ids: Vec<String> = self
            .conn()
            .prepare_cached(&format!(
                "SELECT id FROM {table} WHERE ({filter})
                   AND (id = ?1 OR (length(?1) >= 6 AND id >= ?1 AND id < ?2))"
            ))?
            .query_map([key, end.as_str()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        resolve(kind, key, ids.iter().map(|id| (id.as_str(), id.as_str())))
    }
}

/// Resolve `key` against (id, label) candidates: an exact label or id wins;
/// else a unique id prefix of at least 6 characters.
pub(crate) fn resolve<'a>(
    kind: Entity,
    key: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> Result<String> {
    let key = key.trim();
    let exact: Vec<_> = candidates
        .clone()
        .filter(|(id, label)| *id == key || *label == key)
        .collect();
    let hits = if !exact.is_empty() {
        exact
    } else if key.len() >= 6 {
        candidates.filter(|(id, _)| id.starts_with(key)).collect()
    } else {
        Vec::new()
    };
    match hits.as_slice() {
        [(id, _)] => Ok((*id).to_string()),
        [] => Err(StoreError::NotFound {
            kind,
            key: key.to_string(),
        }),
        many => Err(StoreError::Ambiguous {
            what: kind,
            key: key.to_string(),
            candidates: many
                .iter()
                .map(|(id, label)| format!("{label} ({id})"))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}
