//! The change log as a merge reads and extends it, and how far each other
//! replica's changes are applied here (`sync_peer`: the last segment, the
//! cursor a sync reads from, and the newest stamp, only shown).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use rusqlite::{params, OptionalExtension, Transaction};
use steerco_domain::Hlc;

use super::ChangeRecord;
use crate::changelog::{self, Words};
use crate::conflict::LocalWriter;
use crate::error::Result;
use crate::Store;

impl Store {
    /// This replica's own changes logged after `seq`, oldest first, with the seq of each.
    pub fn local_changes_after(&self, seq: i64, limit: usize) -> Result<Vec<(i64, ChangeRecord)>> {
        let mut words = Words::default();
        let Some(me) = words.find(self.conn(), &self.replica().to_string())? else {
            return Ok(Vec::new());
        };
        changelog::after(self.conn(), &mut words, seq, Some(me), limit)
    }

    /// Every logged change, in log order (tests and diagnostics).
    pub fn all_changes(&self) -> Result<Vec<ChangeRecord>> {
        let all = changelog::after(
            self.conn(),
            &mut Words::default(),
            i64::MIN,
            None,
            usize::MAX,
        )?;
        Ok(all.into_iter().map(|(_, c)| c).collect())
    }

    /// The last segment of `replica` applied here (0: none).
    pub fn peer_segment(&self, replica: &str) -> Result<u64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT last_segment FROM sync_peer WHERE replica = ?1")?
            .query_row([replica], |r| r.get::<_, i64>(0))
            .optional()?
            .unwrap_or(0) as u64)
    }

    pub fn set_peer_segment(&self, replica: &str, seq: u64) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO sync_peer (replica, last_hlc, last_segment, applied_at) VALUES (?1, '', ?2, ?3)
                 ON CONFLICT(replica) DO UPDATE SET last_segment = excluded.last_segment",
            )?
            .execute(params![replica, seq as i64, self.now().to_rfc3339()])?;
        Ok(())
    }
}

/// Whether a change (by its stamp) is here already: in the log (found
/// through its row) or waiting in `pending_change`. Never "at or before the
/// newest stamp seen from its replica": one change stamped far ahead (a wrong
/// clock, a hostile member, a stamp naming another replica) would then hide
/// every later change of that replica.
///
/// One merge asks this of every change it receives, many of them to the same
/// rows. A change stamped after everything logged from its replica (the
/// usual case: new changes) is not here, found without reading its row's
/// history; that newest stamp only ever sends a change on to the exact
/// check, never skips one. Otherwise each row's logged stamps are read once
/// (not once per change). What the merge logs and parks itself is kept
/// beside them. Everything else the merge logs is stamped by this replica,
/// and a change stamped by this replica is skipped as its own whether found
/// here or not.
pub(super) struct Known {
    /// Per row, the stamps logged: (time and counter, replica's word).
    logged: HashMap<String, HashSet<(i64, i64)>>,
    /// Per row, the stamps this merge logged (per row: a change that
    /// reuses another row's stamp must not hide that row's change).
    merged: HashMap<String, HashSet<(i64, i64)>>,
    /// Per replica's word, its newest stamp logged before this merge.
    newest: HashMap<i64, Option<i64>>,
    pending: HashSet<String>,
    words: Words,
    blocks: changelog::Blocks,
}

impl Known {
    pub(super) fn new(tx: &Transaction<'_>) -> Result<Known> {
        let pending = tx
            .prepare_cached("SELECT hlc FROM pending_change")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Known {
            logged: HashMap::new(),
            merged: HashMap::new(),
            newest: HashMap::new(),
            pending,
            words: Words::default(),
            blocks: changelog::Blocks::default(),
        })
    }

    /// A stamp as the log holds it; None when it cannot be in the log (a
    /// replica nothing is logged from).
    fn key(&mut self, tx: &Transaction<'_>, stamp: Hlc) -> Result<Option<(i64, i64)>> {
        let Some(replica) = self.words.find_replica(tx, stamp.replica)? else {
            return Ok(None);
        };
        Ok(Some((changelog::stamp_number(stamp)?, replica)))
    }

    /// `stamp` is `rec`'s, parsed (None: not a stamp, so never logged).
    pub(super) fn already_applied(
        &mut self,
        tx: &Transaction<'_>,
        rec: &ChangeRecord,
        stamp: Option<Hlc>,
    ) -> Result<bool> {
        if self.pending.contains(&rec.hlc) {
            return Ok(true);
        }
        let Some(stamp) = stamp else {
            return Ok(false);
        };
        let Some(key) = self.key(tx, stamp)? else {
            return Ok(false);
        };
        if self
            .merged
            .get(&rec.row_id)
            .is_some_and(|stamps| stamps.contains(&key))
        {
            return Ok(true);
        }
        let newest = match self.newest.get(&key.1) {
            Some(&n) => n,
            None => *self
                .newest
                .entry(key.1)
                .or_insert(changelog::newest(tx, key.1)?),
        };
        if newest.is_none_or(|n| key.0 > n) {
            return Ok(false);
        }
        if !self.logged.contains_key(&rec.row_id) {
            let stamps = changelog::row_raw(tx, &mut self.blocks, &rec.row_id)?
                .into_iter()
                .map(|r| (r.at, r.replica))
                .collect();
            self.logged.insert(rec.row_id.clone(), stamps);
        }
        Ok(self.logged[&rec.row_id].contains(&key))
    }

    /// `rec`, stamped `stamp`, was logged by this merge.
    pub(super) fn logged(
        &mut self,
        tx: &Transaction<'_>,
        rec: &ChangeRecord,
        stamp: Hlc,
    ) -> Result<()> {
        if let Some(key) = self.key(tx, stamp)? {
            match self.merged.get_mut(&rec.row_id) {
                Some(stamps) => {
                    stamps.insert(key);
                }
                None => {
                    let mut stamps = HashSet::with_capacity(1);
                    stamps.insert(key);
                    self.merged.insert(rec.row_id.clone(), stamps);
                }
            }
        }
        Ok(())
    }

    /// `rec` was parked by this merge.
    pub(super) fn parked(&mut self, rec: &ChangeRecord) {
        self.pending.insert(rec.hlc.clone());
    }
}

/// Append a merged change (stamped `stamp`, its stamp parsed) to the log as it came.
pub(super) fn append(
    tx: &Transaction<'_>,
    writer: &mut LocalWriter<'_>,
    rec: &ChangeRecord,
    stamp: Hlc,
) -> Result<()> {
    let (mut fields, mut prev_buf) = (Vec::new(), Vec::new());
    changelog::encode_fields(tx, &mut writer.words, &rec.fields, &mut fields)?;
    let prev = match &rec.prev {
        Some(prev) => Some(changelog::encode_prev(
            tx,
            &mut writer.words,
            prev,
            &mut prev_buf,
        )?),
        None => None,
    };
    let entry = changelog::Entry {
        hlc: stamp,
        author: rec.author_id.as_deref(),
        table: &rec.tbl,
        row_id: &rec.row_id,
        op: &rec.op,
        fields: &fields,
        prev,
    };
    changelog::append(&mut writer.held, tx, &mut writer.words, &entry)
}
