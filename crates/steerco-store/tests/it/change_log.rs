//! The change log's compact encoding (#21, migration 17): an old log
//! converts to the same records, a new log reads back what was written, and
//! the `change` view still shows the old, readable form.

use rusqlite::Connection;
use serde_json::{json, Map, Value as Json};
use steerco_store::merge::ChangeRecord;
use steerco_store::{migrate, RowChange, Store};

use crate::{temp, TestClock};

const UUID: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const A: &str = "1764000000123-002a-00000000000000aa";
const B: &str = "1764000000456-0000-00000000000000bb";
const C: &str = "1764000000789-00ff-00000000000000aa";

fn record(
    hlc: &str,
    author: Option<&str>,
    tbl: &str,
    row: &str,
    op: &str,
    fields: Json,
    prev: Option<Json>,
) -> ChangeRecord {
    let map = |v: Json| -> Map<String, Json> { v.as_object().unwrap().clone() };
    ChangeRecord {
        hlc: hlc.into(),
        author_id: author.map(str::to_string),
        tbl: tbl.into(),
        row_id: row.into(),
        op: op.into(),
        fields: map(fields),
        prev: prev.map(map),
    }
}

/// Changes as schema 16 logged them, each kind of value and id included.
fn old_changes() -> Vec<ChangeRecord> {
    vec![
        record(
            A,
            Some("person-1"),
            "initiative",
            UUID,
            "insert",
            json!({"title": "Fælles \"data\" <b>ok</b>", "code": "8.1", "budget": 0.30000000000000004,
                   "year": 2016, "lead": null}),
            None,
        ),
        record(
            B,
            None,
            "initiative",
            UUID,
            "update",
            json!({"title": "Ny titel"}),
            Some(json!({"title": A})),
        ),
        record(
            C,
            Some("person-1"),
            "minutes_item",
            "bench-fa-1",
            "update",
            json!({"text": "merged"}),
            Some(json!({"text": format!("{B},{A}")})),
        ),
        record(
            C.replace("00ff", "0100").as_str(),
            Some("person-2"),
            "initiative",
            &UUID.to_uppercase(),
            "delete",
            json!({"deleted": 1}),
            Some(json!({"deleted": A, "title": B})),
        ),
    ]
}

/// A workspace file at schema 16 (the log as text), for the migration to convert.
fn v16_file(path: &std::path::Path) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch(steerco_store::PRAGMAS).unwrap();
    migrate::migrate(&mut conn, path, Some(16)).unwrap();
    conn.execute(
        "INSERT INTO local_setting (key, value) VALUES ('replica_id', '00000000000000cc')",
        [],
    )
    .unwrap();
    conn
}

