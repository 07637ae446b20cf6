//! The blobs on the server's disk with SQLite (`blobs.rs` serves them; on
//! PostgreSQL they are rows, `pg_blobs.rs`, and `migrate-to` copies these
//! files there): the sealed bytes of papers, opaque and immutable, one file
//! per name. A name is a keyed hash the client computed (64 lowercase hex
//! digits); the server cannot check it against the bytes, so the first
//! file stored under a name is the one kept.
//!
//! ```text
//! <data>/blobs/<workspace>/<first 2 digits>/<name>   a blob
//! <data>/blobs/<workspace>/.part-<random>            an upload under way
//! ```
//! `<workspace>` is the workspace's name in hex: names may differ only in
//! case (one folder on Windows and macOS) or be `..`. An upload is written
//! under a temporary name, synced and renamed into place, so a name only
//! ever holds a whole file; uploads a stopped server left are removed when
//! it starts. Only std file calls, on every platform.

use std::collections::HashMap;
use std::fs;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The folder of the blobs in the data folder (and, after the backup's
/// file name, beside a backup: `backup.rs`).
pub(crate) const FOLDER: &str = "blobs";

/// How an upload's temporary file starts (never a blob's name).
const PART: &str = ".part-";

/// A blob's name: 64 lowercase hex digits (a keyed hash, made by clients).
pub(crate) fn valid_name(name: &str) -> bool {
    name.len() == 64 && lower_hex(name)
}

fn lower_hex(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A workspace's folder under `root`.
fn workspace_folder(root: &Path, workspace: &str) -> PathBuf {
    root.join(crate::db::hex(workspace.as_bytes()))
}

/// Bytes of a workspace's blobs held, and promised to uploads under way.
#[derive(Default)]
struct Usage {
    held: u64,
    reserved: u64,
}

pub(crate) struct BlobStore {
    root: PathBuf,
    /// Per workspace, counted from its folder when first needed.
    usage: Mutex<HashMap<String, Usage>>,
    /// Taken to look whether a name is stored and rename into it as one
    /// step, so two uploads of one name keep the first.
    placing: Mutex<()>,
}

/// Space promised to one upload; given back when dropped, unless the blob
/// was stored (then it counts as held).
pub(crate) struct Reservation {
    store: Arc<BlobStore>,
    workspace: String,
    bytes: u64,
}

impl Reservation {
    /// The upload was stored: its bytes are held now.
    pub(crate) fn stored(mut self) {
        let mut usage = self.store.usage.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(u) = usage.get_mut(&self.workspace) {
            u.reserved = u.reserved.saturating_sub(self.bytes);
            u.held = u.held.saturating_add(self.bytes);
        }
        self.bytes = 0;
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut usage = self.store.usage.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(u) = usage.get_mut(&self.workspace) {
            u.reserved = u.reserved.saturating_sub(self.bytes);
        }
    }
}

impl BlobStore {
    /// The blobs under `data`; uploads a stopped server left are removed.
    pub(crate) fn open(data: &Path) -> BlobStore {
        let root = data.join(FOLDER);
        for dir in subfolders(&root) {
            for (name, path) in entries(&dir) {
                if name.starts_with(PART) {
                    if let Err(e) = fs::remove_file(&path) {
                        tracing::warn!(error = %e, "an unfinished upload could not be removed");
                    }
                }
            }
        }
        BlobStore {
            root,
            usage: Mutex::new(HashMap::new()),
            placing: Mutex::new(()),
        }
    }

    /// Where the blob `name` of `workspace` is (or would be) stored.
    pub(crate) fn path(&self, workspace: &str, name: &str) -> PathBuf {
        workspace_folder(&self.root, workspace)
            .join(&name[..2])
            .join(name)
    }

    /// The size of a stored blob, or None.
    pub(crate) fn size(&self, workspace: &str, name: &str) -> io::Result<Option<u64>> {
        match fs::symlink_metadata(self.path(workspace, name)) {
            Ok(m) if m.is_file() => Ok(Some(m.len())),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The workspace's blobs by name after `after`: (name, size), at most
    /// `limit`. Temporary and other files are no blobs and never listed.
    pub(crate) fn list(
        &self,
        workspace: &str,
        after: Option<&str>,
        limit: usize,
    ) -> io::Result<Vec<(String, u64)>> {
        let dir = workspace_folder(&self.root, workspace);
        let from = after.map_or("", |a| &a[..2]);
        let mut prefixes: Vec<String> = entries(&dir)
            .into_iter()
            .map(|(name, _)| name)
            .filter(|p| p.len() == 2 && lower_hex(p) && p.as_str() >= from)
            .collect();
        prefixes.sort();
        let mut out = Vec::new();
        for prefix in prefixes {
            let mut names: Vec<(String, u64)> = Vec::new();
            for entry in fs::read_dir(dir.join(&prefix))?.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let wanted = valid_name(&name)
                    && name.starts_with(&prefix)
                    && after.is_none_or(|a| name.as_str() > a);
                if !wanted {
                    continue;
                }
                match entry.metadata() {
                    Ok(m) if m.is_file() => names.push((name, m.len())),
                    _ => {}
                }
            }
            names.sort();
            names.truncate(limit - out.len());
            out.extend(names);
            if out.len() == limit {
                break;
            }
        }
        Ok(out)
    }

    /// Promise `bytes` to an upload to `workspace` if its blobs, those held
    /// and those under way, stay within `cap`: None when they would not.
    pub(crate) fn reserve(
        self: &Arc<Self>,
        workspace: &str,
        bytes: u64,
        cap: Option<u64>,
    ) -> io::Result<Option<Reservation>> {
        let mut usage = self.usage.lock().unwrap_or_else(|p| p.into_inner());
        if !usage.contains_key(workspace) {
            // Counted while the lock is held, so no upload stored meanwhile
            // is missed or counted twice (once per workspace and run).
            let held = self.held(workspace)?;
            usage.insert(workspace.to_string(), Usage { held, reserved: 0 });
        }
        let u = usage.get_mut(workspace).expect("inserted above");
        let total = u.held.saturating_add(u.reserved).saturating_add(bytes);
        if cap.is_some_and(|cap| total > cap) {
            return Ok(None);
        }
        u.reserved += bytes;
        Ok(Some(Reservation {
            store: self.clone(),
            workspace: workspace.to_string(),
            bytes,
        }))
    }

    /// The bytes of the workspace's blobs on the disk.
    fn held(&self, workspace: &str) -> io::Result<u64> {
        let dir = workspace_folder(&self.root, workspace);
        let mut total = 0u64;
        for sub in subfolders(&dir) {
            for entry in fs::read_dir(sub)?.flatten() {
                let name = entry.file_name();
                if !valid_name(&name.to_string_lossy()) {
                    continue;
                }
                if let Ok(m) = entry.metadata() {
                    total = total.saturating_add(m.len());
                }
            }
        }
        Ok(total)
    }

    /// A new temporary file's path for an upload to `workspace` (its folder
    /// made); the caller creates the file.
    pub(crate) fn part(&self, workspace: &str) -> io::Result<PathBuf> {
        let dir = workspace_folder(&self.root, workspace);
        fs::create_dir_all(&dir)?;
        let random = crate::db::random_hex(16).map_err(io::Error::other)?;
        Ok(dir.join(format!("{PART}{random}")))
    }

    /// Put the synced upload `part` in place as `name`: true, or false when
    /// a blob of that name was stored first (kept; `part` is removed).
    pub(crate) fn place(&self, workspace: &str, part: &Path, name: &str) -> io::Result<bool> {
        let target = self.path(workspace, name);
        let folder = target.parent().expect("a blob's path has a folder");
        let _one_at_a_time = self.placing.lock().unwrap_or_else(|p| p.into_inner());
        let placed = if fs::symlink_metadata(&target).is_ok() {
            Ok(false)
        } else {
            fs::create_dir_all(folder)
                .and_then(|()| fs::rename(part, &target))
                .map(|()| {
                    sync_folder(folder);
                    true
                })
        };
        if !matches!(placed, Ok(true)) {
            let _ = fs::remove_file(part);
        }
        placed
    }
}

/// The rename's entry on the disk, where the platform lets a folder be
/// opened and synced (not Windows, whose rename needs no such step).
fn sync_folder(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The names and paths in a folder (none when it cannot be read).
fn entries(dir: &Path) -> Vec<(String, PathBuf)> {
    match fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The folders in a folder.
fn subfolders(dir: &Path) -> Vec<PathBuf> {
    match fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Every blob under the blob folder `root`: (workspace, name, path), for
/// `migrate-to` (`pg_blobs.rs`). A folder whose name is no workspace's in
/// hex is none of the server's and left out.
pub(crate) fn all(root: &Path) -> io::Result<Vec<(String, String, PathBuf)>> {
    let mut out = Vec::new();
    for workspace in subfolders(root) {
        let Some(ws) = workspace
            .file_name()
            .and_then(|n| unhex(&n.to_string_lossy()))
        else {
            continue;
        };
        for sub in subfolders(&workspace) {
            for entry in fs::read_dir(&sub)?.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if valid_name(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                    out.push((ws.clone(), name, entry.path()));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The text whose UTF-8 bytes `hex` (lowercase, as `db::hex` writes) spells.
fn unhex(hex: &str) -> Option<String> {
    if !hex.len().is_multiple_of(2) || !lower_hex(hex) {
        return None;
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

/// Copy every blob under the blob folder `from` into the blob folder `to`
/// (same layout), each under a temporary name, synced and renamed; a blob
/// already there with the same size is kept (blobs never change). How many
/// were copied. For `backup` and `restore` (`backup.rs`).
pub(crate) fn copy_all(from: &Path, to: &Path) -> io::Result<u64> {
    let mut copied = 0;
    for workspace in subfolders(from) {
        let Some(ws_name) = workspace.file_name() else {
            continue;
        };
        for sub in subfolders(&workspace) {
            let Some(sub_name) = sub.file_name() else {
                continue;
            };
            let target_dir = to.join(ws_name).join(sub_name);
            let mut made = false;
            for entry in fs::read_dir(&sub)?.flatten() {
                let name = entry.file_name();
                if !valid_name(&name.to_string_lossy())
                    || !entry.file_type().is_ok_and(|t| t.is_file())
                {
                    continue;
                }
                let len = entry.metadata()?.len();
                let target = target_dir.join(&name);
                if fs::metadata(&target).is_ok_and(|m| m.is_file() && m.len() == len) {
                    continue;
                }
                if !made {
                    fs::create_dir_all(&target_dir)?;
                    made = true;
                }
                // Beside the workspace's sub-folders, where a server
                // starting on `to` removes what an interrupted copy left.
                let random = crate::db::random_hex(16).map_err(io::Error::other)?;
                let part = to.join(ws_name).join(format!("{PART}{random}"));
                // Synced through a handle that may write: Windows flushes
                // no other.
                let done = fs::copy(entry.path(), &part)
                    .and_then(|_| fs::OpenOptions::new().write(true).open(&part)?.sync_all())
                    .and_then(|()| fs::rename(&part, &target));
                if let Err(e) = done {
                    let _ = fs::remove_file(&part);
                    return Err(e);
                }
                copied += 1;
            }
            if made {
                sync_folder(&target_dir);
            }
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_64_lowercase_hex_digits() {
        assert!(valid_name(&"0a".repeat(32)));
        assert!(!valid_name(&"0A".repeat(32)));
        assert!(!valid_name(&"0a".repeat(31)));
        assert!(!valid_name(&format!("{}g", "0".repeat(63))));
        assert!(!valid_name(&format!(".part-{}", "0".repeat(58))));
    }

    #[test]
    fn a_workspace_folder_spells_its_name_in_hex() {
        let name = "Acme-ø.1";
        assert_eq!(
            unhex(&crate::db::hex(name.as_bytes())).as_deref(),
            Some(name)
        );
        assert_eq!(unhex("6"), None);
        assert_eq!(unhex("4A"), None);
        assert_eq!(unhex("ff"), None);
    }
}
