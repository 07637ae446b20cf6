//! Typed domain operations: each checks its input, builds row changes and
//! hands them to the one write path. Lookups by code, name or id prefix live
//! here too, so the CLI and the app resolve arguments the same way.

pub mod attendance;
pub mod backlog;
pub mod committee;
pub mod focus_area;
pub mod highlight;
pub mod initiative;
pub mod meeting;
pub mod milestone;
pub mod minutes;
pub mod person;
pub mod restore;
pub mod risk;
pub mod status;
pub mod task;
pub mod workspace;

use crate::error::{Result, StoreError};
use crate::refusal::Entity;

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
