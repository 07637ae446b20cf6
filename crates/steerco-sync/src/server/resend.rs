//! Segments the server lost, pushed again. A server restored from an older
//! backup lacks what members pushed after it, and a client pushes each
//! segment once: its later segments would then wait on every other member
//! for the lost ones forever. So every sync first asks the server for the
//! last segment it holds of this replica; when that is below the last one
//! pushed, the missing ones are encoded again from the change log (which
//! keeps every change) with the same numbers and the same changes, sealed
//! anew with the current key, and pushed in order before anything new.
//!
//! Resending is safe: members that applied the old copies before the
//! restore skip these by position (a replica's cursor is its segment
//! number), and the rest apply them in order as they would have.
//!
//! What each pushed segment held is kept in `sync.server.sent` (local, never
//! synced): segment `first + i` held this replica's logged changes after
//! `lasts[i - 1]` (after `after` for the first) up to `lasts[i]`.

use serde::{Deserialize, Serialize};
use steerco_store::{LocalKey, Store};

use super::{setting, Access, Client, ServerError, SEGMENT_CHANGES};
use crate::crypto::Key;
use crate::folder::SyncReport;
use crate::segment;

const SENT: LocalKey<'static> = LocalKey::SyncServerSent;

/// The segments whose contents are remembered (a few bytes each): a restore
/// from a backup older than this many of the replica's pushes loses the
/// oldest of them for good (reported, never guessed).
const KEEP: usize = 10_000;

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
struct Sent {
    first: u64,
    after: i64,
    lasts: Vec<i64>,
}

