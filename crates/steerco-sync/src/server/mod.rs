//! Sync through a Steerco sync server (`steerco-server`): the same segment
//! files the folder holds, relayed by the server in one strictly increasing
//! server order per workspace. With a passphrase the server only ever holds
//! sealed segment bodies and the marker (Argon2id parameters, sealed check).
//!
//! ```text
//! PUT/GET  BASE/v1/workspaces/NAME/marker        the folder marker (once)
//! POST     BASE/v1/workspaces/NAME/segments      one segment (segment::encode bytes)
//! GET      BASE/v1/workspaces/NAME/segments?after=CURSOR&limit=N
//! GET      BASE/v1/workspaces/NAME/replicas/REPLICA   {last}: its highest segment held
//! GET      BASE/v1/workspaces/NAME/blobs, PUT/GET .../blobs/BLOB   papers' bytes (`blob_client.rs`)
//! ```
//! The workspace's address is `BASE/NAME`: its last path segment names the
//! workspace on the server; a token is good for that one workspace.
//!
//! Bookkeeping (local settings, never synced):
//! - `sync.segment`, `sync.sent_seq`: this replica's segment numbering and
//!   the last local change sent, shared with the folder's `send`;
//! - `sync.server.pending`: a segment written ahead of its push (number,
//!   last change, exact bytes). After a crash or a lost reply the same bytes
//!   are pushed again, which the server answers as already stored: nothing
//!   is lost and no segment number gets two contents;
//! - `sync.server.sent`: which changes each pushed segment held, so those a
//!   server lost (restored from an older backup) are pushed again
//!   (`resend.rs`);
//! - `sync.server.origin`, `sync.server.generation`, `sync.server.cursor`:
//!   which server workspace (the id the server reports, the same at every
//!   address of one deployment), in which generation of its database, and
//!   the server sequence pulled up to.
//!
//! One workspace syncs through one server (or one folder): segment numbers
//! and per-replica positions are shared between them.

mod blob_client;
mod client;
mod error;
mod failover;
pub mod follow;
mod origin;
mod papers;
mod resend;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use steerco_store::{LocalKey, Store};

pub use client::{Client, News, Retry};
pub use error::{ServerError, BLOB_TOO_LARGE};
pub use failover::Identity;

use crate::crypto::Key;
use crate::folder::{
    check_closed_items, epoch_key, epoch_name, Limits, Marker, SyncError, SyncReport,
};
use crate::join::join_into;
use crate::papers::{Job, Papers};
use crate::segment;
use crate::via::{self, Via};
use origin::Origin;

/// Changes per segment pushed to a server (smaller than the folder's, so
/// pages stay small and a retry resends little).
const SEGMENT_CHANGES: usize = 5_000;

const PENDING: LocalKey<'static> = LocalKey::SyncServerPending;
const CURSOR: LocalKey<'static> = LocalKey::SyncServerCursor;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    segment: u64,
    last: i64,
    data: String,
}

/// Key records set aside (planted or unproven passphrase changes, see
/// `folder::epoch_key`), with the reason: named in the report, never used.
type KeysAside = Vec<(PathBuf, String)>;

/// The key for the server's marker (and its key records, after passphrase
/// changes), after checking that it belongs to `ours`.
fn marker_key(
    client: &Client,
    marker: &Marker,
    ours: &str,
    passphrase: Option<&str>,
) -> Result<(Option<Key>, KeysAside), ServerError> {
    let origin = &client.url();
    if marker.format != "steerco-folder" {
        return Err(ServerError::Protocol("not a Steerco marker".into()));
    }
    if marker.version > 1 {
        return Err(SyncError::NewerFolder(PathBuf::from(origin)).into());
    }
    if marker.workspace != ours {
        return Err(ServerError::OtherWorkspace {
            theirs: marker.workspace.clone(),
            ours: ours.to_string(),
        });
    }
    match (&marker.encryption, passphrase) {
        (None, None) => Ok((None, Vec::new())),
        (None, Some(_)) => Err(SyncError::NotEncrypted(PathBuf::from(origin)).into()),
        (Some(_), None) => Err(SyncError::NeedsPassphrase(PathBuf::from(origin)).into()),
        (Some(enc), Some(p)) => {
            let (key, aside) = epoch_key(enc, client.keys()?, p, ours, Path::new(origin))?;
            let keys = Path::new(origin).join("keys");
            let aside = aside.into_iter().map(|(n, why)| (keys.join(n), why));
            Ok((Some(key), aside.collect()))
        }
    }
}

