//! Optional encryption of a sync folder with a workspace passphrase: a key
//! from Argon2id (parameters and salt in the folder marker), every segment
//! body sealed with XChaCha20-Poly1305 under a random 24-byte nonce.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Encryption {
    pub kdf: String,
    pub salt: String,
    pub m_cost: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    /// A known text sealed with the key: opens only with the right passphrase.
    pub check: String,
}

/// The folder's current key and, after passphrase changes, the keys of
/// earlier epochs (files sealed before a change stay readable).
pub struct Key {
    epoch: u32,
    bytes: [u8; 32],
    older: std::collections::BTreeMap<u32, [u8; 32]>,
}

impl Key {
    fn new(bytes: [u8; 32]) -> Key {
        Key {
            epoch: 0,
            bytes,
            older: Default::default(),
        }
    }

    /// The epoch new files are sealed in.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    fn for_epoch(&self, epoch: u32) -> Option<&[u8; 32]> {
        if epoch == self.epoch {
            Some(&self.bytes)
        } else {
            self.older.get(&epoch)
        }
    }

    /// A key for the next epoch (a new passphrase), and the record of all
    /// earlier keys sealed under it, for the folder's key file.
    pub fn next(&self, passphrase: &str, workspace: &str) -> Result<(KeyEpoch, Key), CryptoError> {
        let (encryption, fresh) = Encryption::create(passphrase, workspace)?;
        let mut older = self.older.clone();
        older.insert(self.epoch, self.bytes);
        let key = Key {
            epoch: self.epoch + 1,
            bytes: fresh.bytes,
            older,
        };
        let listed: std::collections::BTreeMap<u32, String> =
            key.older.iter().map(|(e, k)| (*e, hex(k))).collect();
        let plain = serde_json::to_vec(&listed).map_err(|e| CryptoError::Kdf(e.to_string()))?;
        let epoch = KeyEpoch {
            epoch: key.epoch,
            encryption,
            previous: hex(&seal(&key, &plain)?),
        };
        Ok((epoch, key))
    }
}

/// A passphrase change: the new epoch's key parameters, and every earlier
/// key sealed under the new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyEpoch {
    pub epoch: u32,
    pub encryption: Encryption,
    pub previous: String,
}

impl KeyEpoch {
    /// The key of this epoch and all earlier ones, for `passphrase`.
    pub fn unlock(&self, passphrase: &str, workspace: &str) -> Result<Key, CryptoError> {
        let mut key = self.encryption.unlock(passphrase, workspace)?;
        key.epoch = self.epoch;
        let sealed = unhex(&self.previous).ok_or(CryptoError::WrongPassphrase)?;
        let plain = open(&key, &sealed).ok_or(CryptoError::WrongPassphrase)?;
        let listed: std::collections::BTreeMap<u32, String> =
            serde_json::from_slice(&plain).map_err(|_| CryptoError::WrongPassphrase)?;
        for (e, k) in listed {
            let bytes: [u8; 32] = unhex(&k)
                .and_then(|b| b.try_into().ok())
                .ok_or(CryptoError::WrongPassphrase)?;
            key.older.insert(e, bytes);
        }
        Ok(key)
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CryptoError {
    #[error("the passphrase is wrong for this folder")]
    WrongPassphrase,
    #[error("key derivation failed: {0}")]
    Kdf(String),
    #[error("no random numbers from the operating system: {0}")]
    Random(String),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut buf = [0u8; N];
    getrandom::getrandom(&mut buf).map_err(|e| CryptoError::Random(e.to_string()))?;
    Ok(buf)
}

fn check_text(workspace: &str) -> Vec<u8> {
    format!("steerco-folder-check:{workspace}").into_bytes()
}

fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<Key, CryptoError> {
    let params = Params::new(m, t, p, Some(32)).map_err(|e| CryptoError::Kdf(e.to_string()))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
    Ok(Key::new(key))
}

impl Encryption {
    /// New parameters (OWASP's Argon2id minimum: 19 MiB, 2 passes) and the key.
    pub fn create(passphrase: &str, workspace: &str) -> Result<(Encryption, Key), CryptoError> {
        let salt = random::<16>()?;
        let (m_cost, t_cost, p_cost) = (19_456, 2, 1);
        let key = derive(passphrase, &salt, m_cost, t_cost, p_cost)?;
        let check = hex(&seal(&key, &check_text(workspace))?);
        Ok((
            Encryption {
                kdf: "argon2id".into(),
                salt: hex(&salt),
                m_cost,
                t_cost,
                p_cost,
                check,
            },
            key,
        ))
    }

    /// The key for `passphrase`, verified against the folder's check.
    pub fn unlock(&self, passphrase: &str, workspace: &str) -> Result<Key, CryptoError> {
        let salt = unhex(&self.salt).ok_or_else(|| CryptoError::Kdf("bad salt".into()))?;
        let key = derive(passphrase, &salt, self.m_cost, self.t_cost, self.p_cost)?;
        let sealed = unhex(&self.check).ok_or(CryptoError::WrongPassphrase)?;
        match open(&key, &sealed) {
            Some(text) if text == check_text(workspace) => Ok(key),
            _ => Err(CryptoError::WrongPassphrase),
        }
    }
}

/// nonce (24 bytes) followed by the ciphertext with its tag, under the
/// current epoch's key.
pub fn seal(key: &Key, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let nonce = random::<24>()?;
    let cipher = XChaCha20Poly1305::new((&key.bytes).into());
    let mut out = nonce.to_vec();
    out.extend(
        cipher
            .encrypt(XNonce::from_slice(&nonce), plain)
            .map_err(|_| CryptoError::Kdf("encryption failed".into()))?,
    );
    Ok(out)
}

pub fn open(key: &Key, sealed: &[u8]) -> Option<Vec<u8>> {
    open_epoch(key, key.epoch, sealed)
}

/// Open what was sealed in `epoch` (the current one or an earlier one).
pub fn open_epoch(key: &Key, epoch: u32, sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < 24 {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(key.for_epoch(epoch)?.into());
    cipher
        .decrypt(XNonce::from_slice(&sealed[..24]), &sealed[24..])
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_passphrase_unlocks_and_a_wrong_one_does_not() {
        let (enc, key) = Encryption::create("korrekt hest batteri", "ws-1").unwrap();
        let sealed = seal(&key, b"hemmeligt").unwrap();
        let again = enc.unlock("korrekt hest batteri", "ws-1").unwrap();
        assert_eq!(open(&again, &sealed).unwrap(), b"hemmeligt");
        assert_eq!(
            enc.unlock("forkert", "ws-1").err(),
            Some(CryptoError::WrongPassphrase)
        );
        assert_eq!(
            enc.unlock("korrekt hest batteri", "ws-2").err(),
            Some(CryptoError::WrongPassphrase)
        );
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(open(&again, &tampered).is_none());
    }
}
