//! Old history compressed into blocks (#21, migration 21): after
//! `compact_history` every reader of the log gives what it gave before, a
//! merge still knows what it has applied, and a late edit whose successor
//! is compressed is still history, not a conflict.

use rusqlite::Connection;
use steerco_store::merge::ChangeRecord;
use steerco_store::{RowChange, Store};

use crate::{new_store, temp};

const ROWS: usize = 40;
const CHANGES: usize = 4_000;

fn row(i: usize) -> String {
    format!("5e6f7a8b-9c0d-4e1f-8a2b-{i:012x}")
}

/// A workspace whose log is long enough for three blocks: 40 focus areas,
/// then their Danish names changed over and over.
fn long_log(store: &mut Store) {
    let inserts: Vec<RowChange> = (0..ROWS)
        .map(|i| {
            RowChange::insert("focus_area", row(i))
                .set("number", i as i64 + 1)
                .set("name_da", format!("Område {i}").as_str())
                .set("name_en_verified", false)
        })
        .collect();
    store.write(inserts).unwrap();
    let updates: Vec<RowChange> = (0..CHANGES - ROWS)
        .map(|n| {
            RowChange::update("focus_area", row(n % ROWS))
                .set("name_da", format!("Navn {n} æøå \"x\"").as_str())
        })
        .collect();
    store.write(updates).unwrap();
}

fn counts(path: &std::path::Path) -> (i64, i64) {
    let conn = Connection::open(path).unwrap();
    let n = |sql: &str| conn.query_row(sql, [], |r| r.get(0)).unwrap();
    (
        n("SELECT count(*) FROM change_log"),
        n("SELECT count(*) FROM change_block"),
    )
}

/// What the log's readers say, to compare before and after a compaction.
fn readings(store: &Store) -> Vec<String> {
    let mut out = vec![
        format!("{:?}", store.all_changes().unwrap()),
        format!("{}", store.change_count().unwrap()),
        format!("{:?}", store.local_changes_after(0, 700).unwrap()),
        format!("{:?}", store.local_changes_after(1_000, 30).unwrap()),
        format!("{:?}", store.local_changes_after(3_990, 30).unwrap()),
        format!("{}", store.sync_status().unwrap().unsent),
    ];
    for i in [0, 7, ROWS - 1] {
        out.push(format!(
            "{:?}",
            store
                .field_history("focus_area", &row(i), "name_da")
                .unwrap()
        ));
        out.push(format!(
            "{:?}",
            store.field_stamp("focus_area", &row(i), "name_da").unwrap()
        ));
    }
    out
}

#[test]
fn compressed_history_reads_as_before() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "a");
    long_log(&mut store);
    let before = readings(&store);
    assert_eq!(counts(store.path()).1, 0);
    let moved = store.compact_history().unwrap();
    assert_eq!(moved, 3 * 512);
    let (hot, blocks) = counts(store.path());
    assert_eq!(blocks, 3);
    assert!((2_048..2_048 + 512).contains(&hot), "{hot}");
    let after = readings(&store);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }
    assert_eq!(store.compact_history().unwrap(), 0, "nothing more to move");
    // Writing on after a compaction: the new changes get new seqs.
    let last_seq = store
        .local_changes_after(0, usize::MAX)
        .unwrap()
        .last()
        .unwrap()
        .0;
    store
        .write(vec![
            RowChange::update("focus_area", row(3)).set("name_da", "Efter")
        ])
        .unwrap();
    let newest = store.local_changes_after(last_seq, 10).unwrap();
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].0, last_seq + 1);
}

#[test]
fn a_merge_knows_what_it_applied_when_that_is_compressed() {
    let dir = temp();
    let (mut a, _ca) = new_store(dir.path(), "a");
    long_log(&mut a);
    let all = a.all_changes().unwrap();
    let (mut b, _cb) = new_store(dir.path(), "b");
    let first = b.merge(&all).unwrap();
    assert_eq!(first.applied, all.len());
    assert!(b.compact_history().unwrap() > 0);
    let again = b.merge(&all).unwrap();
    assert_eq!((again.applied, again.skipped), (0, all.len()));
}

#[test]
fn a_late_edit_replaced_in_compressed_history_is_no_conflict() {
    let dir = temp();
    let (mut a, _ca) = new_store(dir.path(), "a");
    let r = row(999);
    a.write(vec![RowChange::insert("focus_area", &r)
        .set("number", 99_i64)
        .set("name_da", "Første")
        .set("name_en_verified", false)])
        .unwrap();
    a.write(vec![
        RowChange::update("focus_area", &r).set("name_da", "Anden")
    ])
    .unwrap();
    a.write(vec![
        RowChange::update("focus_area", &r).set("name_da", "Tredje")
    ])
    .unwrap();
    long_log(&mut a);
    let all = a.all_changes().unwrap();
    let edit =
        |c: &ChangeRecord| c.row_id == r && c.fields.get("name_da").is_some_and(|v| v == "Anden");
    let late: Vec<ChangeRecord> = all.iter().filter(|c| edit(c)).cloned().collect();
    let rest: Vec<ChangeRecord> = all.iter().filter(|c| !edit(c)).cloned().collect();
    assert_eq!(late.len(), 1);
    let (mut b, _cb) = new_store(dir.path(), "b");
    b.merge(&rest).unwrap();
    let conflicts = b.conflicts().unwrap().len();
    assert!(b.compact_history().unwrap() > 0);
    let report = b.merge(&late).unwrap();
    assert_eq!(report.applied, 1);
    assert_eq!(report.conflicts, 0);
    assert_eq!(b.conflicts().unwrap().len(), conflicts);
}

#[test]
fn a_damaged_block_is_a_clear_error_and_the_file_keeps_its_history() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "a");
    long_log(&mut store);
    store.compact_history().unwrap();
    let conn = Connection::open(store.path()).unwrap();
    conn.execute(
        "UPDATE change_block SET data = substr(data, 1, 40) WHERE first_seq = (SELECT min(first_seq) FROM change_block)",
        [],
    )
    .unwrap();
    let err = store.all_changes().unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    assert!(err.to_string().contains("change_block/"), "{err}");
    // Rows whose history is elsewhere still read.
    assert!(store.change_count().unwrap() > 0);
}

#[test]
fn opening_a_long_log_compresses_some_of_it() {
    let dir = temp();
    let (mut store, clock) = new_store(dir.path(), "a");
    long_log(&mut store);
    let before = readings(&store);
    let path = store.path().to_path_buf();
    drop(store);
    assert_eq!(counts(&path).1, 0);
    let store = Store::open(&path, Box::new(clock)).unwrap();
    assert!(counts(&path).1 > 0, "no block after opening");
    assert_eq!(readings(&store), before);
}
