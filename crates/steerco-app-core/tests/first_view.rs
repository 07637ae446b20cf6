//! The app opens a workspace without compressing its old history, and
//! compresses it once the first view is shown, on a connection of its own:
//! a large workspace's first view does not wait for it.

use std::path::Path;

use steerco_app_core::session::Session;
use steerco_domain::{Clock, SystemClock};
use steerco_store::{NewWorkspace, RowChange, Store};

fn clock() -> Box<dyn Clock> {
    Box::new(SystemClock)
}

/// The changes still in the log's uncompressed table, read beside the app.
fn uncompressed(path: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn old_history_is_compressed_after_the_first_view_not_while_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.steerco");
    let mut store = Store::create(&path, NewWorkspace::default(), clock()).unwrap();
    store
        .write(vec![RowChange::insert("focus_area", "fa")
            .set("number", 1)
            .set("name_da", "Område")
            .set("name_en_verified", false)])
        .unwrap();
    for round in 0..40 {
        let names = (0..100).map(|k| {
            RowChange::update("focus_area", "fa").set("name_da", format!("Område {round}.{k}"))
        });
        store.write(names.collect()).unwrap();
    }
    let logged = store.change_count().unwrap();
    drop(store);
    let before = uncompressed(&path);
    assert!(before > 4000, "{before}");

    let mut session = Session::start(&dir.path().join("data"), Some(&path), None, clock);
    assert!(session.state().unwrap().workspace.is_some());
    assert_eq!(uncompressed(&path), before, "opening compressed history");

    let compressing = session
        .after_first_view()
        .expect("compressed after the first view");
    compressing.join().unwrap();
    assert!(uncompressed(&path) < before, "nothing compressed");
    assert_eq!(session.store().unwrap().change_count().unwrap(), logged);
    assert!(session.after_first_view().is_none(), "once per opening");
}
