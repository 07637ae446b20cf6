//! A paper as the folder or the server holds it, and its name there.
//!
//! With a passphrase, a paper is sealed in 1 MiB chunks with the STREAM
//! construction over XChaCha20-Poly1305 (the `aead` crate's big-endian
//! 32-bit counter): a chunk cut off, dropped, reordered or taken from
//! another file does not open, and the last chunk is marked, so a file cut
//! at a chunk boundary does not open either. The file's header and its name
//! are every chunk's associated data. Memory stays at two chunks whatever
//! the paper's size.
//!
//! ```text
//! "STCPAPR1" | epoch (u32 BE) | chunk size (u32 BE) | stream nonce (19 bytes) | chunks
//! ```
//! The name is an HMAC of the content's SHA-256 under a key derived from the
//! epoch's key: who can read the folder cannot tell whether a document they
//! know is attached. Seal and name keys are derived apart from the key the
//! segments are sealed with.
//!
//! Without a passphrase (a folder that takes no closed items) a paper is
//! its plain bytes named by their SHA-256, as the segments are plain there.

use std::io::{self, Read, Write};

use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::crypto::Key;

const MAGIC: &[u8; 8] = b"STCPAPR1";
/// Plain bytes per sealed chunk.
pub const CHUNK: usize = 1 << 20;
const HEADER: usize = 8 + 4 + 4;
/// XChaCha20's 24-byte nonce less the stream's 5 bytes of counter and flag.
const NONCE: usize = 19;
const TAG: usize = 16;

/// How papers are kept at a place: sealed under the workspace key, or plain.
#[derive(Clone, Copy)]
pub enum Lock<'k> {
    Plain,
    Sealed(&'k Key),
}

impl Lock<'_> {
    /// The names a paper of content `hash` may have at the place, the one
    /// new files get first (sealed: one per key epoch this member holds).
    pub fn names(&self, hash: &str) -> Vec<String> {
        match self {
            Lock::Plain => vec![hash.to_string()],
            Lock::Sealed(key) => (0..=key.epoch())
                .rev()
                .filter_map(|e| key.for_epoch(e).map(|k| name(k, hash)))
                .collect(),
        }
    }

    /// The size of the file holding `size` plain bytes.
    pub fn stored_len(&self, size: u64) -> u64 {
        match self {
            Lock::Plain => size,
            Lock::Sealed(_) => {
                let chunks = size.div_ceil(CHUNK as u64).max(1);
                (HEADER + NONCE) as u64 + size + TAG as u64 * chunks
            }
        }
    }

    /// A reader of the stored form of the `size` bytes of `input`, which
    /// must hash to `hash` (else the read fails before the last chunk: a
    /// damaged local copy is never sent).
    pub fn seal<R: Read>(&self, input: R, hash: &str, size: u64) -> io::Result<Sealing<R>> {
        let (stream, head) = match self {
            Lock::Plain => (None, Vec::new()),
            Lock::Sealed(key) => {
                let epoch = key.epoch();
                let bytes = key
                    .for_epoch(epoch)
                    .ok_or_else(|| invalid("no current key"))?;
                let nonce = crate::crypto::random::<NONCE>()
                    .map_err(|e| io::Error::other(e.to_string()))?;
                let head = header(epoch);
                let aad = [&head[..], name(bytes, hash).as_bytes()].concat();
                let cipher = XChaCha20Poly1305::new(&derive(bytes, SEAL_DOMAIN).into());
                let enc = EncryptorBE32::from_aead(cipher, nonce.as_slice().into());
                let mut out = head.to_vec();
                out.extend_from_slice(&nonce);
                (Some((enc, aad)), out)
            }
        };
        Ok(Sealing {
            input,
            stream,
            expected: hash.to_string(),
            hasher: Sha256::new(),
            left: size,
            buf: head,
            pos: 0,
            done: false,
        })
    }

    /// Write the plain bytes of the stored paper `input` (named `name` at
    /// the place, holding `size` plain bytes) to `out`. A file that does
    /// not open, is cut off or goes on past its end is an error; what was
    /// written by then is the caller's to throw away (`Blobs::receive`).
    pub fn open(
        &self,
        input: &mut dyn Read,
        name: &str,
        size: u64,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match self {
            Lock::Plain => {
                let copied = io::copy(&mut input.take(size), out)?;
                if copied != size {
                    return Err(invalid("the file is cut off"));
                }
            }
            Lock::Sealed(key) => open_sealed(key, input, name, size, out)?,
        }
        let mut extra = [0u8; 1];
        if input.read(&mut extra)? > 0 {
            return Err(invalid("the file goes on past its end"));
        }
        Ok(())
    }
}

