//! The workspace passphrase (and a sync server's token) in the operating system's keyring: the Secret
//! Service on Linux (GNOME Keyring, KWallet), the Credential Manager on
//! Windows, the Keychain on macOS. Never in the workspace file or the folder.
//!
//! Where no keyring answers (a bare Linux session without a Secret Service
//! daemon), every call says so with [`KeyringError::Unavailable`]; the app
//! then keeps the passphrase in memory for the run and tells the user.

use keyring::Entry;

/// The keyring's service name; entries are per workspace id.
pub const SERVICE: &str = "steerco";

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum KeyringError {
    #[error("no keyring of the operating system is available: {0}")]
    Unavailable(String),
    #[error("the keyring refused: {0}")]
    Failed(String),
}

impl KeyringError {
    pub fn code(&self) -> &'static str {
        match self {
            KeyringError::Unavailable(_) => "keyring_unavailable",
            KeyringError::Failed(_) => "keyring_failed",
        }
    }
}

/// What is kept: each workspace has at most one of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    /// The passphrase of an encrypted folder or server workspace.
    Passphrase,
    /// The member's token for the workspace's sync server.
    ServerToken,
}

fn entry(secret: Secret, workspace: &str) -> Result<Entry, KeyringError> {
    let user = match secret {
        Secret::Passphrase => format!("workspace:{workspace}"),
        Secret::ServerToken => format!("server-token:{workspace}"),
    };
    Entry::new(SERVICE, &user).map_err(map)
}

fn map(e: keyring::Error) -> KeyringError {
    match e {
        keyring::Error::NoStorageAccess(inner) | keyring::Error::PlatformFailure(inner) => {
            KeyringError::Unavailable(inner.to_string())
        }
        other => KeyringError::Failed(other.to_string()),
    }
}

/// Keep the passphrase of `workspace` (replacing any kept before).
pub fn save(workspace: &str, passphrase: &str) -> Result<(), KeyringError> {
    save_secret(Secret::Passphrase, workspace, passphrase)
}

/// The passphrase kept for `workspace`, or None when none is kept.
pub fn load(workspace: &str) -> Result<Option<String>, KeyringError> {
    load_secret(Secret::Passphrase, workspace)
}

/// Forget the passphrase of `workspace`; forgetting nothing is fine.
pub fn forget(workspace: &str) -> Result<(), KeyringError> {
    forget_secret(Secret::Passphrase, workspace)
}

/// Keep a secret of `workspace` (replacing any of that kind kept before).
pub fn save_secret(secret: Secret, workspace: &str, value: &str) -> Result<(), KeyringError> {
    entry(secret, workspace)?.set_password(value).map_err(map)
}

/// The secret of that kind kept for `workspace`, or None.
pub fn load_secret(secret: Secret, workspace: &str) -> Result<Option<String>, KeyringError> {
    match entry(secret, workspace)?.get_password() {
        Ok(p) => Ok(Some(p)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(map(e)),
    }
}

/// Forget the secret of that kind of `workspace`; forgetting nothing is fine.
pub fn forget_secret(secret: Secret, workspace: &str) -> Result<(), KeyringError> {
    match entry(secret, workspace)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(map(e)),
    }
}
