//! Papers: the bytes of attachments, exchanged apart from the change log.
//!
//! A sync first exchanges the text changes (segments), then the papers: the
//! rows naming a paper arrive with the text, and a paper that has not come
//! yet is "waiting" (its version says it is not on this computer) and holds
//! nothing back. The papers step needs no store: it runs from a `Job` built
//! from the store, so the app can let go of the store while files move.
//!
//! Each sync sends every paper this member has that the place lacks (or
//! holds cut off: its size is not the one the row predicts), then fetches
//! every paper it wants and lacks. A paper that does not open or does not
//! hash to its row is thrown away and stays waiting; one bad file never
//! stops the others.
//!
//! `seal.rs` the stored form and names, `place.rs` the folder and the
//! server as places (the server's in `server/papers.rs`).

mod place;
mod seal;

use std::io::{self, BufReader, Read};

use serde::Serialize;
use steerco_store::blobs::{BlobHash, Blobs, Received};
use steerco_store::ops::attachment::BlobRef;
use steerco_store::{LocalKey, Store, StoreError};

use crate::crypto::Key;

pub use place::{valid_name, FolderPlace, Place, PAPERS};
pub use seal::{Lock, CHUNK};

/// How far the papers step is: called at each file and every megabyte (the
/// app's `papers-progress` event).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Progress {
    pub files_done: usize,
    pub files_total: usize,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
}

/// What the papers step did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PapersReport {
    pub sent: usize,
    pub sent_bytes: u64,
    pub received: usize,
    pub received_bytes: u64,
    /// Papers wanted here and not here yet (by file name): not at the place
    /// yet, or there cut off or damaged.
    pub waiting: Vec<String>,
    /// Papers of other committees, not fetched by this member's choice.
    pub not_fetched: usize,
    /// What went wrong, per paper or for the whole step.
    pub problems: Vec<String>,
}

/// Which papers a member fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    All,
    /// Those of the committees this member sits on (and those they added).
    Mine,
}

impl Fetch {
    pub fn parse(s: &str) -> Option<Fetch> {
        match s {
            "all" => Some(Fetch::All),
            "mine" => Some(Fetch::Mine),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Fetch::All => "all",
            Fetch::Mine => "mine",
        }
    }

    /// This member's choice (all, unless they chose otherwise).
    pub fn of(store: &Store) -> Result<Fetch, StoreError> {
        Ok(store
            .local_setting(LocalKey::SyncPapers)?
            .and_then(|s| Fetch::parse(&s))
            .unwrap_or(Fetch::All))
    }
}

/// Papers named here whose bytes are not: those a sync would fetch (their
/// file names), and how many it leaves by this member's choice.
pub fn missing(store: &Store) -> Result<(Vec<String>, usize), StoreError> {
    let (blobs, fetch) = (store.blobs(), Fetch::of(store)?);
    let mut waiting = Vec::new();
    let mut not_fetched = 0;
    for r in store.blob_refs()? {
        if BlobHash::parse(&r.hash).is_some_and(|h| blobs.has(&h)) {
            continue;
        }
        if fetch == Fetch::Mine && !r.mine {
            not_fetched += 1;
        } else {
            waiting.push(r.file_name);
        }
    }
    Ok((waiting, not_fetched))
}

/// A papers step and the place it runs against: what a sync leaves to do
/// once it has let go of the store.
pub struct Papers {
    job: Job,
    place: Box<dyn Place>,
}

impl Papers {
    pub fn new(job: Job, place: Box<dyn Place>) -> Papers {
        Papers { job, place }
    }

    pub fn run(self, progress: &mut dyn FnMut(&Progress)) -> PapersReport {
        self.job.run(&*self.place, progress)
    }
}

/// The papers step of one sync, taken from the store.
pub struct Job {
    blobs: Blobs,
    refs: Vec<BlobRef>,
    fetch: Fetch,
    limit: u64,
    key: Option<Key>,
}

impl Job {
    pub fn new(store: &Store, key: Option<&Key>) -> Result<Job, StoreError> {
        Ok(Job {
            blobs: store.blobs(),
            refs: store.blob_refs()?,
            fetch: Fetch::of(store)?,
            limit: store.attachment_limit()?,
            key: key.cloned(),
        })
    }

