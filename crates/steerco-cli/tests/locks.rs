//! A workspace open in one process (as in the app) survives that process
//! closing stray descriptors of its files (as an in-process file dialog does)
//! while the CLI opens, reads, writes and closes the same file.

mod common;

use std::path::{Path, PathBuf};

use steerco_domain::SystemClock;
use steerco_store::presence::lock_path;
use steerco_store::Store;

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_os_string();
    p.push(suffix);
    PathBuf::from(p)
}

fn cli(ws: &Path, args: &[&str]) -> String {
    common::steerco(ws, &[("STEERCO_USER", "CLI bruger")], &[], args)
}

#[test]
fn a_stray_close_in_the_owning_process_loses_no_write() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.steerco");
    cli(&ws, &["init", "--name", "Locks"]);

    let mut store = Store::open(&ws, Box::new(SystemClock)).unwrap();
    store.add_person("Before the dialog", false).unwrap();
    assert!(companion(&ws, "-wal").exists(), "the write sits in the WAL");

    // What a file dialog does to the folder it shows: open and close each
    // file. For POSIX locks this releases every lock the process held on them.
    for suffix in ["", "-wal", "-shm"] {
        drop(std::fs::read(companion(&ws, suffix)).unwrap());
    }

    // Another Steerco process reads, writes and closes meanwhile.
    cli(&ws, &["committee", "list"]);
    cli(
        &ws,
        &[
            "committee",
            "add",
            "--name",
            "Styregruppen",
            "--kind",
            "steering",
        ],
    );
    assert!(
        companion(&ws, "-wal").exists(),
        "the CLI must not remove the WAL of a workspace still open elsewhere"
    );

    // The owner writes again, then closes as the last one.
    store.add_person("After the CLI", false).unwrap();
    drop(store);

    // A restart finds every write, in a sound file.
    let store = Store::open(&ws, Box::new(SystemClock)).unwrap();
    let names: Vec<String> = store
        .people()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(
        names.contains(&"Before the dialog".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"After the CLI".to_string()), "{names:?}");
    let committees: Vec<String> = store
        .committees()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(committees, ["Styregruppen"]);
    drop(store);
    let conn = rusqlite::Connection::open(&ws).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn the_last_process_to_close_removes_the_wal_and_others_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.steerco");
    cli(&ws, &["init", "--name", "Locks"]);
    assert!(lock_path(&ws).exists(), "every opener marks its presence");

    let mut store = Store::open(&ws, Box::new(SystemClock)).unwrap();
    store.add_person("Owner", false).unwrap();
    cli(&ws, &["committee", "list"]);
    assert!(companion(&ws, "-wal").exists(), "still open here");
    drop(store);
    assert!(
        !companion(&ws, "-wal").exists(),
        "the last one out checkpoints and removes the WAL"
    );
    let store = Store::open(&ws, Box::new(SystemClock)).unwrap();
    assert!(store.people().unwrap().iter().any(|p| p.name == "Owner"));
}
