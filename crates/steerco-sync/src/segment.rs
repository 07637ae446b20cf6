//! One segment file: a header line, then the body. The header carries the
//! format version, the workspace and replica ids, the segment number, the
//! change count and the SHA-256 of the body.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use steerco_store::merge::ChangeRecord;

use crate::crypto::{open_epoch, seal, CryptoError, Key};

pub const FORMAT: &str = "steerco-segment";
/// A snapshot: every change its writer had, and which segments that covers.
pub const SNAPSHOT: &str = "steerco-snapshot";
pub const VERSION: u32 = 1;

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
    #[error("written by a newer Steerco (segment format {0}); update to read it")]
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
    let body = match key {
        Some(key) => seal(key, &plain)?,
        None => plain,
    };
    let header = Header {
        format: format.into(),
        version: VERSION,
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
    if header.version > VERSION {
        return Err(BadSegment::Newer(header.version));
    }
    Ok(header)
}

/// Verify a whole segment of `workspace` and return its changes.
pub fn decode(
    bytes: &[u8],
    workspace: &str,
    key: Option<&Key>,
) -> Result<(Header, Vec<ChangeRecord>), BadSegment> {
    let header = header(bytes)?;
    if header.workspace != workspace {
        return Err(BadSegment::OtherWorkspace);
    }
    let body = &bytes[bytes.iter().position(|b| *b == b'\n').unwrap_or(0) + 1..];
    if sha256_hex(body) != header.sha256 {
        return Err(BadSegment::Checksum);
    }
    let plain = match (header.sealed, key) {
        (true, Some(key)) => open_epoch(key, header.epoch, body).ok_or(BadSegment::Sealed)?,
        (true, None) => return Err(BadSegment::Sealed),
        (false, Some(_)) => return Err(BadSegment::NotSealed),
        (false, None) => body.to_vec(),
    };
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
