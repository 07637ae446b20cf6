//! Optional encryption of a sync folder with a workspace passphrase: a key
//! from Argon2id (parameters and salt in the folder marker), every segment
//! body sealed with XChaCha20-Poly1305 under a random 24-byte nonce.

use std::ops::RangeInclusive;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Argon2id parameters this version accepts from a folder or a server: never
/// weaker than what it writes (OWASP's minimum), never so costly that a
/// planted marker or key record makes every sync take gigabytes or minutes.
pub const M_COST: RangeInclusive<u32> = 19_456..=1_048_576; // KiB: 19 MiB to 1 GiB
pub const T_COST: RangeInclusive<u32> = 2..=10;
pub const P_COST: RangeInclusive<u32> = 1..=8;
const SALT_BYTES: RangeInclusive<usize> = 16..=64;

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
#[derive(Clone)]
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

    #[cfg(test)]
    pub(crate) fn for_tests(bytes: [u8; 32]) -> Key {
        Key::new(bytes)
    }

    /// The epoch new files are sealed in.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// Whether this key holds exactly the epochs 0 up to its own.
    pub(crate) fn holds_every_earlier_epoch(&self) -> bool {
        self.older.keys().copied().eq(0..self.epoch)
    }

    pub(crate) fn for_epoch(&self, epoch: u32) -> Option<&[u8; 32]> {
        if epoch == self.epoch {
            Some(&self.bytes)
        } else {
            self.older.get(&epoch)
        }
    }

    /// A key for the next epoch (a new passphrase), and the record of all
    /// earlier keys sealed under it, for the folder's key file.
    /// `replica` is the one making the change: the record proves, with a MAC
    /// under a key derived from this (the previous) epoch's key, that its
    /// writer knew that key.
    pub fn next(
        &self,
        passphrase: &str,
        workspace: &str,
        replica: &str,
    ) -> Result<(KeyEpoch, Key), CryptoError> {
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
        let mut epoch = KeyEpoch {
            epoch: key.epoch,
            encryption,
            previous: hex(&seal(&key, &plain)?),
            proof: None,
        };
        epoch.proof = Some(hex(&epoch.mac(&self.bytes, workspace, replica)));
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
    /// HMAC-SHA256 over the workspace, the writing replica and the fields
    /// above, under a key derived from the previous epoch's key: a member who
    /// cannot open this record (an older passphrase) can still tell a real
    /// change from a file planted by someone without the passphrase. Records
    /// of Steerco before 16 have none (see `folder::keys` for their rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<String>,
}

const PROOF_DOMAIN: &[u8] = b"steerco key-epoch proof v1";

impl KeyEpoch {
    fn mac(&self, previous_key: &[u8; 32], workspace: &str, replica: &str) -> Vec<u8> {
        // A key of its own for proofs, never the sealing key itself.
        let mut derive =
            <Hmac<Sha256> as Mac>::new_from_slice(previous_key).expect("HMAC takes any key length");
        derive.update(PROOF_DOMAIN);
        let proof_key = derive.finalize().into_bytes();
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&proof_key).expect("HMAC takes any key length");
        let content = (
            workspace,
            replica,
            self.epoch,
            &self.encryption,
            &self.previous,
        );
        mac.update(&serde_json::to_vec(&content).unwrap_or_default());
        mac.finalize().into_bytes().to_vec()
    }

    /// Whether the record's proof holds under `previous_key` (the key of the
    /// epoch before it): false without a proof. Needs no key derivation, so
    /// checking a planted record costs nothing.
    pub fn proves(&self, previous_key: &[u8; 32], workspace: &str, replica: &str) -> bool {
        let Some(proof) = self.proof.as_deref().and_then(unhex) else {
            return false;
        };
        let expected = self.mac(previous_key, workspace, replica);
        // Constant time, as for any MAC check.
        expected.len() == proof.len()
            && expected
                .iter()
                .zip(&proof)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }

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
    /// Argon2id parameters out of `M_COST`, `T_COST`, `P_COST` (or another
    /// KDF): Steerco never writes them, so the file was not made by it.
    #[error("the key parameters are out of bounds ({0}); Steerco never writes these, so this marker or key record was not made by it. Nothing was done")]
    KeyParameters(String),
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