/// The key of the server's workspace for `passphrase`, claiming the
/// workspace with a new marker when nobody has yet.
fn workspace_key(
    client: &Client,
    ours: &str,
    passphrase: Option<&str>,
) -> Result<(Option<Key>, KeysAside), ServerError> {
    if let Some(m) = client.marker()? {
        return marker_key(client, &m, ours, passphrase);
    }
    let (marker, key) = Marker::new(ours, passphrase)?;
    match client.put_marker(&marker) {
        // Another client set its marker first: use what is there.
        Err(ServerError::Refused { status: 409, .. }) | Ok(()) => {}
        Err(e) => return Err(e),
    }
    let stored = client
        .marker()?
        .ok_or_else(|| ServerError::Protocol("the marker was not kept".into()))?;
    if stored.encryption == marker.encryption {
        Ok((key, Vec::new()))
    } else {
        marker_key(client, &stored, ours, passphrase)
    }
}

/// Change the passphrase of the server's workspace: sync with the old one,
/// then store a key record for the new one (earlier keys sealed inside it,
/// so segments sealed before stay readable); from then on this replica seals
/// what it pushes with the new key, and other members need the new
/// passphrase. The server never sees either passphrase or any key.
pub fn change_passphrase_via<A: Access>(
    access: &A,
    client: &Client,
    old: &str,
    new: &str,
) -> Result<SyncReport, ServerError> {
    if new.is_empty() {
        return Err(SyncError::EmptyPassphrase.into());
    }
    let mut report = sync_via(access, client, Some(old))?;
    let (ours, me) = access.with(|s| Ok((s.workspace()?.id, s.replica().to_string())))?;
    let marker = client.marker()?.ok_or(ServerError::NothingToJoin)?;
    let key = marker_key(client, &marker, &ours, Some(old))?
        .0
        .ok_or_else(|| SyncError::NotEncrypted(PathBuf::from(client.url())))?;
    let (epoch, new_key) = key.next(new, &ours, &me)?;
    client.put_key(
        &epoch_name(epoch.epoch, &me),
        &serde_json::to_vec_pretty(&epoch).unwrap_or_default(),
    )?;
    // Anything written ahead under the old key goes out first, as it is.
    push(access, client, &ours, Some(&new_key), &mut report)?;
    Ok(report)
}

/// How a sync reaches the local store. The app's background sync takes the
/// store only for the local steps, never across a network call, so the window
/// stays responsive while a server is slow; the CLI simply owns its store.
pub trait Access {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, ServerError>,
    ) -> Result<R, ServerError>;
}

impl Access for RefCell<&mut Store> {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, ServerError>,
    ) -> Result<R, ServerError> {
        f(&mut self.borrow_mut())
    }
}

/// Sync `store` with its workspace on a server: push what is not sent yet,
/// then pull and merge what is new there (claiming the server's workspace
/// first when nobody has; with a passphrase it becomes an encrypted one).
pub fn sync_server(
    store: &mut Store,
    url: &str,
    token: &str,
    passphrase: Option<&str>,
) -> Result<SyncReport, ServerError> {
    sync_with(store, &Client::new(url, token)?, passphrase)
}

/// `sync_server` through a given client (its retry policy).
pub fn sync_with(
    store: &mut Store,
    client: &Client,
    passphrase: Option<&str>,
) -> Result<SyncReport, ServerError> {
    sync_via(&RefCell::new(store), client, passphrase)
}

/// `sync_with` through any access to the store.
pub fn sync_via<A: Access>(
    access: &A,
    client: &Client,
    passphrase: Option<&str>,
) -> Result<SyncReport, ServerError> {
    let (mut report, papers) = sync_text_via(access, client, passphrase)?;
    report.papers = papers.run(&mut |_| {});
    Ok(report)
}

