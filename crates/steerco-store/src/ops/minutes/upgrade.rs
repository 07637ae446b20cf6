//! Approvals recorded before schema 10 (a v1 hash of the meeting view):
//! converted once on each replica, kept in `local_setting`, never synced.

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::record::{hash_of_text, hex, record_text, At, Record};
use crate::error::Result;
use crate::Store;

impl Store {
    /// The hash approvals recorded before schema 10: SHA-256 of the meeting
    /// view's attendance and items (task states and owners included). Kept
    /// only to recognise minutes unchanged since such an approval.
    fn minutes_hash_v1(&self, meeting: &str) -> Result<String> {
        let view = self.meeting(meeting)?;
        let bytes = serde_json::to_vec(&(&view.attendance, &view.items))?;
        Ok(hex(&Sha256::digest(&bytes)))
    }

    /// A v1 approval converted to v2 on this replica (and kept, so later
    /// arrivals cannot move what counts as approved): when the minutes still
    /// give the v1 hash they are the approved ones; otherwise the minutes as
    /// the log had them at the approval's stamp, so nothing edited after the
    /// approval is taken as approved.
    pub(super) fn convert_v1(
        &self,
        meeting: &str,
        v1: &str,
        stamp: &str,
    ) -> Result<(String, Record)> {
        let key = crate::LocalKey::MinutesV1 { meeting };
        if let Some(kept) = self.local_setting(key)? {
            let kept: Json = serde_json::from_str(&kept)?;
            if kept["v1"] == v1 && kept["stamp"] == stamp {
                if let Some(Ok(record)) =
                    kept["minutes"].as_str().map(serde_json::from_str::<Record>)
                {
                    return Ok((hash_of_text(&record_text(&record)?), record));
                }
            }
        }
        let record = if self.minutes_hash_v1(meeting)? == v1 {
            self.minutes_record(meeting)?
        } else {
            self.minutes_record_at(meeting, At::AsOf(stamp))?
        };
        let text = record_text(&record)?;
        let kept = serde_json::json!({ "v1": v1, "stamp": stamp, "minutes": text });
        self.set_local(key, &kept.to_string())?;
        Ok((hash_of_text(&text), record))
    }
}

/// The upgrade step run when a workspace opens: approvals recorded with a v1
/// hash are converted on this replica (from the log as of each approval),
/// then the false "minutes changed" conflicts the v1 hash raised (a task's
/// progress, a reassignment) are settled through the write path.
pub(crate) fn upgrade_approvals(store: &mut Store) -> Result<()> {
    let old: Vec<String> = store
        .conn()
        .prepare(
            "SELECT id FROM meeting WHERE state = 'approved' AND deleted = 0
               AND minutes_hash IS NOT NULL AND minutes_hash NOT LIKE 'v2:%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for meeting in old {
        store.approved_minutes(&meeting)?;
    }
    store.settle_minutes_conflicts()?;
    Ok(())
}
