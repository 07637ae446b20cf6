//! The workspace passphrase in the operating system's keyring: the Secret
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

fn entry(workspace: &str) -> Result<Entry, KeyringError> {
    Entry::new(SERVICE, &format!("workspace:{workspace}")).map_err(map)
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
    entry(workspace)?.set_password(passphrase).map_err(map)
}

/// The passphrase kept for `workspace`, or None when none is kept.
pub fn load(workspace: &str) -> Result<Option<String>, KeyringError> {
    match entry(workspace)?.get_password() {
        Ok(p) => Ok(Some(p)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(map(e)),
    }
}

/// Forget the passphrase of `workspace`; forgetting nothing is fine.
pub fn forget(workspace: &str) -> Result<(), KeyringError> {
    match entry(workspace)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(map(e)),
    }
}
