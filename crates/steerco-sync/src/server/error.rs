//! What can go wrong talking to a sync server.

use steerco_store::StoreError;

use crate::crypto::CryptoError;
use crate::folder::SyncError;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "{0} is not a workspace address on a Steerco server (expected http(s)://HOST[:PORT]/NAME)"
    )]
    BadUrl(String),
    #[error(
        "the server refused the token for this workspace (wrong, revoked or for another workspace)"
    )]
    Unauthorized,
    #[error(
        "the server's workspace is empty: nobody has synced to it yet, so there is nothing to join"
    )]
    NothingToJoin,
    #[error("the server's workspace belongs to another Steerco workspace ({theirs}); this one is {ours}. Nothing was exchanged.")]
    OtherWorkspace { theirs: String, ours: String },
    #[error("{first} and {other} are not addresses of one server workspace: {first} serves {first_is}, {other} serves {other_is}. Nothing was exchanged with {other}.")]
    OtherAddress {
        first: String,
        first_is: String,
        other: String,
        other_is: String,
    },
    #[error("the server already holds segment {segment} of this replica with different content; this workspace file was copied or restored from a backup. Nothing more was sent.")]
    SegmentConflict { segment: u64 },
    #[error("the server refused the request ({status} {code}): {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    #[error("the server at {url} could not be reached after {attempts} attempts: {last}")]
    Unreachable {
        url: String,
        attempts: u32,
        last: String,
    },
    #[error("the server sent something this version does not understand: {0}")]
    Protocol(String),
    #[error("the workspace was closed while it synced")]
    Closed,
    #[error(transparent)]
    Sync(#[from] SyncError),
}

impl ServerError {
    pub fn code(&self) -> &'static str {
        match self {
            ServerError::BadUrl(_) => "bad_server_url",
            ServerError::Unauthorized => "unauthorized",
            ServerError::NothingToJoin => "nothing_to_join",
            ServerError::OtherWorkspace { .. } => "other_workspace",
            ServerError::OtherAddress { .. } => "other_address",
            ServerError::SegmentConflict { .. } => "segment_conflict",
            ServerError::Refused { .. } => "server_refused",
            ServerError::Unreachable { .. } => "server_unreachable",
            ServerError::Protocol(_) => "server_protocol",
            ServerError::Closed => "closed",
            ServerError::Sync(e) => e.code(),
        }
    }
}

/// What a server says when a blob (a paper's sealed bytes) is over its
/// limit (413): a refusal with both sizes, which the app shows as it is.
pub(super) fn blob_too_large(size: u64, limit: Option<u64>) -> ServerError {
    let mib = |n: u64| format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0));
    let message = match limit {
        Some(limit) => format!(
            "the server takes papers of at most {} ({limit} bytes); this one is {} ({size} bytes)",
            mib(limit),
            mib(size)
        ),
        None => format!(
            "the server (or a proxy before it) takes no paper this large: {} ({size} bytes)",
            mib(size)
        ),
    };
    ServerError::Refused {
        status: 413,
        code: BLOB_TOO_LARGE.into(),
        message,
    }
}

/// The code of `ServerError::Refused` for a blob over the server's limit.
pub const BLOB_TOO_LARGE: &str = "blob_too_large";

impl From<StoreError> for ServerError {
    fn from(e: StoreError) -> Self {
        ServerError::Sync(SyncError::Store(e))
    }
}

impl From<CryptoError> for ServerError {
    fn from(e: CryptoError) -> Self {
        ServerError::Sync(SyncError::Crypto(e))
    }
}