pub(crate) fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut buf = [0u8; N];
    getrandom::getrandom(&mut buf).map_err(|e| CryptoError::Random(e.to_string()))?;
    Ok(buf)
}

fn check_text(workspace: &str) -> Vec<u8> {
    format!("steerco-folder-check:{workspace}").into_bytes()
}

/// The keys this process derived, newest last, under a digest of what they
/// were derived from. A sync derives the folder's key from the passphrase
/// every time (Argon2id: about 50 ms and 19 MiB here) and the app syncs every
/// minute; remembering the result costs nothing the process does not hold
/// already (the key itself is what a sync keeps in memory), and the
/// passphrase is not kept.
static DERIVED: std::sync::Mutex<Vec<([u8; 32], [u8; 32])>> = std::sync::Mutex::new(Vec::new());
const DERIVED_MAX: usize = 8;

fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<Key, CryptoError> {
    use sha2::Digest;
    let mut id = Sha256::new();
    for part in [passphrase.as_bytes(), salt] {
        id.update((part.len() as u64).to_le_bytes());
        id.update(part);
    }
    for n in [m, t, p] {
        id.update(n.to_le_bytes());
    }
    let id: [u8; 32] = id.finalize().into();
    let known =
        |cache: &Vec<([u8; 32], [u8; 32])>| cache.iter().find(|(i, _)| *i == id).map(|(_, k)| *k);
    if let Some(key) = DERIVED.lock().ok().as_deref().and_then(known) {
        return Ok(Key::new(key));
    }
    let params = Params::new(m, t, p, Some(32)).map_err(|e| CryptoError::Kdf(e.to_string()))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
    if let Ok(mut cache) = DERIVED.lock() {
        if cache.len() >= DERIVED_MAX {
            cache.remove(0);
        }
        cache.push((id, key));
    }
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

    /// Refuse parameters this version never writes (see `M_COST`): checked
    /// before any key derivation, so a planted file cannot make one cost a
    /// gigabyte more than allowed or be weaker than the default.
    pub fn check_bounds(&self) -> Result<(), CryptoError> {
        let salt = unhex(&self.salt).map_or(0, |s| s.len());
        let bad = if self.kdf != "argon2id" {
            format!("key derivation {:?}", self.kdf)
        } else if !M_COST.contains(&self.m_cost) {
            format!("memory {} KiB, allowed {M_COST:?}", self.m_cost)
        } else if !T_COST.contains(&self.t_cost) {
            format!("{} passes, allowed {T_COST:?}", self.t_cost)
        } else if !P_COST.contains(&self.p_cost) {
            format!("{} lanes, allowed {P_COST:?}", self.p_cost)
        } else if !SALT_BYTES.contains(&salt) {
            format!("salt of {salt} bytes, allowed {SALT_BYTES:?}")
        } else {
            return Ok(());
        };
        Err(CryptoError::KeyParameters(bad))
    }

    /// The key for `passphrase`, verified against the folder's check.
    pub fn unlock(&self, passphrase: &str, workspace: &str) -> Result<Key, CryptoError> {
        self.check_bounds()?;
        let salt = unhex(&self.salt).ok_or_else(|| CryptoError::Kdf("bad salt".into()))?;
        let key = derive(passphrase, &salt, self.m_cost, self.t_cost, self.p_cost)?;
        if self.opens_with(&key.bytes, workspace) {
            Ok(key)
        } else {
            Err(CryptoError::WrongPassphrase)
        }
    }

    /// Whether `key` is this epoch's key (its check text opens with it): how
    /// an earlier key listed inside a newer record is verified.
    pub(crate) fn opens_with(&self, key: &[u8; 32], workspace: &str) -> bool {
        let Some(sealed) = unhex(&self.check) else {
            return false;
        };
        matches!(open(&Key::new(*key), &sealed), Some(text) if text == check_text(workspace))
    }
}

/// nonce (24 bytes) followed by the ciphertext with its tag, under the
/// current epoch's key.
pub fn seal(key: &Key, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
    seal_with(key, plain, &[])
}

