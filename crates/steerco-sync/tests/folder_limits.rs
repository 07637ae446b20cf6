//! Files weaker than today's format are accepted only as far as known:
//! old-format files up to the positions known when a replica first ran
//! format 2, files sealed with an earlier passphrase up to the positions
//! known at the change (a file set aside then never becomes known later).
//! And: a missing segment is reported (which member, which file, since
//! when) and holds back no one else; a replica numbers its segments from its
//! own verified files, never from a bare name.

use std::path::{Path, PathBuf};

use steerco_domain::SystemClock;
use steerco_store::ops::initiative::NewInitiative;
use steerco_store::{NewWorkspace, RowChange, Store};
use steerco_sync::folder::{folder_marker, join_folder};
use steerco_sync::{change_passphrase, segment, sync_folder};

fn members(folder_pass: Option<&str>, n: usize) -> (tempfile::TempDir, PathBuf, Vec<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shared");
    let mut a = Store::create(
        &dir.path().join("r0.steerco"),
        NewWorkspace::default(),
        Box::new(SystemClock),
    )
    .unwrap();
    a.set_me("R0").unwrap();
    a.write(vec![RowChange::insert("focus_area", "fa-1")
        .set("number", 1)
        .set("name_da", "Et")
        .set("name_en_verified", false)])
        .unwrap();
    sync_folder(&mut a, &folder, folder_pass).unwrap();
    let mut out = vec![a];
    for r in 1..n {
        let path = dir.path().join(format!("r{r}.steerco"));
        let (mut s, _) = join_folder(&path, &folder, folder_pass, Box::new(SystemClock)).unwrap();
        s.set_me(&format!("R{r}")).unwrap();
        out.push(s);
    }
    (dir, folder, out)
}

fn create(store: &mut Store, code: &str) {
    store
        .add_initiative(NewInitiative {
            code: code.into(),
            title: code.into(),
            focus_area: Some(1),
            ..Default::default()
        })
        .unwrap();
}

fn has(store: &Store, code: &str) -> bool {
    store
        .portfolio()
        .unwrap()
        .initiatives
        .iter()
        .any(|i| i.code == code)
}

/// The changes of `store` not yet in any file (it never syncs itself).
fn unsent(store: &Store) -> Vec<steerco_store::merge::ChangeRecord> {
    store
        .local_changes_after(0, 1000)
        .unwrap()
        .into_iter()
        .map(|(_, c)| c)
        .collect()
}

fn seg_path(folder: &Path, store: &Store, seq: u64) -> PathBuf {
    std::fs::create_dir_all(folder.join(store.replica().to_string())).unwrap();
    folder
        .join(store.replica().to_string())
        .join(format!("{seq:010}.seg"))
}

#[test]
fn old_format_files_count_only_up_to_the_upgrade() {
    // Member 2 stands for an old client: its files are written by hand.
    let (_dir, folder, mut m) = members(None, 3);
    let ws = m[0].workspace().unwrap().id;
    let old = m[2].replica().to_string();
    create(&mut m[2], "4.1");
    let before = unsent(&m[2]);
    let file = segment::encode_legacy(
        segment::FORMAT,
        &ws,
        &old,
        1,
        &before,
        None,
        Default::default(),
    );
    std::fs::write(seg_path(&folder, &m[2], 1), file.unwrap()).unwrap();
    // A member that first runs this version now knows that file.
    let path = folder.parent().unwrap().join("late.steerco");
    let (late, _) = join_folder(&path, &folder, None, Box::new(SystemClock)).unwrap();
    assert!(
        has(&late, "4.1"),
        "an old-format file from before the upgrade counts"
    );
    // A later old-format file (its header unauthenticated) does not.
    create(&mut m[2], "4.2");
    let after: Vec<_> = unsent(&m[2]).into_iter().skip(before.len()).collect();
    let file = segment::encode_legacy(
        segment::FORMAT,
        &ws,
        &old,
        2,
        &after,
        None,
        Default::default(),
    );
    let second = seg_path(&folder, &m[2], 2);
    std::fs::write(&second, file.unwrap()).unwrap();
    let mut late = late;
    let report = sync_folder(&mut late, &folder, None).unwrap();
    assert!(!has(&late, "4.2"));
    let why = report
        .set_aside
        .iter()
        .find(|(p, _)| *p == second)
        .map(|(_, w)| w.clone());
    assert!(why.unwrap_or_default().contains("old segment format"));
    // An unencrypted folder says what it protects against.
    assert_eq!(late.sync_status().unwrap().integrity, "checksum");
}

#[test]
fn after_a_passphrase_change_old_epoch_files_count_only_up_to_the_change() {
    let (_dir, folder, mut m) = members(Some("gammel"), 3);
    let ws = m[0].workspace().unwrap().id;
    let marker = folder_marker(&folder).unwrap().unwrap();
    let old_key = marker.encryption.unwrap().unlock("gammel", &ws).unwrap();
    change_passphrase(&mut m[0], &folder, "gammel", "ny").unwrap();
    sync_folder(&mut m[1], &folder, Some("ny")).unwrap();
    // Someone who still knows the old passphrase seals a file as member 2's
    // next one, in the old epoch.
    create(&mut m[2], "4.1");
    let replica = m[2].replica().to_string();
    let file = segment::encode(&ws, &replica, 1, &unsent(&m[2]), Some(&old_key)).unwrap();
    let path = seg_path(&folder, &m[2], 1);
    std::fs::write(&path, file).unwrap();
    let report = sync_folder(&mut m[1], &folder, Some("ny")).unwrap();
    assert!(
        !has(&m[1], "4.1"),
        "an old-epoch file after the change was applied"
    );
    let why = report
        .set_aside
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, w)| w.clone());
    assert!(why.unwrap_or_default().contains("earlier passphrase"));
    assert_eq!(m[1].sync_status().unwrap().integrity, "authenticated");
}