impl Sent {
    fn load(store: &Store) -> Result<Sent, ServerError> {
        Ok(store
            .local_setting(SENT)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// The changes segment `n` held: (after, last], if recorded.
    fn range(&self, n: u64) -> Option<(i64, i64)> {
        let i = usize::try_from(n.checked_sub(self.first)?).ok()?;
        let last = *self.lasts.get(i)?;
        Some((self.before(i), last))
    }

    /// The last change before the one the `i`th recorded segment begins with.
    fn before(&self, i: usize) -> i64 {
        match i {
            0 => self.after,
            i => self.lasts[i - 1],
        }
    }

    /// Segment `n` held the changes after `after` up to `last`. The next
    /// segment, or one noted again (a push whose reply was lost), goes in
    /// its place; anything that does not follow on starts the record anew.
    fn note(&mut self, n: u64, after: i64, last: i64) {
        let at = n
            .checked_sub(self.first)
            .and_then(|i| usize::try_from(i).ok())
            .filter(|i| !self.lasts.is_empty() && *i <= self.lasts.len())
            .filter(|i| self.before(*i) == after);
        match at {
            Some(i) => {
                self.lasts.truncate(i);
                self.lasts.push(last);
            }
            None => {
                *self = Sent {
                    first: n,
                    after,
                    lasts: vec![last],
                }
            }
        }
        if self.lasts.len() > KEEP {
            let drop = self.lasts.len() - KEEP;
            self.after = self.lasts[drop - 1];
            self.first += drop as u64;
            self.lasts.drain(..drop);
        }
    }
}

/// Record that the server stored segment `n`, which held this replica's
/// changes after `after` up to `last`.
pub(super) fn note_pushed(
    store: &mut Store,
    n: u64,
    after: i64,
    last: i64,
) -> Result<(), ServerError> {
    let mut sent = Sent::load(store)?;
    sent.note(n, after, last);
    store.set_sync_setting(SENT, &serde_json::to_string(&sent).unwrap_or_default())?;
    Ok(())
}

/// Push again, in order, this replica's segments the server no longer has
/// (`report.resent`); when what one of them held is not recorded (pushed by
/// an earlier version), nothing is resent and the gap is reported
/// (`report.lost`).
pub(super) fn resend_lost<A: Access>(
    access: &A,
    client: &Client,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), ServerError> {
    let (me, pushed) = access.with(|store| {
        let pushed: u64 = setting(store, LocalKey::SyncSegment)?.unwrap_or(0);
        Ok((store.replica().to_string(), pushed))
    })?;
    if pushed == 0 {
        return Ok(());
    }
    let Some(held) = client.replica_last(&me)? else {
        return Ok(());
    };
    if held >= pushed {
        return Ok(());
    }
    let sent = access.with(|store| Sent::load(store))?;
    let missing = held + 1..=pushed;
    if missing.clone().any(|n| sent.range(n).is_none()) {
        report.lost = Some((held + 1, pushed));
        return Ok(());
    }
    for n in missing {
        let Some(bytes) = access.with(|store| encode_again(store, ws, key, &sent, n))? else {
            report.lost = Some((n, pushed));
            return Ok(());
        };
        match client.push(&bytes, n) {
            Ok(_) => report.resent += 1,
            // A sync running at the same time resent it first (sealed with
            // another nonce): only this replica's token pushes its numbers,
            // so what the server holds there is the same changes.
            Err(ServerError::SegmentConflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Segment `n` encoded again from the change log: None when the log does
/// not hold what was recorded for it.
fn encode_again(
    store: &Store,
    ws: &str,
    key: Option<&Key>,
    sent: &Sent,
    n: u64,
) -> Result<Option<Vec<u8>>, ServerError> {
    let Some((after, last)) = sent.range(n) else {
        return Ok(None);
    };
    let changes: Vec<_> = store
        .local_changes_after(after, SEGMENT_CHANGES)?
        .into_iter()
        .take_while(|(seq, _)| *seq <= last)
        .collect();
    if changes.last().map(|(seq, _)| *seq) != Some(last) {
        return Ok(None);
    }
    let records: Vec<_> = changes.into_iter().map(|(_, c)| c).collect();
    let replica = store.replica().to_string();
    Ok(Some(segment::encode(ws, &replica, n, &records, key)?))
}

#[cfg(test)]
mod tests {
    use super::{Sent, KEEP};

    #[test]
    fn each_segment_s_range_follows_the_one_before() {
        let mut s = Sent::default();
        assert_eq!(s.range(1), None);
        s.note(1, 0, 7);
        s.note(2, 7, 9);
        s.note(3, 9, 30);
        assert_eq!(s.range(1), Some((0, 7)));
        assert_eq!(s.range(2), Some((7, 9)));
        assert_eq!(s.range(3), Some((9, 30)));
        assert_eq!(s.range(4), None);
        assert_eq!(s.range(0), None);
        // Noted again (a push whose reply was lost): the same record.
        let before = s.clone();
        s.note(3, 9, 30);
        assert_eq!(s, before);
    }

    #[test]
    fn a_segment_that_does_not_follow_on_starts_the_record_anew() {
        // Segments pushed by an earlier version are not recorded: the record
        // begins with the first one this version pushed.
        let mut s = Sent::default();
        s.note(41, 300, 310);
        s.note(42, 310, 320);
        assert_eq!(s.range(40), None);
        assert_eq!(s.range(42), Some((310, 320)));
        // A gap in the changes (another numbering meanwhile): nothing older
        // is trusted.
        s.note(43, 400, 410);
        assert_eq!(s.range(42), None);
        assert_eq!(s.range(43), Some((400, 410)));
        s.note(50, 410, 420);
        assert_eq!((s.range(43), s.range(50)), (None, Some((410, 420))));
    }

    #[test]
    fn the_record_is_bounded_and_keeps_the_newest() {
        let mut s = Sent::default();
        let total = KEEP as u64 + 25;
        for n in 1..=total {
            s.note(n, (n as i64 - 1) * 3, n as i64 * 3);
        }
        assert_eq!(s.lasts.len(), KEEP);
        assert_eq!(s.range(25), None);
        assert_eq!(s.range(26), Some((75, 78)));
        assert_eq!(
            s.range(total),
            Some((total as i64 * 3 - 3, total as i64 * 3))
        );
        // Kept compact: a few bytes per segment.
        assert!(serde_json::to_string(&s).unwrap().len() < KEEP * 8);
    }
}
