//! Sync's errors as the app gets them: each with its stable code and typed
//! parameters (`steerco_app_core::problem`), so the UI says it in its language.

use steerco_sync::crypto::CryptoError;
use steerco_sync::folder::SyncError;
use steerco_sync::server::ServerError;
use steerco_sync::via::Via;

use super::{shown, ApiError, Problem, SyncKind};

fn kind(name: &str) -> SyncKind {
    if name == Via::Folder.name() {
        SyncKind::Folder
    } else {
        SyncKind::Server
    }
}

fn crypto(e: &CryptoError) -> Problem {
    match e {
        CryptoError::WrongPassphrase => Problem::WrongPassphrase,
        // Key parameters out of bounds: the detail says so (a planted marker).
        CryptoError::Kdf(_) | CryptoError::Random(_) | CryptoError::KeyParameters(_) => {
            Problem::Crypto {
                detail: e.to_string(),
            }
        }
    }
}

impl From<SyncError> for ApiError {
    fn from(e: SyncError) -> ApiError {
        let message = e.to_string();
        let problem = match e {
            SyncError::Store(e) => return ApiError::from(e),
            SyncError::OtherWorkspace {
                folder,
                theirs,
                ours,
            } => Problem::OtherWorkspace {
                place: Some(shown(&folder)),
                theirs,
                ours,
            },
            SyncError::NotAFolder(p) => Problem::NotASyncFolder { path: shown(&p) },
            SyncError::NewerFolder(p) => Problem::NewerFolder { place: shown(&p) },
            SyncError::Io { path, source } => Problem::Io {
                path: Some(shown(&path)),
                detail: source.to_string(),
            },
            SyncError::NeedsPassphrase(p) => Problem::NeedsPassphrase { place: shown(&p) },
            SyncError::NotEncrypted(p) => Problem::NotEncrypted { place: shown(&p) },
            SyncError::PassphraseChanged(p) => Problem::PassphraseChanged { place: shown(&p) },
            SyncError::EmptyPassphrase => Problem::EmptyPassphrase,
            SyncError::ClosedItemsNeedEncryption { folder, closed } => {
                Problem::ClosedItemsNeedEncryption {
                    place: shown(&folder),
                    closed,
                }
            }
            SyncError::OtherKind { used, wanted } => Problem::OtherSyncKind {
                used: kind(used),
                wanted: kind(wanted),
            },
            SyncError::Crypto(e) => crypto(&e),
        };
        ApiError::new(problem, message)
    }
}

impl From<ServerError> for ApiError {
    fn from(e: ServerError) -> ApiError {
        let message = e.to_string();
        let problem = match e {
            ServerError::Sync(e) => return ApiError::from(e),
            ServerError::BadUrl(url) => Problem::BadServerUrl { url },
            ServerError::Unauthorized => Problem::Unauthorized,
            ServerError::NothingToJoin => Problem::NothingToJoin,
            ServerError::OtherWorkspace { theirs, ours } => Problem::OtherWorkspace {
                place: None,
                theirs,
                ours,
            },
            ServerError::SegmentConflict { segment } => Problem::SegmentConflict { segment },
            ServerError::Refused {
                status,
                code,
                message,
            } => Problem::ServerRefused {
                status,
                code,
                detail: message,
            },
            ServerError::Unreachable {
                url,
                attempts,
                last,
            } => Problem::ServerUnreachable {
                url,
                attempts,
                detail: last,
            },
            ServerError::Protocol(detail) => Problem::ServerProtocol { detail },
            ServerError::OtherAddress {
                first,
                first_is,
                other,
                other_is,
            } => Problem::OtherAddress {
                first,
                first_is,
                other,
                other_is,
            },
            ServerError::Closed => Problem::Closed,
        };
        ApiError::new(problem, message)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use steerco_store::StoreError;

    use super::*;

    /// The app sees the codes the CLI's tests and the live status use.
    #[test]
    fn the_app_gets_the_codes_of_the_sync_errors() {
        let sync = [
            SyncError::NotAFolder(PathBuf::from("/x")),
            SyncError::NeedsPassphrase(PathBuf::from("/x")),
            SyncError::Crypto(CryptoError::WrongPassphrase),
            SyncError::Crypto(CryptoError::Kdf("x".into())),
            SyncError::OtherKind {
                used: Via::Server.name(),
                wanted: Via::Folder.name(),
            },
            SyncError::Store(StoreError::NoWorkspaceOpen),
        ];
        for e in sync {
            let code = e.code();
            assert_eq!(ApiError::from(e).code(), code);
        }
        let server = [
            ServerError::Unauthorized,
            ServerError::OtherWorkspace {
                theirs: "a".into(),
                ours: "b".into(),
            },
            ServerError::Unreachable {
                url: "http://x".into(),
                attempts: 3,
                last: "refused".into(),
            },
            ServerError::OtherAddress {
                first: "http://a/ws".into(),
                first_is: "workspace 1 (generation 2)".into(),
                other: "http://b/ws".into(),
                other_is: "workspace 3 (generation 2)".into(),
            },
            ServerError::Sync(SyncError::EmptyPassphrase),
        ];
        for e in server {
            let code = e.code();
            assert_eq!(ApiError::from(e).code(), code);
        }
    }

    #[test]
    fn parameters_are_data() {
        let e = ApiError::from(SyncError::OtherKind {
            used: Via::Server.name(),
            wanted: Via::Folder.name(),
        });
        assert_eq!(
            serde_json::to_value(&e).unwrap()["params"],
            serde_json::json!({"used": "server", "wanted": "folder"})
        );
    }
}