    /// Exchange papers with `place`, telling `progress` how it goes.
    pub fn run(&self, place: &dyn Place, progress: &mut dyn FnMut(&Progress)) -> PapersReport {
        let started = std::time::Instant::now();
        let mut report = PapersReport::default();
        let lock = match &self.key {
            Some(k) => Lock::Sealed(k),
            None => Lock::Plain,
        };
        let held = match place.list() {
            Ok(h) => h,
            Err(e) => {
                report.problems.push(format!("papers not exchanged: {e}"));
                return report;
            }
        };
        let mut sends = Vec::new();
        let mut fetches = Vec::new();
        for r in &self.refs {
            let Some(hash) = BlobHash::parse(&r.hash) else {
                report
                    .problems
                    .push(format!("{}: not a content hash", r.file_name));
                continue;
            };
            let names = lock.names(&r.hash);
            let stored_len = lock.stored_len(r.size);
            let there = names.iter().find(|n| held.get(*n) == Some(&stored_len));
            if self.blobs.has(&hash) {
                // Closed items' papers never go where the text could not.
                let allowed = !(r.closed && matches!(lock, Lock::Plain));
                if there.is_none() && allowed {
                    sends.push((r, hash, names[0].clone(), stored_len));
                }
            } else if self.fetch == Fetch::Mine && !r.mine {
                report.not_fetched += 1;
            } else if r.size > self.limit {
                report.problems.push(format!(
                    "{}: larger than the workspace's limit, not fetched",
                    r.file_name
                ));
            } else if let Some(name) = there {
                fetches.push((r, hash, name.clone(), stored_len));
            } else {
                report.waiting.push(r.file_name.clone());
            }
        }
        let mut at = Progress {
            files_total: sends.len() + fetches.len(),
            bytes_total: sends.iter().chain(&fetches).map(|s| s.3).sum(),
            ..Default::default()
        };
        progress(&at);
        for (r, hash, name, len) in sends {
            let before = at.bytes_done;
            let sent = self.send(lock, place, r, &hash, &name, len, &mut at, progress);
            match sent {
                Ok(()) => {
                    report.sent += 1;
                    report.sent_bytes += r.size;
                }
                Err(e) => report
                    .problems
                    .push(format!("{}: not sent: {e}", r.file_name)),
            }
            at.bytes_done = before + len;
            at.files_done += 1;
            progress(&at);
        }
        for (r, hash, name, len) in fetches {
            let before = at.bytes_done;
            match self.fetch(lock, place, r, &hash, &name, &mut at, progress) {
                Ok(()) => {
                    report.received += 1;
                    report.received_bytes += r.size;
                }
                Err(e) => {
                    report.waiting.push(r.file_name.clone());
                    report.problems.push(format!("{}: {e}", r.file_name));
                }
            }
            at.bytes_done = before + len;
            at.files_done += 1;
            progress(&at);
        }
        log(&report, started);
        report
    }

    #[allow(clippy::too_many_arguments)]
    fn send(
        &self,
        lock: Lock,
        place: &dyn Place,
        r: &BlobRef,
        hash: &BlobHash,
        name: &str,
        len: u64,
        at: &mut Progress,
        progress: &mut dyn FnMut(&Progress),
    ) -> io::Result<()> {
        let file = self
            .blobs
            .reader(hash)
            .map_err(|e| io::Error::other(e.to_string()))?
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no longer here"))?;
        let sealing = lock.seal(BufReader::with_capacity(1 << 16, file), &r.hash, r.size)?;
        place.put(name, len, &mut Counting::new(sealing, at, progress))
    }

    #[allow(clippy::too_many_arguments)]
    fn fetch(
        &self,
        lock: Lock,
        place: &dyn Place,
        r: &BlobRef,
        hash: &BlobHash,
        name: &str,
        at: &mut Progress,
        progress: &mut dyn FnMut(&Progress),
    ) -> io::Result<()> {
        let body = place
            .get(name)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "gone from the place"))?;
        let mut body = Counting::new(body, at, progress);
        let received = self
            .blobs
            .receive(hash, r.size, |out| lock.open(&mut body, name, r.size, out))
            .map_err(|e| io::Error::other(e.to_string()))?;
        match received {
            Received::Stored => Ok(()),
            Received::Mismatch => Err(invalid("its bytes do not match the paper")),
            Received::TooLarge => Err(invalid("more bytes than the paper holds")),
        }
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// A reader that reports the bytes passing through it.
struct Counting<'a, R> {
    inner: R,
    at: &'a mut Progress,
    progress: &'a mut dyn FnMut(&Progress),
    since: u64,
}

impl<'a, R> Counting<'a, R> {
    fn new(inner: R, at: &'a mut Progress, progress: &'a mut dyn FnMut(&Progress)) -> Self {
        Counting {
            inner,
            at,
            progress,
            since: 0,
        }
    }
}

/// Progress is told about every this many bytes.
const TELL_EVERY: u64 = CHUNK as u64;

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.at.bytes_done += n as u64;
        self.since += n as u64;
        if self.since >= TELL_EVERY {
            self.since = 0;
            (self.progress)(self.at);
            // Crash tests: stop with a paper half moved.
            if self.at.bytes_done * 2 >= self.at.bytes_total {
                steerco_store::failpoint("paper-half-moved");
            }
        }
        Ok(n)
    }
}

fn log(r: &PapersReport, started: std::time::Instant) {
    let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let moved = r.sent + r.received + r.problems.len() > 0;
    if moved {
        tracing::info!(
            ms,
            sent = r.sent,
            sent_bytes = r.sent_bytes,
            received = r.received,
            received_bytes = r.received_bytes,
            waiting = r.waiting.len(),
            not_fetched = r.not_fetched,
            problems = r.problems.len(),
            "papers"
        );
    } else {
        tracing::debug!(ms, waiting = r.waiting.len(), "papers");
    }
}