/// The text part of a server sync, and its papers step to run after it
/// (which takes the store only to build it: files move without it).
pub fn sync_text_via<A: Access>(
    access: &A,
    client: &Client,
    passphrase: Option<&str>,
) -> Result<(SyncReport, Papers), ServerError> {
    let started = std::time::Instant::now();
    let result = exchange(access, client, passphrase);
    crate::log::run(
        "server",
        started,
        result.as_ref().map(|r| &r.0).map_err(ServerError::code),
    );
    let (report, key) = result?;
    let job = access.with(|store| Ok(Job::new(store, key.as_ref())?))?;
    let place = Box::new(papers::ServerPlace::new(client.clone()));
    Ok((report, Papers::new(job, place)))
}

fn exchange<A: Access>(
    access: &A,
    client: &Client,
    passphrase: Option<&str>,
) -> Result<(SyncReport, Option<Key>), ServerError> {
    let ours = access.with(|store| {
        via::check(store, Via::Server)?;
        check_closed_items(store, passphrase, Path::new(&client.url()))?;
        Ok(store.workspace()?.id)
    })?;
    let origin = Origin::ask(client)?;
    let (key, keys_aside) = workspace_key(client, &ours, passphrase)?;
    let mut report = SyncReport::default();
    report.set_aside.extend(keys_aside);
    // What the server lost goes back first, so peers get it in order.
    resend::resend_lost(access, client, &ours, key.as_ref(), &mut report)?;
    push(access, client, &ours, key.as_ref(), &mut report)?;
    pull(access, client, &origin, &ours, key.as_ref(), &mut report)?;
    if report.merge.conflicts > 0 {
        // The conflicts found are workspace data: send them now, not next time.
        push(access, client, &ours, key.as_ref(), &mut report)?;
    }
    access.with(|store| {
        via::record(store, Via::Server)?;
        crate::log::compact(store);
        Ok(())
    })?;
    Ok((report, key))
}

/// Create a new local workspace at `path` from the server (a join).
pub fn join_server(
    path: &Path,
    url: &str,
    token: &str,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
) -> Result<(Store, SyncReport), ServerError> {
    join_with(path, &Client::new(url, token)?, passphrase, clock)
}

pub fn join_with(
    path: &Path,
    client: &Client,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
) -> Result<(Store, SyncReport), ServerError> {
    join_with_progress(path, client, passphrase, clock, None)
}

/// `join_with`, telling `progress` how the import goes (the app's bar).
pub fn join_with_progress(
    path: &Path,
    client: &Client,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
    progress: Option<steerco_store::ProgressFn>,
) -> Result<(Store, SyncReport), ServerError> {
    let (store, mut report, papers) =
        join_text_with_progress(path, client, passphrase, clock, progress)?;
    report.papers = papers.run(&mut |_| {});
    Ok((store, report))
}

/// A join's import (the text), and its papers step to run after it, without
/// the store (the app shows the workspace meanwhile).
pub fn join_text_with_progress(
    path: &Path,
    client: &Client,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
    progress: Option<steerco_store::ProgressFn>,
) -> Result<(Store, SyncReport, Papers), ServerError> {
    let origin = Origin::ask(client)?;
    let marker = client.marker()?.ok_or(ServerError::NothingToJoin)?;
    // Check the passphrase before creating anything.
    let (key, keys_aside) = marker_key(client, &marker, &marker.workspace, passphrase)?;
    let (store, report) = join_into(path, clock, progress, Via::Server, |store, report| {
        report.set_aside.extend(keys_aside);
        pull(
            &RefCell::new(store),
            client,
            &origin,
            &marker.workspace,
            key.as_ref(),
            report,
        )?;
        if report.segments_applied == 0 {
            return Err(ServerError::NothingToJoin);
        }
        Ok(())
    })?;
    let job = Job::new(&store, key.as_ref()).map_err(SyncError::from)?;
    let place = Box::new(papers::ServerPlace::new(client.clone()));
    Ok((store, report, Papers::new(job, place)))
}

/// The server sequence this workspace has pulled up to (0 before the first pull).
pub fn cursor(store: &Store) -> Result<u64, ServerError> {
    Ok(setting(store, CURSOR)?.unwrap_or(0))
}

/// Whether local changes wait to be pushed.
pub fn has_unsent(store: &Store) -> Result<bool, ServerError> {
    if store.local_setting(PENDING)?.is_some_and(|s| !s.is_empty()) {
        return Ok(true);
    }
    let sent_seq: i64 = setting(store, LocalKey::SyncSentSeq)?.unwrap_or(0);
    Ok(!store.local_changes_after(sent_seq, 1)?.is_empty())
}