#[test]
fn an_old_epoch_file_set_aside_after_one_change_does_not_count_after_the_next() {
    let (_dir, folder, mut m) = members(Some("p0"), 3);
    let ws = m[0].workspace().unwrap().id;
    let marker = folder_marker(&folder).unwrap().unwrap();
    let first_key = marker.encryption.unwrap().unlock("p0", &ws).unwrap();
    change_passphrase(&mut m[0], &folder, "p0", "p1").unwrap();
    sync_folder(&mut m[0], &folder, Some("p1")).unwrap();
    sync_folder(&mut m[1], &folder, Some("p1")).unwrap();
    create(&mut m[2], "4.1");
    let replica = m[2].replica().to_string();
    let file = segment::encode(&ws, &replica, 1, &unsent(&m[2]), Some(&first_key)).unwrap();
    let path = seg_path(&folder, &m[2], 1);
    std::fs::write(&path, file).unwrap();
    let report = sync_folder(&mut m[1], &folder, Some("p1")).unwrap();
    assert!(report.set_aside.iter().any(|(p, _)| *p == path));
    // The next change looks ahead in the folder again, but not past a file
    // the limits recorded so far set aside.
    change_passphrase(&mut m[0], &folder, "p1", "p2").unwrap();
    let report = sync_folder(&mut m[1], &folder, Some("p2")).unwrap();
    assert!(!has(&m[1], "4.1"), "a file set aside became known");
    let why = report
        .set_aside
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, w)| w.clone());
    assert!(why.unwrap_or_default().contains("key epoch 0"));
}

#[test]
fn a_missing_segment_is_reported_and_holds_back_no_one_else() {
    let (dir, folder, mut m) = members(None, 3);
    create(&mut m[0], "2.1");
    sync_folder(&mut m[0], &folder, None).unwrap();
    let first = std::fs::read_dir(folder.join(m[0].replica().to_string()))
        .unwrap()
        .flatten()
        .map(|f| f.path())
        .max()
        .unwrap();
    create(&mut m[0], "2.2");
    sync_folder(&mut m[0], &folder, None).unwrap();
    create(&mut m[2], "4.1");
    sync_folder(&mut m[2], &folder, None).unwrap();
    let held = dir.path().join("held.seg");
    std::fs::rename(&first, &held).unwrap();
    sync_folder(&mut m[1], &folder, None).unwrap();
    assert!(has(&m[1], "4.1"), "another member's change was held back");
    assert!(
        !has(&m[1], "2.2"),
        "a later segment went before the missing one"
    );
    let status = m[1].sync_status().unwrap();
    assert_eq!(status.waiting_for.len(), 1, "{:?}", status.waiting_for);
    let w = &status.waiting_for[0];
    assert_eq!(w.replica, m[0].replica().to_string());
    assert_eq!(w.person.as_deref(), Some("R0"));
    let number: u64 = first
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(w.segment, number);
    // Still waiting: since when does not move.
    sync_folder(&mut m[1], &folder, None).unwrap();
    assert_eq!(m[1].sync_status().unwrap().waiting_for[0].since, w.since);
    std::fs::rename(&held, &first).unwrap();
    sync_folder(&mut m[1], &folder, None).unwrap();
    assert!(has(&m[1], "2.1") && has(&m[1], "2.2"));
    assert!(m[1].sync_status().unwrap().waiting_for.is_empty());
}

#[test]
fn a_replica_numbers_from_its_own_verified_files_not_from_names() {
    let (_dir, folder, mut m) = members(Some("p"), 2);
    create(&mut m[1], "3.1");
    sync_folder(&mut m[1], &folder, Some("p")).unwrap();
    let own = folder.join(m[0].replica().to_string());
    let last: u64 = std::fs::read_dir(&own)
        .unwrap()
        .flatten()
        .filter_map(|f| f.path().file_stem()?.to_str()?.parse().ok())
        .max()
        .unwrap();
    // Member 1's file dropped into member 0's folder as its next number.
    let theirs = std::fs::read_dir(folder.join(m[1].replica().to_string()))
        .unwrap()
        .flatten()
        .map(|f| f.path())
        .max()
        .unwrap();
    let planted = own.join(format!("{:010}.seg", last + 1));
    std::fs::copy(&theirs, &planted).unwrap();
    create(&mut m[0], "2.1");
    let report = sync_folder(&mut m[0], &folder, Some("p")).unwrap();
    assert!(
        report.set_aside.iter().any(|(p, _)| *p == planted),
        "{:?}",
        report.set_aside
    );
    // Its next segment took the number the planted file claimed.
    let header = segment::header(&std::fs::read(&planted).unwrap()).unwrap();
    assert_eq!(header.replica, m[0].replica().to_string());
    sync_folder(&mut m[1], &folder, Some("p")).unwrap();
    assert!(has(&m[1], "2.1"));
}

#[test]
fn segment_numbers_that_would_overflow_are_refused() {
    let (_dir, folder, mut m) = members(None, 1);
    let near = (i64::MAX as u64 - 1).to_string();
    m[0].set_sync_setting(steerco_store::LocalKey::SyncSegment, &near)
        .unwrap();
    create(&mut m[0], "2.1");
    let err = sync_folder(&mut m[0], &folder, None).unwrap_err();
    assert!(err.to_string().contains("used up"), "{err}");
}
