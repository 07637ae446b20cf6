//! The content-addressed blob store beside a workspace: the bytes of
//! attachments, which the change log never holds (it syncs row changes; a
//! paper of 100 MiB would hold back every text edit behind it).
//!
//! `<workspace file>.blobs/<first 2 hex>/<sha-256 hex>`. A blob is written
//! under a temporary name in the store's folder (same volume, so the rename
//! is atomic), synced to disk, then renamed into place: a crash leaves the
//! old state or the new one, never half a blob under a hash. Writing the same
//! content twice is one blob; a read checks the hash, so a damaged file is
//! reported, never handed out as the paper. Portable: std only.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::refusal::Refusal;

/// Temporary names start so; no hash does (hashes are hex).
const PART: &str = ".part-";

/// How much of a file's start is kept to tell what it is.
pub const HEAD: usize = 512;

/// A SHA-256 as 64 lowercase hex digits: the only name a blob path is made
/// of, so a hash from a row (another replica's) can never name another path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlobHash(String);

impl BlobHash {
    pub fn parse(s: &str) -> Option<BlobHash> {
        let ok = s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| BlobHash(s.to_string()))
    }

    pub fn of(bytes: &[u8]) -> BlobHash {
        BlobHash(hex(&Sha256::digest(bytes)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What `put_file` stored.
#[derive(Debug, Clone)]
pub struct Stored {
    pub hash: BlobHash,
    pub size: u64,
    /// The first bytes (up to `HEAD`), to tell what the file is.
    pub head: Vec<u8>,
}

/// A blob file on disk.
#[derive(Debug, Clone)]
pub struct BlobFile {
    pub path: PathBuf,
    /// None for a temporary file left by an interrupted write.
    pub hash: Option<BlobHash>,
    pub modified: SystemTime,
    pub size: u64,
}

/// The blob store of one workspace.
#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    /// The store beside `workspace` (`<file>.blobs`).
    pub fn beside(workspace: &Path) -> Blobs {
        let mut root = workspace.as_os_str().to_os_string();
        root.push(".blobs");
        Blobs {
            root: PathBuf::from(root),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, hash: &BlobHash) -> PathBuf {
        self.root.join(&hash.0[..2]).join(&hash.0)
    }

    /// Copy the file at `src` into the store, refusing it (nothing left
    /// behind) when it holds more than `limit` bytes; `name` is what the
    /// refusal calls it. Storing content that is there already keeps the
    /// blob (and repairs it when it was damaged).
    pub fn put_file(&self, src: &Path, name: &str, limit: u64) -> Result<Stored> {
        let too_large = |size: u64| Refusal::FileTooLarge {
            name: name.to_string(),
            size: i64::try_from(size).unwrap_or(i64::MAX),
            limit: i64::try_from(limit).unwrap_or(i64::MAX),
        };
        let mut input = File::open(src)?;
        // Refused before anything is written; checked again while copying,
        // as the file may grow in between.
        let declared = input.metadata()?.len();
        if declared > limit {
            return Err(too_large(declared).into());
        }
        fs::create_dir_all(&self.root)?;
        let part = self.root.join(format!("{PART}{}", crate::new_id()));
        let copied = copy_hashing(&mut input, &part, limit);
        let (hash, size, head) = match copied {
            Ok(Some(c)) => c,
            Ok(None) => {
                let _ = fs::remove_file(&part);
                let grown = fs::metadata(src).map_or(0, |m| m.len());
                return Err(too_large(grown.max(limit.saturating_add(1))).into());
            }
            Err(e) => {
                let _ = fs::remove_file(&part);
                return Err(e.into());
            }
        };
        let target = self.path(&hash);
        if self.verify(&hash)?.is_some() {
            let _ = fs::remove_file(&part);
        } else {
            let placed = fs::create_dir_all(target.parent().unwrap_or(&self.root))
                .and_then(|()| fs::rename(&part, &target));
            if let Err(e) = placed {
                let _ = fs::remove_file(&part);
                return Err(e.into());
            }
            sync_dir(target.parent().unwrap_or(&self.root));
        }
        Ok(Stored { hash, size, head })
    }

    /// Store a blob that arrives from elsewhere: `fill` writes its bytes,
    /// which land under `expected` only when they hash to it and stay within
    /// `limit` bytes; otherwise nothing is stored and the answer says why.
    /// An error from `fill` (a transfer cut off, a seal that does not open)
    /// leaves nothing behind either.
    pub fn receive(
        &self,
        expected: &BlobHash,
        limit: u64,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<Received> {
        fs::create_dir_all(&self.root)?;
        let part = self.root.join(format!("{PART}{}", crate::new_id()));
        let result = (|| -> Result<Received> {
            let mut out = Hashing::new(File::create(&part)?, limit);
            let filled = fill(&mut out);
            if out.size > limit {
                return Ok(Received::TooLarge);
            }
            filled?;
            let (file, hash) = out.finish();
            if hash != *expected {
                return Ok(Received::Mismatch);
            }
            file.sync_all()?;
            drop(file);
            let target = self.path(expected);
            fs::create_dir_all(target.parent().unwrap_or(&self.root))?;
            fs::rename(&part, &target)?;
            sync_dir(target.parent().unwrap_or(&self.root));
            Ok(Received::Stored)
        })();
        if !matches!(result, Ok(Received::Stored)) {
            let _ = fs::remove_file(&part);
        }
        result
    }

    /// The blob's file to read (unchecked: the caller hashes what it reads),
    /// None when it is not here.
    pub fn reader(&self, hash: &BlobHash) -> Result<Option<File>> {
        match File::open(self.path(hash)) {
            Ok(f) => Ok(Some(f)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The blob's size when it is here and matches its hash; None when it
    /// is not here; the damage refusal (naming `file_name`) is the caller's.
    pub fn verify(&self, hash: &BlobHash) -> Result<Option<u64>> {
        let mut file = match File::open(self.path(hash)) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let (found, size, _) = hash_copy(&mut file, &mut std::io::sink(), u64::MAX)?;
        Ok((found == *hash).then_some(size))
    }

    /// Whether a blob file is present (not whether it is sound).
    pub fn has(&self, hash: &BlobHash) -> bool {
        self.path(hash).is_file()
    }

    /// The blob's bytes, checked against its hash.
    pub fn read(&self, hash: &BlobHash, file_name: &str) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let (found, _, _) = hash_copy(&mut self.open(hash, file_name)?, &mut bytes, u64::MAX)?;
        if found != *hash {
            return Err(damaged(file_name).into());
        }
        Ok(bytes)
    }

    /// The blob's file, to read; `not_here` (naming `file_name`) when absent.
    fn open(&self, hash: &BlobHash, file_name: &str) -> Result<File> {
        File::open(self.path(hash)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => not_here(file_name).into(),
            _ => e.into(),
        })
    }

    /// Write the blob to `dest` through a temporary file beside it, checked
    /// against its hash while copying: a damaged blob leaves `dest` as it was.
    pub fn copy_out(&self, hash: &BlobHash, file_name: &str, dest: &Path) -> Result<()> {
        let mut input = self.open(hash, file_name)?;
        let mut tmp = dest.as_os_str().to_os_string();
        tmp.push(".part");
        let tmp = PathBuf::from(tmp);
        let written = (|| -> Result<()> {
            let mut out = File::create(&tmp)?;
            let (found, _, _) = hash_copy(&mut input, &mut out, u64::MAX)?;
            if found != *hash {
                return Err(damaged(file_name).into());
            }
            out.sync_all()?;
            drop(out);
            fs::rename(&tmp, dest)?;
            Ok(())
        })();
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }

    /// Every blob file and interrupted write in the store.
    pub fn files(&self) -> Result<Vec<BlobFile>> {
        let mut found = Vec::new();
        let top = match fs::read_dir(&self.root) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
            Err(e) => return Err(e.into()),
        };
        for entry in top {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let meta = entry.metadata()?;
            if meta.is_file() && name.starts_with(PART) {
                found.push(file(entry.path(), None, &meta)?);
            } else if meta.is_dir() && name.len() == 2 {
                for blob in fs::read_dir(entry.path())? {
                    let blob = blob?;
                    let meta = blob.metadata()?;
                    let hash = BlobHash::parse(&blob.file_name().to_string_lossy())
                        .filter(|h| h.0[..2] == name);
                    // Files that are not blobs are not ours to remove.
                    if let (true, Some(hash)) = (meta.is_file(), hash) {
                        found.push(file(blob.path(), Some(hash), &meta)?);
                    }
                }
            }
        }
        Ok(found)
    }
}

fn file(path: PathBuf, hash: Option<BlobHash>, meta: &fs::Metadata) -> Result<BlobFile> {
    Ok(BlobFile {
        path,
        hash,
        modified: meta.modified()?,
        size: meta.len(),
    })
}

pub(crate) fn not_here(file_name: &str) -> Refusal {
    Refusal::AttachmentNotHere {
        file_name: file_name.to_string(),
    }
}

pub(crate) fn damaged(file_name: &str) -> Refusal {
    Refusal::AttachmentDamaged {
        file_name: file_name.to_string(),
    }
}

/// Copy `input` to a new file at `part`, hashing; None when more than
/// `limit` bytes come.
fn copy_hashing(
    input: &mut File,
    part: &Path,
    limit: u64,
) -> std::io::Result<Option<(BlobHash, u64, Vec<u8>)>> {
    let mut out = File::create(part)?;
    let (hash, size, head) = hash_copy(input, &mut out, limit)?;
    if size > limit {
        return Ok(None);
    }
    out.sync_all()?;
    Ok(Some((hash, size, head)))
}

/// Copy `input` to `out` while hashing it: its hash, size and first `HEAD`
/// bytes. Stops as soon as more than `limit` bytes have come, the excess
/// neither hashed nor written (the size, over `limit`, then says so).
fn hash_copy(
    input: &mut File,
    out: &mut impl Write,
    limit: u64,
) -> std::io::Result<(BlobHash, u64, Vec<u8>)> {
    let mut hasher = Sha256::new();
    let mut head = Vec::new();
    let mut size: u64 = 0;
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        if size > limit {
            break;
        }
        if head.len() < HEAD {
            head.extend_from_slice(&buf[..n.min(HEAD - head.len())]);
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
    }
    Ok((BlobHash(hex(&hasher.finalize())), size, head))
}

/// What `Blobs::receive` did with the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    Stored,
    /// They did not hash to the name they came for.
    Mismatch,
    /// More came than the limit.
    TooLarge,
}

/// A writer that hashes what passes and refuses more than a limit.
struct Hashing {
    out: File,
    hasher: Sha256,
    size: u64,
    limit: u64,
}

impl Hashing {
    fn new(out: File, limit: u64) -> Hashing {
        Hashing {
            out,
            hasher: Sha256::new(),
            size: 0,
            limit,
        }
    }

    fn finish(self) -> (File, BlobHash) {
        (self.out, BlobHash(hex(&self.hasher.finalize())))
    }
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.size += buf.len() as u64;
        if self.size > self.limit {
            return Err(std::io::Error::other("more bytes than the limit"));
        }
        self.hasher.update(buf);
        self.out.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Make a rename durable where the platform lets a folder be synced (not
/// on Windows, where opening a folder as a file fails: NTFS journals it).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
