//! One segment file: a header line, then the body. The header carries the
//! format version, the workspace and replica ids, the segment number, the
//! change count, the key epoch, a snapshot's coverage and a SHA-256.
//!
//! Format 3 authenticates the whole header in an encrypted folder: the exact
//! header line is the associated data of the body's seal (XChaCha20-Poly1305),
//! so a header edited in the folder (another number, replica, count, epoch or
//! coverage) no longer opens as what it claims; `sha256` is the plain body's.
//! Without a key there is no secret, so the checksum only catches accidents (a
//! truncated or damaged file), not forgery.
//!
//! Older formats are still read: format 2 (Steerco before 17) bound the header
//! by sealing its SHA-256 in front of the plaintext, just as strong, so its
//! files are accepted as they are; format 1 (the header outside the seal,
//! `sha256` of the stored body) only within the limits of `folder/limits.rs`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use steerco_store::merge::ChangeRecord;

use crate::crypto::{open_epoch, open_epoch_with, seal, seal_with, CryptoError, Key};

pub const FORMAT: &str = "steerco-segment";
/// A snapshot: every change its writer had, and which segments that covers.
pub const SNAPSHOT: &str = "steerco-snapshot";
pub const VERSION: u32 = 3;
/// The first format, whose header is not authenticated.
pub const LEGACY: u32 = 1;
/// The format whose sealed body starts with the digest of its header.
const DIGEST_IN_BODY: u32 = 2;
/// The digest of the header that starts a sealed format-2 body.
const HEADER_DIGEST: usize = 32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub workspace: String,
    pub replica: String,
    pub seq: u64,
    pub count: usize,
    pub sha256: String,
    /// The body is sealed with the folder's key (an encrypted folder).
    #[serde(default)]
    pub sealed: bool,
    /// The key epoch it is sealed in (0 until the passphrase is first changed).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub epoch: u32,
    /// Snapshots only: per replica, the last segment whose changes it holds.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub covers: std::collections::BTreeMap<String, u64>,
}

/// Why a file cannot be applied (it is set aside; nothing of it is applied).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BadSegment {
    #[error("not a Steerco segment")]
    NotASegment,
    #[error("made by a newer Steerco (segment format {0}); update Steerco to read it")]
    Newer(u32),
    #[error("belongs to another workspace")]
    OtherWorkspace,
    #[error(
        "incomplete or damaged (checksum mismatch); a good copy will be applied when it arrives"
    )]
    Checksum,
    #[error("unreadable body: {0}")]
    Body(String),
    #[error("sealed with another key (not this folder's passphrase)")]
    Sealed,
    #[error("not sealed, in an encrypted folder")]
    NotSealed,
    #[error("does not verify under its header (edited, replayed under another name, or sealed with another key; not applied)")]
    Forged,
}