fn open_sealed(
    key: &Key,
    input: &mut dyn Read,
    name: &str,
    size: u64,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut head = [0u8; HEADER];
    input.read_exact(&mut head).map_err(cut)?;
    if &head[..8] != MAGIC {
        return Err(invalid("not a sealed paper of this version"));
    }
    let epoch = u32::from_be_bytes([head[8], head[9], head[10], head[11]]);
    let chunk = u32::from_be_bytes([head[12], head[13], head[14], head[15]]);
    if chunk as usize != CHUNK {
        return Err(invalid("sealed in chunks this version does not read"));
    }
    let bytes = key
        .for_epoch(epoch)
        .ok_or_else(|| invalid("sealed under a passphrase this member does not hold"))?;
    let mut nonce = [0u8; NONCE];
    input.read_exact(&mut nonce).map_err(cut)?;
    let aad = [&head[..], name.as_bytes()].concat();
    let cipher = XChaCha20Poly1305::new(&derive(bytes, SEAL_DOMAIN).into());
    let mut dec = Some(DecryptorBE32::from_aead(cipher, nonce.as_slice().into()));
    let mut left = size;
    let mut buf = vec![0u8; CHUNK + TAG];
    loop {
        let plain = left.min(CHUNK as u64) as usize;
        let sealed = &mut buf[..plain + TAG];
        input.read_exact(sealed).map_err(cut)?;
        left -= plain as u64;
        let opened = if left == 0 {
            dec.take().and_then(|d| {
                d.decrypt_last(Payload {
                    msg: sealed,
                    aad: &aad,
                })
                .ok()
            })
        } else {
            dec.as_mut().and_then(|d| {
                d.decrypt_next(Payload {
                    msg: sealed,
                    aad: &aad,
                })
                .ok()
            })
        };
        let opened = opened.ok_or_else(|| invalid("the seal does not open (damaged or forged)"))?;
        out.write_all(&opened)?;
        if left == 0 {
            return Ok(());
        }
    }
}

