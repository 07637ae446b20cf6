//! #16 point 4: key parameters and key-epoch records read from a folder are
//! checked before they are used. Someone who can write to the folder but
//! does not know the passphrase cannot plant a "passphrase was changed" or
//! make a member derive a key with absurd Argon2id parameters.

use std::path::{Path, PathBuf};

use steerco_domain::SystemClock;
use steerco_store::ops::initiative::InitiativeEdit;
use steerco_store::{NewWorkspace, Store};
use steerco_sync::crypto::{CryptoError, Encryption, KeyEpoch};
use steerco_sync::folder::join_folder;
use steerco_sync::{change_passphrase, sync_folder, SyncError};

const PASS: &str = "korrekt hest batteri";

fn setup() -> (tempfile::TempDir, PathBuf, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shared");
    let mut a = Store::create(
        &dir.path().join("a.steerco"),
        NewWorkspace::default(),
        Box::new(SystemClock),
    )
    .unwrap();
    a.set_me("Anne").unwrap();
    a.load_demo().unwrap();
    sync_folder(&mut a, &folder, Some(PASS)).unwrap();
    let (mut b, _) = join_folder(
        &dir.path().join("b.steerco"),
        &folder,
        Some(PASS),
        Box::new(SystemClock),
    )
    .unwrap();
    b.set_me("Bent").unwrap();
    (dir, folder, a, b)
}

fn edit_title(s: &mut Store, code: &str, title: &str) {
    let edit = InitiativeEdit {
        title: Some(title.into()),
        ..Default::default()
    };
    s.edit_initiative(code, edit).unwrap();
}

fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for f in std::fs::read_dir(d).unwrap() {
            let p = f.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Write a key record as someone without the passphrase can: from a key of
/// their own making (their own "epoch 0"), so its proof is made with a key
/// that is not the folder's.
fn plant(folder: &Path, ws: &str, epoch: u32, replica: &str, with_proof: bool) -> PathBuf {
    let (_, own) = Encryption::create("inntrænger", ws).unwrap();
    let (mut record, _) = own.next("inntrænger igen", ws, replica).unwrap();
    record.epoch = epoch;
    if !with_proof {
        record.proof = None; // as a Steerco before 16 wrote them
    }
    let path = folder
        .join("keys")
        .join(format!("epoch-{epoch:06}-{replica}.json"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_vec(&record).unwrap()).unwrap();
    path
}

#[test]
fn key_parameters_out_of_bounds_are_refused_before_anything_is_written() {
    let (dir, folder, mut a, _b) = setup();
    let marker_path = folder.join(steerco_sync::folder::MARKER);
    let original = std::fs::read_to_string(&marker_path).unwrap();
    edit_title(&mut a, "8.1", "Ikke sendt");
    for (field, value) in [
        ("m_cost", 2_097_152u32), // 2 GiB
        ("m_cost", 8),
        ("t_cost", 11),
        ("t_cost", 1),
        ("p_cost", 9),
        ("p_cost", 0),
    ] {
        let mut marker: serde_json::Value = serde_json::from_str(&original).unwrap();
        marker["encryption"][field] = value.into();
        std::fs::write(&marker_path, marker.to_string()).unwrap();
        let before = listing(&folder);
        let err = sync_folder(&mut a, &folder, Some(PASS)).unwrap_err();
        assert!(
            matches!(err, SyncError::Crypto(CryptoError::KeyParameters(_))),
            "{field}={value}: {err}"
        );
        assert_eq!(err.code(), "crypto");
        assert_eq!(listing(&folder), before, "{field}={value}: nothing written");
        let path = dir.path().join(format!("c-{field}-{value}.steerco"));
        let err = join_folder(&path, &folder, Some(PASS), Box::new(SystemClock))
            .err()
            .unwrap();
        assert!(matches!(
            err,
            SyncError::Crypto(CryptoError::KeyParameters(_))
        ));
        assert!(!path.exists(), "no workspace created");
    }
    std::fs::write(&marker_path, &original).unwrap();
    sync_folder(&mut a, &folder, Some(PASS)).unwrap();
}

#[test]
fn planted_key_records_are_set_aside_and_sync_goes_on_with_the_current_key() {
    let (_dir, folder, mut a, mut b) = setup();
    let ws = a.workspace().unwrap().id;
    let other = b.replica().to_string();
    let planted = [
        plant(&folder, &ws, 1, "00000000000000b2", true),
        plant(&folder, &ws, 1, &other, false),
        plant(&folder, &ws, 7, "00000000000000a1", true),
    ];
    // A record with parameters out of bounds is set aside unread.
    let mut costly: KeyEpoch =
        serde_json::from_slice(&std::fs::read(&planted[0]).unwrap()).unwrap();
    (costly.epoch, costly.encryption.m_cost) = (2, 4_194_304);
    let costly_path = folder
        .join("keys")
        .join("epoch-000002-00000000000000c3.json");
    std::fs::write(&costly_path, serde_json::to_vec(&costly).unwrap()).unwrap();

    edit_title(&mut a, "8.1", "Efter indbruddet");
    let ra = sync_folder(&mut a, &folder, Some(PASS)).unwrap();
    let rb = sync_folder(&mut b, &folder, Some(PASS)).unwrap();
    assert!(b.export_json().unwrap().contains("Efter indbruddet"));
    for report in [&ra, &rb] {
        for p in planted.iter().chain([&costly_path]) {
            assert!(
                report.set_aside.iter().any(|(q, _)| q == p),
                "{p:?} not named: {:?}",
                report.set_aside
            );
        }
    }
    let why = |p: &PathBuf| rb.set_aside.iter().find(|(q, _)| q == p).unwrap().1.clone();
    assert!(
        why(&planted[0]).contains("does not prove"),
        "{}",
        why(&planted[0])
    );
    assert!(
        why(&planted[1]).contains("no proof"),
        "{}",
        why(&planted[1])
    );
    assert!(
        why(&costly_path).contains("out of bounds"),
        "{}",
        why(&costly_path)
    );
    // Not a permanent state: every later sync goes on the same way.
    edit_title(&mut b, "9.1", "Stadig i gang");
    sync_folder(&mut b, &folder, Some(PASS)).unwrap();
    sync_folder(&mut a, &folder, Some(PASS)).unwrap();
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());

    // A real change still counts, planted records beside it or not.
    change_passphrase(&mut a, &folder, PASS, "en helt ny sætning").unwrap();
    let err = sync_folder(&mut b, &folder, Some(PASS)).unwrap_err();
    assert_eq!(err.code(), "passphrase_changed", "{err}");
    let r = sync_folder(&mut b, &folder, Some("en helt ny sætning")).unwrap();
    assert!(r.set_aside.iter().any(|(q, _)| q == &planted[2]), "{r:?}");
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
}

#[test]
fn a_record_opened_with_a_planted_passphrase_is_not_used() {
    // Someone who planted a record for a passphrase of their own and talks a
    // member into using it: the record lists no genuine earlier key.
    let (_dir, folder, a, mut b) = setup();
    let ws = a.workspace().unwrap().id;
    plant(&folder, &ws, 1, "00000000000000b2", true);
    let err = sync_folder(&mut b, &folder, Some("inntrænger igen")).unwrap_err();
    assert_eq!(err.code(), "wrong_passphrase", "{err}");
}