/// `seal`, binding `aad` (associated data: authenticated, not encrypted, not
/// stored) to the result: it opens only with the same `aad`.
pub fn seal_with(key: &Key, plain: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let nonce = random::<24>()?;
    let cipher = XChaCha20Poly1305::new((&key.bytes).into());
    let mut out = nonce.to_vec();
    out.extend(
        cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
            .map_err(|_| CryptoError::Kdf("encryption failed".into()))?,
    );
    Ok(out)
}

pub fn open(key: &Key, sealed: &[u8]) -> Option<Vec<u8>> {
    open_epoch(key, key.epoch, sealed)
}

/// Open what was sealed in `epoch` (the current one or an earlier one).
pub fn open_epoch(key: &Key, epoch: u32, sealed: &[u8]) -> Option<Vec<u8>> {
    open_epoch_with(key, epoch, sealed, &[])
}

/// Open what was sealed in `epoch` with associated data `aad`.
pub fn open_epoch_with(key: &Key, epoch: u32, sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < 24 {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(key.for_epoch(epoch)?.into());
    let msg = &sealed[24..];
    cipher
        .decrypt(XNonce::from_slice(&sealed[..24]), Payload { msg, aad })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_derivation_is_the_same_key_and_other_inputs_are_not() {
        let salt = [7u8; 16];
        let a = derive("hest", &salt, 19_456, 2, 1).unwrap();
        let again = derive("hest", &salt, 19_456, 2, 1).unwrap();
        assert_eq!(a.bytes, again.bytes);
        for other in [
            derive("hesT", &salt, 19_456, 2, 1).unwrap(),
            derive("hest", &[8u8; 16], 19_456, 2, 1).unwrap(),
            derive("hest", &salt, 19_456, 3, 1).unwrap(),
        ] {
            assert_ne!(a.bytes, other.bytes);
        }
    }

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

    #[test]
    fn associated_data_must_match_to_open() {
        let (_, key) = Encryption::create("hest", "ws-1").unwrap();
        let sealed = seal_with(&key, b"body", b"header").unwrap();
        assert_eq!(
            open_epoch_with(&key, 0, &sealed, b"header").unwrap(),
            b"body"
        );
        assert!(open_epoch_with(&key, 0, &sealed, b"headeR").is_none());
        assert!(open(&key, &sealed).is_none());
    }

    #[test]
    fn a_key_record_proves_the_previous_key_for_its_workspace_and_replica() {
        let (_, key) = Encryption::create("gammel", "ws-1").unwrap();
        let (record, _) = key.next("ny", "ws-1", "00000000000000a1").unwrap();
        assert!(record.proves(&key.bytes, "ws-1", "00000000000000a1"));
        assert!(!record.proves(&[7; 32], "ws-1", "00000000000000a1"));
        assert!(!record.proves(&key.bytes, "ws-1", "00000000000000b2"));
        assert!(!record.proves(&key.bytes, "ws-2", "00000000000000a1"));
        let mut edited = record.clone();
        edited.encryption.t_cost += 1;
        assert!(!edited.proves(&key.bytes, "ws-1", "00000000000000a1"));
        edited.proof = None;
        assert!(!edited.proves(&key.bytes, "ws-1", "00000000000000a1"));
    }

    #[test]
    fn parameters_out_of_bounds_are_refused_before_any_derivation() {
        let (enc, _) = Encryption::create("x", "ws-1").unwrap();
        assert_eq!(enc.check_bounds(), Ok(()));
        for change in [
            |e: &mut Encryption| e.m_cost = 1_048_577,
            |e: &mut Encryption| e.m_cost = 19_455,
            |e: &mut Encryption| e.t_cost = 11,
            |e: &mut Encryption| e.p_cost = 9,
            |e: &mut Encryption| e.kdf = "argon2i".into(),
            |e: &mut Encryption| e.salt = "00".into(),
        ] {
            let mut bad = enc.clone();
            change(&mut bad);
            assert!(matches!(
                bad.unlock("x", "ws-1"),
                Err(CryptoError::KeyParameters(_))
            ));
        }
    }
}
