//! Migrations: an old fixture upgrades with a copy kept; newer, changed or
//! foreign files are refused and left byte-for-byte as they were.

use rusqlite::Connection;
use steerco_store::{migrate, Store, StoreError};

use crate::{fixture, temp, TestClock};

fn clock() -> Box<TestClock> {
    Box::new(TestClock::at("2026-03-01T09:00:00Z"))
}

#[test]
fn the_embedded_migrations_are_numbered_from_one_without_gaps() {
    for (i, m) in migrate::MIGRATIONS.iter().enumerate() {
        assert_eq!(
            m.version,
            i as i64 + 1,
            "migration {} out of sequence",
            m.name
        );
    }
}

#[test]
fn a_schema_1_fixture_migrates_keeps_its_data_and_a_copy() {
    let dir = temp();
    let path = dir.path().join("old.steerco");
    std::fs::copy(fixture("workspace-v1.steerco"), &path).unwrap();
    let original = std::fs::read(&path).unwrap();

    let mut store = Store::open(&path, clock()).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrate::latest_version());
    let p = store.portfolio().unwrap();
    assert_eq!(p.initiatives.len(), 1);
    assert_eq!(p.initiatives[0].code, "8.1");
    assert_eq!(
        p.initiatives[0].status[&steerco_domain::Dimension::Overall].rag,
        steerco_domain::Rag::Amber
    );
    // The table added by migration 2 works, through the write path.
    store.set_me("Upgrader").unwrap();
    store
        .set_budget("8.1", 2026, Some(1_000_000), Some(250_000))
        .unwrap();
    let detail = store.initiative(&p.initiatives[0].id).unwrap();
    assert_eq!(detail.budget[0].variance, Some(-750_000), "under budget");

    let copy = migrate::backup_path(&path, 2);
    let kept = Connection::open(&copy).unwrap();
    assert_eq!(
        migrate::current_version(&kept).unwrap(),
        1,
        "the copy is the old schema"
    );
    let n: i64 = kept
        .query_row("SELECT count(*) FROM initiative", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    drop(kept);
    assert_ne!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn a_workspace_from_a_newer_version_is_refused_and_untouched() {
    let dir = temp();
    let path = dir.path().join("new.steerco");
    std::fs::copy(fixture("workspace-v1.steerco"), &path).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO schema_migration VALUES (99, 'future', 'x', '2030-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    drop(conn);
    let bytes = std::fs::read(&path).unwrap();
    let err = Store::open(&path, clock()).err().unwrap();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer Steerco"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "left untouched");
    assert!(!migrate::backup_path(&path, 2).exists());
}

#[test]
fn a_changed_migration_is_refused() {
    let dir = temp();
    let path = dir.path().join("changed.steerco");
    std::fs::copy(fixture("workspace-v1.steerco"), &path).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE schema_migration SET checksum = 'tampered' WHERE version = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&path, clock()).err().unwrap();
    assert!(
        matches!(err, StoreError::MigrationChecksum { version: 1 }),
        "{err}"
    );
}

#[test]
fn files_that_are_not_workspaces_are_refused_and_untouched() {
    let dir = temp();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "just some text, not a database at all........").unwrap();
    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    for path in [&text, &other] {
        let bytes = std::fs::read(path).unwrap();
        let err = Store::open(path, clock()).err().unwrap();
        assert_eq!(err.code(), "not_a_workspace", "{}: {err}", path.display());
        assert_eq!(&std::fs::read(path).unwrap(), &bytes);
    }
    let err = Store::open(&dir.path().join("missing.steerco"), clock())
        .err()
        .unwrap();
    assert_eq!(err.code(), "no_workspace");
    assert!(err.to_string().contains("steerco init --demo"));
}

#[test]
fn concurrent_openers_migrate_once() {
    // Several processes (here threads with their own connections) opening one
    // old file at once: each either migrates or sees the migrated schema.
    let dir = temp();
    let path = dir.path().join("race.steerco");
    std::fs::copy(fixture("workspace-v1.steerco"), &path).unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                Store::open(&path, clock()).map(|s| s.schema_version().unwrap())
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap(), migrate::latest_version());
    }
    let conn = Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM schema_migration", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, migrate::latest_version());
}