/// A reader producing a paper's stored form chunk by chunk.
pub struct Sealing<R> {
    input: R,
    stream: Option<(EncryptorBE32<XChaCha20Poly1305>, Vec<u8>)>,
    expected: String,
    hasher: Sha256,
    left: u64,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Sealing<R> {
    /// The next chunk into `buf`; false when all has been produced.
    fn fill(&mut self) -> io::Result<bool> {
        if self.done {
            return Ok(false);
        }
        let n = self.left.min(CHUNK as u64) as usize;
        let mut plain = vec![0u8; n];
        self.input.read_exact(&mut plain).map_err(cut)?;
        self.hasher.update(&plain);
        self.left -= n as u64;
        let last = self.left == 0;
        if last {
            let found = hex(&std::mem::take(&mut self.hasher).finalize());
            if found != self.expected {
                return Err(invalid("the local copy does not match its hash"));
            }
            self.done = true;
        }
        self.buf = match &mut self.stream {
            None => plain,
            Some(_) if last => {
                let (enc, aad) = self.stream.take().expect("checked above");
                enc.encrypt_last(Payload {
                    msg: &plain,
                    aad: &aad,
                })
                .map_err(|_| io::Error::other("encryption failed"))?
            }
            Some((enc, aad)) => enc
                .encrypt_next(Payload { msg: &plain, aad })
                .map_err(|_| io::Error::other("encryption failed"))?,
        };
        self.pos = 0;
        Ok(true)
    }
}

impl<R: Read> Read for Sealing<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.buf.len() {
            if !self.fill()? {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

const SEAL_DOMAIN: &[u8] = b"steerco paper seal v1";
const NAME_DOMAIN: &[u8] = b"steerco paper name v1";

fn derive(key: &[u8; 32], domain: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    mac.update(domain);
    mac.finalize().into_bytes().into()
}

/// A sealed paper's name: 64 hex digits, keyed by the epoch's key.
fn name(key: &[u8; 32], hash: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(&derive(key, NAME_DOMAIN)).expect("any key length");
    mac.update(hash.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn header(epoch: u32) -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(&epoch.to_be_bytes());
    h[12..].copy_from_slice(&(CHUNK as u32).to_be_bytes());
    h
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// A read that ran out: the file is shorter than its paper.
fn cut(e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        invalid("the file is cut off")
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::for_tests([7u8; 32])
    }

    fn stored(lock: Lock, bytes: &[u8]) -> (String, Vec<u8>) {
        let hash = hex(&Sha256::digest(bytes));
        let mut out = Vec::new();
        lock.seal(bytes, &hash, bytes.len() as u64)
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        (hash, out)
    }

    fn opened(lock: Lock, hash: &str, size: usize, file: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        let name = lock.names(hash).remove(0);
        lock.open(&mut &file[..], &name, size as u64, &mut out)
            .map(|()| out)
    }

    #[test]
    fn sizes_around_chunk_edges_round_trip_with_the_predicted_length() {
        let k = key();
        for size in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 5] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
            for lock in [Lock::Plain, Lock::Sealed(&k)] {
                let (hash, file) = stored(lock, &bytes);
                assert_eq!(
                    file.len() as u64,
                    lock.stored_len(size as u64),
                    "size {size}"
                );
                assert_eq!(opened(lock, &hash, size, &file).unwrap(), bytes);
            }
        }
    }

    #[test]
    fn a_cut_extended_altered_or_renamed_file_does_not_open() {
        let k = key();
        let lock = Lock::Sealed(&k);
        let bytes = vec![42u8; 2 * CHUNK + 10];
        let (hash, file) = stored(lock, &bytes);
        // Cut at a chunk boundary: the last-chunk flag is missing.
        let boundary = HEADER + NONCE + CHUNK + TAG;
        for cut in [10, boundary, file.len() - 1] {
            assert!(
                opened(lock, &hash, bytes.len(), &file[..cut]).is_err(),
                "cut {cut}"
            );
        }
        let mut longer = file.clone();
        longer.push(0);
        assert!(opened(lock, &hash, bytes.len(), &longer).is_err());
        let mut flipped = file.clone();
        flipped[boundary + 3] ^= 1;
        assert!(opened(lock, &hash, bytes.len(), &flipped).is_err());
        // The same file under another paper's name does not open.
        let mut out = Vec::new();
        let other = lock.names(&"0".repeat(64)).remove(0);
        assert!(lock
            .open(&mut &file[..], &other, bytes.len() as u64, &mut out)
            .is_err());
    }

    #[test]
    fn the_name_hides_the_content_hash_and_needs_the_key() {
        let k = key();
        let hash = hex(&Sha256::digest(b"known document"));
        let sealed = Lock::Sealed(&k).names(&hash);
        assert_eq!(sealed.len(), 1);
        assert_ne!(sealed[0], hash);
        assert_eq!(sealed[0].len(), 64);
        let other = Key::for_tests([8u8; 32]);
        assert_ne!(Lock::Sealed(&other).names(&hash), sealed);
        let (_, file) = stored(Lock::Sealed(&k), b"known document");
        assert!(!file.windows(5).any(|w| w == b"known"));
    }

    #[test]
    fn a_damaged_local_copy_is_never_sealed() {
        let k = key();
        let wrong = "f".repeat(64);
        let mut out = Vec::new();
        let r = Lock::Sealed(&k)
            .seal(&b"bytes"[..], &wrong, 5)
            .unwrap()
            .read_to_end(&mut out);
        assert!(r.is_err());
    }
}
