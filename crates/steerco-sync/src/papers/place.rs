//! Where papers are exchanged: a shared folder's `papers/` or a server's
//! paper routes. A place holds immutable files by name (64 hex digits);
//! what a name holds is checked by whoever reads it, never trusted.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A place papers are kept.
pub trait Place: Send {
    /// The papers there, by name, with their sizes.
    fn list(&self) -> io::Result<HashMap<String, u64>>;
    /// Store `len` bytes from `body` under `name`, in place of whatever
    /// was there (a copy cut off by an earlier transfer).
    fn put(&self, name: &str, len: u64, body: &mut dyn Read) -> io::Result<()>;
    /// The paper's bytes, None when the place has none of that name.
    fn get(&self, name: &str) -> io::Result<Option<Box<dyn Read + '_>>>;
}

/// A name a place may hold: what a paper's name is made of, never a path.
pub fn valid_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A shared folder's `papers/`: one file per paper, written under a
/// temporary name and renamed into place as the segments are.
pub struct FolderPlace {
    dir: PathBuf,
}

pub const PAPERS: &str = "papers";

/// How old a temporary file is before it counts as abandoned.
const STALE: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

fn remove_if_stale(path: &Path) {
    let old = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE);
    if old {
        let _ = std::fs::remove_file(path);
    }
}

impl FolderPlace {
    pub fn new(folder: &Path) -> FolderPlace {
        FolderPlace {
            dir: folder.join(PAPERS),
        }
    }
}

impl Place for FolderPlace {
    fn list(&self) -> io::Result<HashMap<String, u64>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(HashMap::new()),
            Err(e) => return Err(e),
        };
        let mut found = HashMap::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // A writer stopped mid-way leaves its temporary file; once it is a
            // day old no transfer is still writing it.
            if name.starts_with(".tmp-") {
                remove_if_stale(&entry.path());
                continue;
            }
            // Whatever else is there is not a paper.
            if valid_name(&name) {
                if let Ok(meta) = entry.metadata() {
                    if meta.is_file() {
                        found.insert(name, meta.len());
                    }
                }
            }
        }
        Ok(found)
    }

    fn put(&self, name: &str, len: u64, body: &mut dyn Read) -> io::Result<()> {
        if !valid_name(name) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a paper name",
            ));
        }
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self
            .dir
            .join(format!(".tmp-{}", uuid::Uuid::new_v4().simple()));
        let written = (|| {
            let mut out = File::create(&tmp)?;
            let copied = io::copy(&mut body.take(len), &mut out)?;
            if copied != len {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the paper ended early",
                ));
            }
            out.sync_all()?;
            drop(out);
            std::fs::rename(&tmp, self.dir.join(name))
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    fn get(&self, name: &str) -> io::Result<Option<Box<dyn Read + '_>>> {
        if !valid_name(name) {
            return Ok(None);
        }
        match File::open(self.dir.join(name)) {
            Ok(f) => Ok(Some(Box::new(io::BufReader::with_capacity(1 << 16, f)))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_lists_papers_only_and_clears_abandoned_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let place = FolderPlace::new(dir.path());
        let name = "a".repeat(64);
        place.put(&name, 3, &mut &b"abc"[..]).unwrap();
        // A body shorter than announced stores nothing.
        let other = "b".repeat(64);
        assert!(place.put(&other, 10, &mut &b"abc"[..]).is_err());
        let papers = dir.path().join(PAPERS);
        std::fs::write(papers.join("notes.txt"), b"x").unwrap();
        let fresh = papers.join(".tmp-fresh");
        let stale = papers.join(".tmp-stale");
        std::fs::write(&fresh, b"x").unwrap();
        std::fs::write(&stale, b"x").unwrap();
        let long_ago = std::time::SystemTime::now() - 2 * STALE;
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        let listed = place.list().unwrap();
        assert_eq!(
            listed.into_iter().collect::<Vec<_>>(),
            vec![(name.clone(), 3)]
        );
        assert!(fresh.exists() && !stale.exists());
        let mut got = Vec::new();
        place
            .get(&name)
            .unwrap()
            .unwrap()
            .read_to_end(&mut got)
            .unwrap();
        assert_eq!(got, b"abc");
        assert!(place.get(&other).unwrap().is_none());
        assert!(place.get("../x").unwrap().is_none());
    }
}
