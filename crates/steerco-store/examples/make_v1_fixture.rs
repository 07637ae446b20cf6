//! Writes tests/fixtures/workspace-v1.steerco: a workspace at schema version 1
//! (before budgets), with a little data, as Steerco 0.1 would have left it.
//! Run once when the fixture must be remade:
//! `cargo run -p steerco-store --example make_v1_fixture`

use std::path::Path;

use rusqlite::Connection;

fn main() {
    let out =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/workspace-v1.steerco");
    let _ = std::fs::remove_file(&out);
    let mut conn = Connection::open(&out).expect("create fixture");
    steerco_store::migrate::migrate(&mut conn, &out, Some(1)).expect("schema 1");
    // Raw SQL stands in for the old binary's write path: the rows and their
    // log entries as schema 1 stored them.
    conn.execute_batch(
        r#"
        INSERT INTO local_setting VALUES ('replica_id', '00000000000000a1');
        INSERT INTO local_setting VALUES ('hlc', '1767225600000-0003-00000000000000a1');
        INSERT INTO workspace (id, name, time_zone) VALUES ('ws-v1', 'Old workspace', 'Europe/Copenhagen');
        INSERT INTO focus_area (id, number, name_da) VALUES ('fa-8', 8, 'Robust digitalt fundament');
        INSERT INTO initiative (id, code, title, focus_area_id) VALUES ('in-81', '8.1', 'Gode data og effektiv datadeling', 'fa-8');
        INSERT INTO status_update (id, initiative_id, dimension, rag, date, recorded_at, stamp)
            VALUES ('st-1', 'in-81', 'overall', 'amber', '2025-12-01', '2025-12-01T10:00:00.000Z', '1767225600000-0003-00000000000000a1');
        INSERT INTO change (hlc, tbl, row_id, op, fields) VALUES
            ('1767225600000-0000-00000000000000a1', 'workspace', 'ws-v1', 'insert', '{"name":"Old workspace","time_zone":"Europe/Copenhagen"}'),
            ('1767225600000-0001-00000000000000a1', 'focus_area', 'fa-8', 'insert', '{"name_da":"Robust digitalt fundament","number":8}'),
            ('1767225600000-0002-00000000000000a1', 'initiative', 'in-81', 'insert', '{"code":"8.1","focus_area_id":"fa-8","title":"Gode data og effektiv datadeling"}'),
            ('1767225600000-0003-00000000000000a1', 'status_update', 'st-1', 'insert', '{"date":"2025-12-01","dimension":"overall","initiative_id":"in-81","rag":"amber","recorded_at":"2025-12-01T10:00:00.000Z"}');
        PRAGMA journal_mode = DELETE;
        VACUUM;
        "#,
    )
    .expect("fixture data");
    println!("wrote {}", out.display());
}
