//! Long texts (`FieldKind::LongText`): concurrent edits merge three-way by
//! line against the version they started from (`crate::text_merge`); the
//! result depends only on the versions no edit replaced (the "leaves").

use rusqlite::Transaction;
use serde_json::Value as Json;
use steerco_domain::Hlc;

use crate::changelog::{self, Words};
use crate::error::Result;
use crate::text_merge;

/// The versions of a field that no logged change replaced (plus `incoming`,
/// not logged yet): (stamp, value, stamp it replaced), by stamp.
pub(super) fn text_leaves(
    tx: &Transaction<'_>,
    words: &mut Words,
    row_id: &str,
    field: &str,
    incoming: (&String, &Json, Option<&str>),
) -> Result<Vec<(String, Json, Option<String>)>> {
    let mut versions: Vec<(String, Json, Option<String>)> = Vec::new();
    let mut replaced: std::collections::BTreeSet<String> = Default::default();
    // A cheap text test first: only changes whose fields name this one are read.
    let logged = match words.find(tx, field)? {
        Some(n) => {
            let key = format!("\"{n}\":");
            let mut named = Vec::new();
            for raw in changelog::row_raw(tx, &mut changelog::Blocks::default(), row_id)? {
                if raw.fields.contains(&key) {
                    named.push(changelog::name(tx, words, raw)?.1);
                }
            }
            named
        }
        None => Vec::new(),
    };
    for change in logged {
        if let Some(v) = change.fields.get(field) {
            let p = change
                .prev
                .as_ref()
                .and_then(|p| p.get(field))
                .and_then(Json::as_str)
                .map(str::to_string);
            // A merged text's stamp lists every version it holds.
            for stamp in p.iter().flat_map(|p| p.split(',')) {
                replaced.insert(stamp.to_string());
            }
            versions.push((change.hlc, v.clone(), p));
        }
    }
    for stamp in incoming.2.iter().flat_map(|p| p.split(',')) {
        replaced.insert(stamp.to_string());
    }
    versions.push((
        incoming.0.clone(),
        incoming.1.clone(),
        incoming.2.map(str::to_string),
    ));
    let mut leaves: Vec<_> = versions
        .into_iter()
        .filter(|(h, _, _)| !replaced.contains(h))
        .collect();
    leaves.sort_by(|a, b| a.0.cmp(&b.0));
    leaves.dedup_by(|a, b| a.0 == b.0);
    Ok(leaves)
}

/// (text, stamp of the result, losing versions as (stamp, value)).
type ResolvedText = (String, String, Vec<(String, Json)>);

/// Merge the leaves line by line against the version the oldest of them
/// started from; when two overlap, the newest leaf wins and the others are
/// returned as losers. Returns (text, stamp of the result, losers). A merged
/// text's stamp lists the stamps of all the versions it holds, newest first,
/// so an edit made on top of it replaces them all.
pub(super) fn resolve_text(
    tx: &Transaction<'_>,
    words: &mut Words,
    row_id: &str,
    field: &str,
    leaves: &[(String, Json, Option<String>)],
) -> Result<ResolvedText> {
    let newest = leaves.last().map(|l| l.0.clone()).unwrap_or_default();
    let base = match leaves.first().and_then(|l| l.2.as_deref()) {
        Some(stamp) => {
            let first = stamp.split(',').next().unwrap_or_default();
            logged_value(tx, words, row_id, first, field)?.unwrap_or_default()
        }
        None => String::new(),
    };
    let texts: Vec<&str> = leaves
        .iter()
        .map(|l| l.1.as_str().unwrap_or_default())
        .collect();
    // Merge only versions edited from the same base: against any other base
    // a line one version never saw would look deleted by it. Otherwise the
    // newest wins and the others are kept as conflicts (nothing is lost).
    let same_base = leaves.iter().all(|l| l.2 == leaves[0].2);
    if let Some(merged) = text_merge::merge(&base, &texts).filter(|_| same_base) {
        let all: Vec<&str> = leaves.iter().rev().map(|l| l.0.as_str()).collect();
        return Ok((merged, all.join(","), Vec::new()));
    }
    let winner = leaves
        .last()
        .and_then(|l| l.1.as_str())
        .unwrap_or_default()
        .to_string();
    let losers = leaves[..leaves.len() - 1]
        .iter()
        .map(|l| (l.0.clone(), l.1.clone()))
        .collect();
    Ok((winner, newest, losers))
}

/// The value a logged change (by its stamp) gave a field of a row; the row's
/// insert counts too. None when that change did not set the field.
fn logged_value(
    tx: &Transaction<'_>,
    words: &mut Words,
    row_id: &str,
    hlc: &str,
    field: &str,
) -> Result<Option<String>> {
    let Ok(stamp) = Hlc::parse(hlc) else {
        return Ok(None);
    };
    let Some(replica) = words.find(tx, &stamp.replica.to_string())? else {
        return Ok(None);
    };
    let at = changelog::stamp_number(stamp)?;
    for raw in changelog::row_raw(tx, &mut changelog::Blocks::default(), row_id)? {
        if raw.at == at && raw.replica == replica {
            let (_, c) = changelog::name(tx, words, raw)?;
            if let Some(v) = c.fields.get(field).and_then(Json::as_str) {
                return Ok(Some(v.to_string()));
            }
        }
    }
    Ok(None)
}
