//! The secrets the app holds: a workspace's sync passphrase and a sync
//! server's token. Kept in the OS keyring (steerco-keyring) where there is
//! one, and in memory for this run, the only place where there is none.
//! Never in the workspace or the shared folder.

use std::collections::HashMap;
use std::sync::Mutex;

use steerco_keyring::Secret;

/// This run's secrets.
#[derive(Default)]
pub struct Secrets {
    passphrase: Mutex<Option<String>>,
    tokens: Mutex<HashMap<String, String>>,
}

impl Secrets {
    /// The passphrase for a sync of `workspace`: typed now, else kept this
    /// run, else the one the OS keyring holds.
    pub fn passphrase_for(&self, typed: Option<String>, workspace: &str) -> Option<String> {
        let typed = typed.filter(|p| !p.is_empty());
        let kept = self.passphrase.lock().unwrap_or_else(|e| e.into_inner());
        typed
            .or_else(|| kept.clone())
            .or_else(|| steerco_keyring::load(workspace).ok().flatten())
    }

    /// After a sync or join that worked with `passphrase`: keep it. Says
    /// where, as the Sync view reports it: `keyring`, `memory` or `none`.
    pub fn keep_passphrase(&self, workspace: &str, passphrase: Option<&str>) -> String {
        let Some(p) = passphrase else {
            return "none".into();
        };
        *self.passphrase.lock().unwrap_or_else(|e| e.into_inner()) = Some(p.to_string());
        match steerco_keyring::save(workspace, p) {
            Ok(()) => "keyring".into(),
            Err(_) => "memory".into(),
        }
    }

    /// The server token of `workspace`: given this run, else from the keyring.
    pub fn token_for(&self, workspace: &str) -> Option<String> {
        let kept = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(workspace).cloned().or_else(|| {
            steerco_keyring::load_secret(Secret::ServerToken, workspace)
                .ok()
                .flatten()
        })
    }

    /// Keep a token that worked: in memory, and in the keyring where there is one.
    pub fn keep_token(&self, workspace: &str, token: &str) {
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(workspace.to_string(), token.to_string());
        let _ = steerco_keyring::save_secret(Secret::ServerToken, workspace, token);
    }
}