fn setting<T: std::str::FromStr>(
    store: &Store,
    key: LocalKey<'_>,
) -> Result<Option<T>, ServerError> {
    Ok(store
        .local_setting(key)?
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse().ok()))
}

fn pending(store: &Store) -> Result<Option<Pending>, ServerError> {
    Ok(store
        .local_setting(PENDING)?
        .filter(|s| !s.is_empty())
        .and_then(|s| serde_json::from_str(&s).ok()))
}

/// The segment to push next: the one written ahead (if any), else a new one
/// of the changes not sent yet, recorded as pending before it goes out.
fn next_pending(
    store: &mut Store,
    ws: &str,
    key: Option<&Key>,
) -> Result<Option<Pending>, ServerError> {
    if let Some(p) = pending(store)? {
        return Ok(Some(p));
    }
    let sent_seq: i64 = setting(store, LocalKey::SyncSentSeq)?.unwrap_or(0);
    let changes = store.local_changes_after(sent_seq, SEGMENT_CHANGES)?;
    let Some(last) = changes.last().map(|(seq, _)| *seq) else {
        return Ok(None);
    };
    let recorded: u64 = setting(store, LocalKey::SyncSegment)?.unwrap_or(0);
    let segment = recorded + 1;
    let records: Vec<_> = changes.into_iter().map(|(_, c)| c).collect();
    let replica = store.replica().to_string();
    let bytes = segment::encode(ws, &replica, segment, &records, key)?;
    let p = Pending {
        segment,
        last,
        data: b64().encode(&bytes),
    };
    store.set_sync_setting(PENDING, &serde_json::to_string(&p).unwrap_or_default())?;
    Ok(Some(p))
}