impl Header {
    /// Whether the header is bound to the content (any format after the
    /// first, once its seal opens); a format-1 header is not.
    pub fn authenticated(&self) -> bool {
        self.version != LEGACY
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn encode(
    workspace: &str,
    replica: &str,
    seq: u64,
    changes: &[ChangeRecord],
    key: Option<&Key>,
) -> Result<Vec<u8>, CryptoError> {
    encode_as(
        FORMAT,
        workspace,
        replica,
        seq,
        changes,
        key,
        Default::default(),
    )
}

pub fn encode_as(
    format: &str,
    workspace: &str,
    replica: &str,
    seq: u64,
    changes: &[ChangeRecord],
    key: Option<&Key>,
    covers: std::collections::BTreeMap<String, u64>,
) -> Result<Vec<u8>, CryptoError> {
    let plain = serde_json::to_vec(changes).unwrap_or_default();
    let header = Header {
        format: format.into(),
        version: VERSION,
        workspace: workspace.into(),
        replica: replica.into(),
        seq,
        count: changes.len(),
        sha256: sha256_hex(&plain),
        sealed: key.is_some(),
        epoch: key.map_or(0, Key::epoch),
        covers,
    };
    let mut out = serde_json::to_vec(&header).unwrap_or_default();
    let body = match key {
        Some(key) => seal_with(key, &plain, &out)?,
        None => plain,
    };
    out.push(b'\n');
    out.extend_from_slice(&body);
    Ok(out)
}

/// A file in the first format (header not authenticated): what Steerco
/// wrote before format 2, for tests of the limits on such files.
#[doc(hidden)]
pub fn encode_legacy(
    format: &str,
    workspace: &str,
    replica: &str,
    seq: u64,
    changes: &[ChangeRecord],
    key: Option<&Key>,
    covers: std::collections::BTreeMap<String, u64>,
) -> Result<Vec<u8>, CryptoError> {
    let plain = serde_json::to_vec(changes).unwrap_or_default();
    let body = match key {
        Some(key) => seal(key, &plain)?,
        None => plain,
    };
    let header = Header {
        format: format.into(),
        version: LEGACY,
        workspace: workspace.into(),
        replica: replica.into(),
        seq,
        count: changes.len(),
        sha256: sha256_hex(&body),
        sealed: key.is_some(),
        epoch: key.map_or(0, Key::epoch),
        covers,
    };
    let mut out = serde_json::to_vec(&header).unwrap_or_default();
    out.push(b'\n');
    out.extend_from_slice(&body);
    Ok(out)
}

/// The header alone (cheap: to order files and skip what is applied).
pub fn header(bytes: &[u8]) -> Result<Header, BadSegment> {
    let end = bytes
        .iter()
        .position(|b| *b == b'\n')
        .ok_or(BadSegment::NotASegment)?;
    let header: Header =
        serde_json::from_slice(&bytes[..end]).map_err(|_| BadSegment::NotASegment)?;
    if header.format != FORMAT && header.format != SNAPSHOT {
        return Err(BadSegment::NotASegment);
    }
    if header.version == 0 {
        return Err(BadSegment::NotASegment);
    }
    if header.version > VERSION {
        return Err(BadSegment::Newer(header.version));
    }
    Ok(header)
}

/// Verify a whole file of `workspace` (header and body) and return its
/// header and plain body, without parsing the changes.
pub fn verify(
    bytes: &[u8],
    workspace: &str,
    key: Option<&Key>,
) -> Result<(Header, Vec<u8>), BadSegment> {
    let header = header(bytes)?;
    if header.workspace != workspace {
        return Err(BadSegment::OtherWorkspace);
    }
    let end = bytes.iter().position(|b| *b == b'\n').unwrap_or(0);
    let (line, body) = (&bytes[..end], &bytes[end + 1..]);
    if header.version == LEGACY {
        if sha256_hex(body) != header.sha256 {
            return Err(BadSegment::Checksum);
        }
        let plain = match (header.sealed, key) {
            (true, Some(key)) => open_epoch(key, header.epoch, body).ok_or(BadSegment::Sealed)?,
            (true, None) => return Err(BadSegment::Sealed),
            (false, Some(_)) => return Err(BadSegment::NotSealed),
            (false, None) => body.to_vec(),
        };
        return Ok((header, plain));
    }
    let plain = match (header.sealed, key) {
        (true, Some(key)) if header.version != DIGEST_IN_BODY => {
            // A seal that opens with the header line as its associated data
            // is genuine content under exactly this header. With the key of
            // the epoch it names, nothing tells an edited header from a body
            // sealed by someone else: both are forged here.
            if key.for_epoch(header.epoch).is_none() {
                return Err(BadSegment::Sealed);
            }
            open_epoch_with(key, header.epoch, body, line).ok_or(BadSegment::Forged)?
        }
        (true, Some(key)) => {
            let inner = open_epoch(key, header.epoch, body).ok_or(BadSegment::Sealed)?;
            // The seal opens, so the content is genuine: the header must be
            // the one it was sealed with.
            if inner.len() < HEADER_DIGEST || inner[..HEADER_DIGEST] != Sha256::digest(line)[..] {
                return Err(BadSegment::Forged);
            }
            inner[HEADER_DIGEST..].to_vec()
        }
        (true, None) => return Err(BadSegment::Sealed),
        (false, Some(_)) => return Err(BadSegment::NotSealed),
        (false, None) => body.to_vec(),
    };
    if sha256_hex(&plain) != header.sha256 {
        return Err(BadSegment::Checksum);
    }
    Ok((header, plain))
}

/// Verify a whole segment of `workspace` and return its changes.
pub fn decode(
    bytes: &[u8],
    workspace: &str,
    key: Option<&Key>,
) -> Result<(Header, Vec<ChangeRecord>), BadSegment> {
    let (header, plain) = verify(bytes, workspace, key)?;
    let changes: Vec<ChangeRecord> =
        serde_json::from_slice(&plain).map_err(|e| BadSegment::Body(e.to_string()))?;
    // A segment holds only its writer's changes; a snapshot holds everyone's.
    let foreign = header.format == FORMAT
        && changes
            .iter()
            .any(|c| c.hlc.get(19..) != Some(header.replica.as_str()));
    if changes.len() != header.count || foreign {
        return Err(BadSegment::Body("changes do not match the header".into()));
    }
    Ok((header, changes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Encryption;

    fn change(replica: &str) -> ChangeRecord {
        serde_json::from_value(serde_json::json!({
            "hlc": format!("0000000000001-0000-{replica}"),
            "tbl": "person", "row_id": "p1", "op": "insert", "fields": {"name": "A"}
        }))
        .unwrap()
    }

    /// The header line re-written with one field changed, the body kept.
    fn edit(bytes: &[u8], field: &str, value: serde_json::Value) -> Vec<u8> {
        let end = bytes.iter().position(|b| *b == b'\n').unwrap();
        let mut h: serde_json::Value = serde_json::from_slice(&bytes[..end]).unwrap();
        h[field] = value;
        let mut out = serde_json::to_vec(&h).unwrap();
        out.extend_from_slice(&bytes[end..]);
        out
    }

    #[test]
    fn every_header_field_is_authenticated_when_sealed() {
        let (_, key) = Encryption::create("hemmelig", "ws").unwrap();
        let r = "0123456789abcdef";
        let bytes = encode("ws", r, 7, &[change(r)], Some(&key)).unwrap();
        assert_eq!(decode(&bytes, "ws", Some(&key)).unwrap().0.seq, 7);
        for (field, value) in [
            ("seq", 8.into()),
            ("count", 2.into()),
            ("replica", "fedcba9876543210".into()),
            ("covers", serde_json::json!({ r: 99 })),
            ("sha256", "00".into()),
        ] {
            let forged = edit(&bytes, field, value);
            assert!(decode(&forged, "ws", Some(&key)).is_err(), "{field}");
        }
        // Even the same header written another way (key order) is not it.
        let end = bytes.iter().position(|b| *b == b'\n').unwrap();
        let mut spaced = bytes[..end - 1].to_vec();
        spaced.extend_from_slice(b" }");
        spaced.extend_from_slice(&bytes[end..]);
        assert_eq!(
            decode(&spaced, "ws", Some(&key)).err(),
            Some(BadSegment::Forged)
        );
    }

    /// A sealed file as Steerco 16 wrote it (format 2: the header's digest
    /// sealed in front of the plain body).
    fn encode_v2(r: &str, seq: u64, changes: &[ChangeRecord], key: &Key) -> Vec<u8> {
        let plain = serde_json::to_vec(changes).unwrap();
        let header = Header {
            format: FORMAT.into(),
            version: DIGEST_IN_BODY,
            workspace: "ws".into(),
            replica: r.into(),
            seq,
            count: changes.len(),
            sha256: sha256_hex(&plain),
            sealed: true,
            epoch: 0,
            covers: Default::default(),
        };
        let mut out = serde_json::to_vec(&header).unwrap();
        let mut inner = Sha256::digest(&out).to_vec();
        inner.extend_from_slice(&plain);
        let body = seal(key, &inner).unwrap();
        out.push(b'\n');
        out.extend_from_slice(&body);
        out
    }

    #[test]
    fn format_2_files_still_read_and_their_headers_stay_bound() {
        let (_, key) = Encryption::create("hemmelig", "ws").unwrap();
        let r = "0123456789abcdef";
        let bytes = encode_v2(r, 4, &[change(r)], &key);
        let (h, changes) = decode(&bytes, "ws", Some(&key)).unwrap();
        assert_eq!((h.version, h.seq, changes.len()), (2, 4, 1));
        assert!(h.authenticated());
        let forged = edit(&bytes, "seq", 5.into());
        assert_eq!(
            decode(&forged, "ws", Some(&key)).err(),
            Some(BadSegment::Forged)
        );
        // Nor can a format-2 body pass as format 3 under the same header.
        let relabelled = edit(&bytes, "version", VERSION.into());
        assert!(decode(&relabelled, "ws", Some(&key)).is_err());
    }

    #[test]
    fn another_key_or_an_unknown_epoch_does_not_open() {
        let (_, key) = Encryption::create("hemmelig", "ws").unwrap();
        let (_, other) = Encryption::create("en anden", "ws").unwrap();
        let r = "0123456789abcdef";
        let bytes = encode("ws", r, 1, &[change(r)], Some(&other)).unwrap();
        assert!(decode(&bytes, "ws", Some(&key)).is_err());
        let later = edit(&bytes, "epoch", 4.into());
        assert_eq!(
            decode(&later, "ws", Some(&key)).err(),
            Some(BadSegment::Sealed)
        );
        assert_eq!(decode(&bytes, "ws", None).err(), Some(BadSegment::Sealed));
    }

    #[test]
    fn unsealed_files_catch_accidents_only() {
        let r = "0123456789abcdef";
        let bytes = encode("ws", r, 1, &[change(r)], None).unwrap();
        assert!(decode(&bytes, "ws", None).is_ok());
        let cut = &bytes[..bytes.len() - 3];
        assert!(decode(cut, "ws", None).is_err());
    }

    #[test]
    fn the_old_format_still_reads_and_a_newer_one_is_named() {
        let (_, key) = Encryption::create("hemmelig", "ws").unwrap();
        let r = "0123456789abcdef";
        let old = encode_legacy(
            FORMAT,
            "ws",
            r,
            3,
            &[change(r)],
            Some(&key),
            Default::default(),
        );
        let (h, _) = decode(&old.unwrap(), "ws", Some(&key)).unwrap();
        assert_eq!(h.version, LEGACY);
        let newer = edit(
            &encode("ws", r, 1, &[], None).unwrap(),
            "version",
            (VERSION + 1).into(),
        );
        let why = decode(&newer, "ws", None).unwrap_err().to_string();
        assert!(why.contains("made by a newer Steerco"), "{why}");
    }
}
