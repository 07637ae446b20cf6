//! One app per data folder, over a real lock file and local socket: a later
//! launch for the same folder hands its workspace over; another folder gets
//! an app of its own; a socket a crashed app left behind does not stop the
//! next one.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use interprocess::local_socket::{GenericFilePath, ListenerOptions, ToFsName};
use steerco_app_core::instance::{claim, claim_within, socket_path, Claim, Instance, Request};

fn first(dir: &Path) -> Instance {
    match claim(dir, &Request::default()).unwrap() {
        Claim::First(i) => i,
        Claim::HandedOver => panic!("{} was not free", dir.display()),
    }
}

fn serve(i: Instance) -> mpsc::Receiver<Request> {
    let (tx, rx) = mpsc::channel();
    i.serve(move |r| tx.send(r).unwrap()).unwrap();
    rx
}

fn asking(path: &str) -> Request {
    Request {
        workspace: Some(PathBuf::from(path)),
    }
}

#[test]
fn a_later_launch_for_the_same_folder_hands_its_workspace_to_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let got = serve(first(&data));

    let again = claim(&data, &asking("/tmp/other.steerco")).unwrap();
    assert!(matches!(again, Claim::HandedOver));
    let r = got.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(r, asking("/tmp/other.steerco"));

    // Named another way (a trailing `.`), it is still the same folder.
    let again = claim(&data.join("."), &Request::default()).unwrap();
    assert!(matches!(again, Claim::HandedOver));
    assert_eq!(
        got.recv_timeout(Duration::from_secs(5)).unwrap(),
        Request::default()
    );
}

#[test]
fn another_data_folder_gets_an_app_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let _a = serve(first(&dir.path().join("a")));
    let b = first(&dir.path().join("b"));
    assert_ne!(
        b.socket(),
        socket_path(&dir.path().join("a").canonicalize().unwrap())
    );
}

#[test]
fn a_socket_left_by_a_crashed_app_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // What a killed app leaves: its socket (never unlinked), and no lock
    // (the operating system drops it with the process).
    let stale = socket_path(&data.canonicalize().unwrap());
    let listener = ListenerOptions::new()
        .name(stale.as_path().to_fs_name::<GenericFilePath>().unwrap())
        .reclaim_name(false)
        .create_sync()
        .unwrap();
    drop(listener);

    let got = serve(first(&data));
    assert!(matches!(
        claim(&data, &asking("/w.steerco")).unwrap(),
        Claim::HandedOver
    ));
    assert_eq!(
        got.recv_timeout(Duration::from_secs(5)).unwrap(),
        asking("/w.steerco")
    );
}

#[test]
fn a_folder_held_by_an_app_that_does_not_answer_is_refused_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // The lock taken, nobody listening.
    let _held = first(&data);
    let started = std::time::Instant::now();
    let err = match claim_within(&data, &Request::default(), Duration::from_millis(500)) {
        Err(e) => e,
        Ok(_) => panic!("claimed a held folder"),
    };
    assert!(err.to_string().contains("does not answer"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}
