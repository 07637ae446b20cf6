//! Syncs with nothing new skip listing other replicas' folders that have not
//! changed (folder/listing.rs): what another replica sends is still found,
//! right after such a sync, in the same second, under a folder whose
//! modified time was set back, and when a file is replaced in place.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[path = "common/net.rs"]
mod net;
use net::Net;

use steerco_domain::SystemClock;
use steerco_store::ops::initiative::InitiativeEdit;
use steerco_store::{NewWorkspace, Store};
use steerco_sync::folder::join_folder;
use steerco_sync::sync_folder;

/// Past the margin within which a folder seen changed is listed again.
const SETTLE: Duration = Duration::from_millis(150);

/// A with the demo in the folder, and B joined from it.
fn pair(net: &Net) -> (Store, Store) {
    let mut a =
        Store::create(&net.ws("a"), NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    a.set_me("Anne").unwrap();
    a.load_demo().unwrap();
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let (mut b, _) = join_folder(&net.ws("b"), &net.folder(), None, Box::new(SystemClock)).unwrap();
    b.set_me("Bent").unwrap();
    sync_folder(&mut b, &net.folder(), None).unwrap(); // sends B's person
    (a, b)
}

fn edit_title(s: &mut Store, title: &str) {
    s.edit_initiative(
        "9.1",
        InitiativeEdit {
            title: Some(title.into()),
            ..Default::default()
        },
    )
    .unwrap();
}

fn title(s: &Store) -> Option<String> {
    let p = s.portfolio().unwrap();
    p.initiatives
        .iter()
        .find(|i| i.code == "9.1")
        .unwrap()
        .title
        .clone()
}

/// Syncs with nothing new until B skips A's folder: one sees it, one a
/// while later sees it settled, then some that skip it.
fn quiet(b: &mut Store, folder: &Path) {
    for i in 0..5 {
        let r = sync_folder(b, folder, None).unwrap();
        assert_eq!((r.segments_applied, r.sent), (0, 0), "{r:?}");
        assert!(r.set_aside.is_empty(), "{:?}", r.set_aside);
        if i == 1 {
            std::thread::sleep(SETTLE);
        }
    }
}

fn replica_folder(net: &Net, s: &Store) -> PathBuf {
    net.folder().join(s.replica().to_string())
}

/// The newest segment file in `dir`.
fn newest_segment(dir: &Path) -> PathBuf {
    let mut segs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "seg"))
        .collect();
    segs.sort();
    segs.pop().unwrap()
}

#[test]
fn a_new_segment_is_found_right_after_syncs_with_nothing_new() {
    let net = Net::new();
    let (mut a, mut b) = pair(&net);
    let folder = net.folder();
    let mut same_second = 0;
    for round in 0..6 {
        quiet(&mut b, &folder);
        // Start early in a second, so that B's last sync and A's new
        // segment fall in the same second.
        while now().subsec_millis() > 200 {
            std::thread::sleep(Duration::from_millis(20));
        }
        let second = now().as_secs();
        let r = sync_folder(&mut b, &folder, None).unwrap();
        assert_eq!(r.segments_applied, 0);
        let text = format!("Runde {round}");
        edit_title(&mut a, &text);
        let sent = sync_folder(&mut a, &folder, None).unwrap();
        assert_eq!(sent.segments_written, 1);
        let seg = newest_segment(&replica_folder(&net, &a));
        let landed = std::fs::metadata(seg).unwrap().modified().unwrap();
        let r = sync_folder(&mut b, &folder, None).unwrap();
        assert_eq!(r.segments_applied, 1, "round {round}: {r:?}");
        assert_eq!(title(&b), Some(text));
        if landed.duration_since(UNIX_EPOCH).unwrap().as_secs() == second {
            same_second += 1;
        }
    }
    // On a machine so slow that a sync takes most of a second, some rounds
    // straddle two; most do not.
    assert!(same_second > 0, "no round fell within one second");
}

fn now() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap()
}

#[test]
fn a_new_segment_is_found_when_the_folder_time_is_set_back() {
    let net = Net::new();
    let (mut a, mut b) = pair(&net);
    let folder = net.folder();
    let theirs = replica_folder(&net, &a);
    quiet(&mut b, &folder);
    // A cloud sync client may set a folder's modified time as it likes: put
    // back the time it had before the new file came.
    let before = std::fs::metadata(&theirs).unwrap().modified().unwrap();
    edit_title(&mut a, "Tilbage i tiden");
    sync_folder(&mut a, &folder, None).unwrap();
    std::fs::File::open(&theirs)
        .unwrap()
        .set_modified(before)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&theirs).unwrap().modified().unwrap(),
        before
    );
    let r = sync_folder(&mut b, &folder, None).unwrap();
    assert_eq!(r.segments_applied, 1, "{r:?}");
    assert_eq!(title(&b).as_deref(), Some("Tilbage i tiden"));
}

#[test]
fn a_segment_replaced_in_place_is_read_again() {
    let net = Net::new();
    let (mut a, mut b) = pair(&net);
    let folder = net.folder();
    let theirs = replica_folder(&net, &a);
    quiet(&mut b, &folder);
    edit_title(&mut a, "Erstattet");
    sync_folder(&mut a, &folder, None).unwrap();
    let seg = newest_segment(&theirs);
    let good = std::fs::read(&seg).unwrap();
    // Damaged where it lies (same file, same name: the folder itself does
    // not change): set aside, nothing applied.
    std::fs::write(&seg, b"not a segment").unwrap();
    let stamp = folder_stamp(&theirs);
    for _ in 0..3 {
        let r = sync_folder(&mut b, &folder, None).unwrap();
        assert_eq!(r.segments_applied, 0);
        assert!(r.set_aside.iter().any(|(p, _)| *p == seg), "{r:?}");
        std::thread::sleep(SETTLE);
    }
    assert_ne!(title(&b).as_deref(), Some("Erstattet"));
    // The good bytes written back over it, in place: found at once.
    std::fs::write(&seg, &good).unwrap();
    assert_eq!(
        folder_stamp(&theirs),
        stamp,
        "the folder itself did not change"
    );
    let r = sync_folder(&mut b, &folder, None).unwrap();
    assert_eq!(r.segments_applied, 1, "{r:?}");
    assert!(r.set_aside.is_empty(), "{:?}", r.set_aside);
    assert_eq!(title(&b).as_deref(), Some("Erstattet"));
    // And what comes after it, too.
    quiet(&mut b, &folder);
    edit_title(&mut a, "Efter");
    sync_folder(&mut a, &folder, None).unwrap();
    assert_eq!(
        sync_folder(&mut b, &folder, None).unwrap().segments_applied,
        1
    );
    assert_eq!(title(&b).as_deref(), Some("Efter"));
}

/// What a folder's own times say (its modified time, and on unix its
/// change time).
fn folder_stamp(dir: &Path) -> (SystemTime, i64) {
    let m = std::fs::metadata(dir).unwrap();
    #[cfg(unix)]
    let changed = {
        use std::os::unix::fs::MetadataExt;
        m.ctime() * 1_000_000_000 + m.ctime_nsec()
    };
    #[cfg(not(unix))]
    let changed = 0;
    (m.modified().unwrap(), changed)
}