/// After the server stored `pushed`: move the counters past it. Only when it
/// is still the pending one: a sync running at the same time (the app's
/// background sync and a click) may have recorded it and moved on already.
fn record_pushed(store: &mut Store, pushed: &Pending) -> Result<bool, ServerError> {
    match pending(store)? {
        Some(p) if p.segment == pushed.segment => {
            // The segment held the changes after the last one sent before.
            let after: i64 = setting(store, LocalKey::SyncSentSeq)?.unwrap_or(0);
            resend::note_pushed(store, pushed.segment, after, pushed.last)?;
            store.set_sync_setting(LocalKey::SyncSegment, &pushed.segment.to_string())?;
            store.set_sync_setting(LocalKey::SyncSentSeq, &pushed.last.to_string())?;
            store.set_sync_setting(PENDING, "")?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Push the segment written ahead (if any), then new local changes, one
/// segment at a time; the store is taken only around the network call.
fn push<A: Access>(
    access: &A,
    client: &Client,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), ServerError> {
    while let Some(pending) = access.with(|store| next_pending(store, ws, key))? {
        let bytes = b64()
            .decode(pending.data.as_bytes())
            .map_err(|e| ServerError::Protocol(e.to_string()))?;
        let count = segment::header(&bytes).map(|h| h.count).unwrap_or(0);
        client.push(&bytes, pending.segment)?;
        if access.with(|store| record_pushed(store, &pending))? {
            report.sent += count;
            report.segments_written += 1;
        }
    }
    Ok(())
}

/// Pull pages after the cursor and merge each page (its segments and the
/// positions they reach) in one transaction, until the server has no more.
/// A segment that cannot be applied (damaged, sealed with another key, out
/// of its writer's order, beyond the limits of old-format or old-epoch
/// files) is set aside and reported; its writer's later segments wait
/// (order matters), the other members' are applied, and the cursor stays
/// before it so the next sync tries again. A limit still open (the first
/// pull in this version or epoch) is recorded once all pages are through:
/// these pages are the server's look-ahead (see `folder/limits.rs`).
fn pull<A: Access>(
    access: &A,
    client: &Client,
    origin: &Origin,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), ServerError> {
    let mut cursor = access.with(|store| {
        origin.adopt(store)?;
        Ok(setting(store, CURSOR)?.unwrap_or(0))
    })?;
    let mut held = Held {
        limits: access.with(|store| Ok(Limits::stored(store)?))?,
        replicas: Default::default(),
        stuck: None,
    };
    loop {
        let (segments, next, more) = client.page(cursor, client.page_limit)?;
        let page = Fetched {
            segments: &segments,
            next,
        };
        cursor =
            access.with(|store| apply_page(store, client, ws, key, &page, &mut held, report))?;
        if !more || segments.is_empty() {
            // As in a folder sync: parked changes retry on every sync.
            if report.segments_applied == 0 {
                access.with(|store| {
                    if store.has_pending()? {
                        report.merge_add(store.retry_pending()?);
                    }
                    Ok(())
                })?;
            }
            return access.with(|store| Ok(Limits::record_applied(store, key)?));
        }
    }
}

/// What holds segments back in a pull: the limits of weaker files as
/// recorded when it began, the replicas whose segment could not be applied
/// so far (their later ones wait), and the server sequence before the first
/// such segment (the stored cursor stays there).
struct Held {
    limits: Limits,
    replicas: std::collections::BTreeSet<String>,
    stuck: Option<u64>,
}

impl Held {
    fn hold(&mut self, replica: Option<&str>, seq: u64) {
        if let Some(r) = replica {
            self.replicas.insert(r.to_string());
        }
        self.stuck.get_or_insert(seq - 1);
    }
}

/// One page as the server sent it.
struct Fetched<'a> {
    segments: &'a [(u64, Vec<u8>)],
    next: u64,
}

/// Merge one page in one transaction and move the cursor: the position
/// fetched up to (the stored cursor stays before the first segment held).
/// Segments at or before the stored cursor were applied by a sync that ran
/// meanwhile, and are passed over.
fn apply_page(
    store: &mut Store,
    client: &Client,
    ws: &str,
    key: Option<&Key>,
    page: &Fetched,
    held: &mut Held,
    report: &mut SyncReport,
) -> Result<u64, ServerError> {
    let me = store.replica().to_string();
    let cursor: u64 = setting(store, CURSOR)?.unwrap_or(0);
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    let mut changes = Vec::new();
    let mut positions: Vec<(String, u64)> = Vec::new();
    let mut reached = cursor;
    for (seq, bytes) in page.segments.iter().filter(|(seq, _)| *seq > cursor) {
        let header = match segment::header(bytes) {
            Ok(h) => h,
            Err(bad) => {
                set_aside(report, client, *seq, bad.to_string());
                held.hold(None, *seq);
                reached = *seq;
                continue;
            }
        };
        if header.replica != me && !held.replicas.contains(&header.replica) {
            let next_expected = match expected.get(&header.replica) {
                Some(n) => *n,
                None => store.peer_segment(&header.replica)? + 1,
            };
            if header.seq > next_expected {
                set_aside(
                    report,
                    client,
                    *seq,
                    format!(
                        "segment {} of replica {} comes before its segment {}",
                        header.seq, header.replica, next_expected
                    ),
                );
                held.hold(Some(&header.replica), *seq);
            }
            if header.seq == next_expected {
                match segment::decode(bytes, ws, key) {
                    Ok((h, c)) if h.format == segment::FORMAT => match held.limits.check(&h) {
                        Ok(()) => {
                            changes.extend(c);
                            positions.push((h.replica.clone(), h.seq));
                            expected.insert(h.replica, h.seq + 1);
                            report.segments_applied += 1;
                        }
                        Err(why) => {
                            set_aside(report, client, *seq, why);
                            held.hold(Some(&header.replica), *seq);
                        }
                    },
                    Ok(_) => {
                        set_aside(report, client, *seq, "not a segment".into());
                        held.hold(Some(&header.replica), *seq);
                    }
                    Err(bad) => {
                        set_aside(report, client, *seq, bad.to_string());
                        held.hold(Some(&header.replica), *seq);
                    }
                }
            }
        }
        reached = *seq;
    }
    if !positions.is_empty() {
        report.merge_add(store.merge_segments(&changes, &positions)?);
    }
    reached = reached.max(page.next);
    let stored = held.stuck.map_or(reached, |s| s.min(reached));
    if stored > cursor {
        store.set_sync_setting(CURSOR, &stored.to_string())?;
    }
    Ok(reached.max(cursor))
}

fn set_aside(report: &mut SyncReport, client: &Client, seq: u64, why: String) {
    report
        .set_aside
        .push((PathBuf::from(format!("{}#{seq}", client.url())), why));
}