#[test]
fn an_old_log_converts_to_the_same_changes_and_stays_readable_as_before() {
    let dir = temp();
    let path = dir.path().join("v16.steerco");
    {
        let conn = v16_file(&path);
        for (i, c) in old_changes().iter().enumerate() {
            conn.execute(
                "INSERT INTO change (seq, hlc, author_id, tbl, row_id, op, fields, prev)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    // Gaps in seq stay: sync cursors count in it.
                    10 * (i as i64 + 1),
                    c.hlc,
                    c.author_id,
                    c.tbl,
                    c.row_id,
                    c.op,
                    serde_json::to_string(&c.fields).unwrap(),
                    c.prev.as_ref().map(|p| serde_json::to_string(p).unwrap()),
                ],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path, Box::new(TestClock::at("2026-03-01T09:00:00Z"))).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrate::latest_version());
    assert_eq!(store.all_changes().unwrap(), old_changes());
    assert_eq!(store.change_count().unwrap(), 4);
    // Migration 22 hashed each converted change's row: a row's history is
    // found through the hash, and each row's only.
    let titles: Vec<Json> = store
        .field_history("initiative", UUID, "title")
        .unwrap()
        .into_iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(
        titles,
        [json!("Fælles \"data\" <b>ok</b>"), json!("Ny titel")]
    );
    let upper = store
        .field_history("initiative", &UUID.to_uppercase(), "deleted")
        .unwrap();
    assert_eq!(upper.len(), 1);
    assert_eq!(upper[0].hlc, C.replace("00ff", "0100"));

    let conn = Connection::open(&path).unwrap();
    let kinds: Vec<(i64, String)> = conn
        .prepare("SELECT seq, typeof(row_id) FROM change_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let want = [(10, "blob"), (20, "blob"), (30, "text"), (40, "text")];
    assert_eq!(
        kinds,
        want.map(|(s, k)| (s, k.to_string())).to_vec(),
        "only canonical UUIDs are packed"
    );
    let gone: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('change_v16', 'change_row')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(gone, 0);
    let hashes: Vec<Option<i64>> = conn
        .prepare("SELECT row_hash FROM change_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(hashes.iter().all(Option::is_some), "{hashes:?}");
    assert_eq!(hashes[0], hashes[1], "one row, one hash");
    assert_ne!(
        hashes[0], hashes[3],
        "the id's text is hashed, case and all"
    );
    // The readable view gives every column as schema 16 stored it.
    let mut stmt = conn
        .prepare("SELECT hlc, author_id, tbl, row_id, op, fields, prev FROM change ORDER BY seq")
        .unwrap();
    let viewed: Vec<ChangeRecord> = stmt
        .query_map([], |r| {
            let json = |s: Option<String>| s.map(|s| serde_json::from_str::<Json>(&s).unwrap());
            Ok(record(
                &r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?.as_deref(),
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
                &r.get::<_, String>(4)?,
                json(r.get(5)?).unwrap(),
                json(r.get(6)?),
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(viewed, old_changes());
    let field: (String, String) = conn
        .query_row(
            "SELECT value, prev_hlc FROM field_change WHERE row_id = ?1 AND field = 'title'
             AND op = 'update'",
            [UUID],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(field, ("Ny titel".to_string(), A.to_string()));
}

#[test]
fn the_log_reads_back_what_the_write_path_wrote_in_fewer_bytes() {
    let dir = temp();
    let (mut store, _clock) = crate::new_store(dir.path(), "w.steerco");
    let fa = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
    let long = "Lang beskrivelse med æøå og \"citater\" ".repeat(4);
    store
        .write(vec![RowChange::insert("focus_area", fa)
            .set("number", 1_i64)
            .set("name_da", long.as_str())
            .set("name_en_verified", false)])
        .unwrap();
    store
        .write(vec![
            RowChange::update("focus_area", fa).set("name_da", "Kort")
        ])
        .unwrap();
    store
        .write(vec![RowChange::delete("focus_area", fa)])
        .unwrap();
    let all = store.all_changes().unwrap();
    let ops: Vec<&str> = all.iter().map(|c| c.op.as_str()).collect();
    assert_eq!(&ops[ops.len() - 3..], ["insert", "update", "delete"]);
    let insert = &all[all.len() - 3];
    assert_eq!(insert.fields["name_da"], json!(long));
    assert_eq!(insert.fields["number"], json!(1));
    assert_eq!(insert.row_id, fa);
    let update = &all[all.len() - 2];
    assert_eq!(update.prev.as_ref().unwrap()["name_da"], json!(insert.hlc));
    let delete = &all[all.len() - 1];
    assert_eq!(delete.fields, *json!({"deleted": 1}).as_object().unwrap());
    assert_eq!(delete.prev.as_ref().unwrap()["name_da"], json!(update.hlc));
    let history = store.field_history("focus_area", fa, "name_da").unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].prev_hlc.as_deref(), Some(insert.hlc.as_str()));
    assert_eq!(
        store.field_stamp("focus_area", fa, "name_da").unwrap(),
        Some(update.hlc.clone())
    );
    // The stored update: field and replica as dictionary numbers, the
    // replaced stamp as [at, replica], far shorter than the named text.
    let conn = Connection::open(store.path()).unwrap();
    let (fields, prev): (String, String) = conn
        .query_row(
            "SELECT fields, prev FROM change_log WHERE op = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        fields.starts_with("{\"") && fields.ends_with(":\"Kort\"}"),
        "{fields}"
    );
    assert!(!fields.contains("name_da"), "{fields}");
    assert!(prev.contains(":[") && !prev.contains('-'), "{prev}");
    let named = serde_json::to_string(update.prev.as_ref().unwrap()).unwrap();
    assert!(prev.len() * 3 < named.len() * 2, "{prev} vs {named}");
}

#[test]
fn a_converted_workspace_file_shrinks() {
    let dir = temp();
    let path = dir.path().join("big-v16.steerco");
    {
        let mut conn = v16_file(&path);
        let tx = conn.transaction().unwrap();
        for i in 0..3_000_i64 {
            let row = format!("{:08x}-4e5f-4a6b-8c7d-9e0f1a2b3c4d", i / 3);
            let hlc = format!("{:013}-0000-00000000000000aa", 1_764_000_000_000 + i);
            let (op, prev) = if i % 3 == 0 {
                ("insert", None)
            } else {
                let before = format!("{:013}-0000-00000000000000aa", 1_764_000_000_000 + i - 1);
                ("update", Some(json!({ "title": before }).to_string()))
            };
            tx.execute(
                "INSERT INTO change (hlc, author_id, tbl, row_id, op, fields, prev)
                 VALUES (?1, 'person-1', 'initiative', ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    hlc,
                    row,
                    op,
                    json!({ "title": format!("Titel nummer {i}") }).to_string(),
                    prev
                ],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let before = std::fs::metadata(&path).unwrap().len();
    let store = Store::open(&path, Box::new(TestClock::at("2026-03-01T09:00:00Z"))).unwrap();
    assert_eq!(store.change_count().unwrap(), 3_000);
    drop(store);
    let after = std::fs::metadata(&path).unwrap().len();
    assert!(after < before * 3 / 4, "{before} -> {after} bytes");
}
