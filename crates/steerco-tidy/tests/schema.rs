//! `schema.rs`'s registry equals the tables of a freshly migrated workspace:
//! each synced table has exactly the registry's fields plus the write path's
//! bookkeeping columns, a required field is NOT NULL, and every table that
//! carries the bookkeeping columns is in the registry.

use std::collections::BTreeSet;

use rusqlite::{Connection, OpenFlags};
use steerco_domain::SystemClock;
use steerco_store::schema::TABLES;
use steerco_store::{NewWorkspace, Store};

/// Columns every synced table has that are not fields: the row id, the
/// tombstone, the insert's stamp and the field clocks (ARCHITECTURE.md).
const BOOKKEEPING: &[&str] = &["id", "deleted", "stamp", "clock"];

struct Column {
    name: String,
    not_null: bool,
}

fn columns(conn: &Connection, table: &str) -> Vec<Column> {
    let mut stmt = conn
        .prepare("SELECT name, \"notnull\" FROM pragma_table_info(?1)")
        .unwrap();
    stmt.query_map([table], |r| {
        Ok(Column {
            name: r.get(0)?,
            not_null: r.get::<_, i64>(1)? != 0,
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn migrated_workspace() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tidy.steerco");
    let store = Store::create(&path, NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    drop(store);
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    (dir, conn)
}

#[test]
fn the_registry_equals_the_migrated_tables() {
    let (_dir, conn) = migrated_workspace();
    let mut problems = Vec::new();
    for table in TABLES {
        let cols = columns(&conn, table.name);
        if cols.is_empty() {
            problems.push(format!(
                "{}: in the registry, not in the schema",
                table.name
            ));
            continue;
        }
        let have: BTreeSet<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        let want: BTreeSet<&str> = table
            .fields
            .iter()
            .map(|f| f.name)
            .chain(BOOKKEEPING.iter().copied())
            .collect();
        for missing in want.difference(&have) {
            problems.push(format!(
                "{}.{missing}: in the registry, not in the schema",
                table.name
            ));
        }
        for extra in have.difference(&want) {
            problems.push(format!(
                "{}.{extra}: in the schema, not in the registry",
                table.name
            ));
        }
        for field in table.fields.iter().filter(|f| f.required) {
            if cols.iter().any(|c| c.name == field.name && !c.not_null) {
                problems.push(format!(
                    "{}.{}: required in the registry, but the column allows NULL",
                    table.name, field.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_table_with_bookkeeping_columns_is_in_the_registry() {
    let (_dir, conn) = migrated_workspace();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let registered: BTreeSet<&str> = TABLES.iter().map(|t| t.name).collect();
    let unregistered: Vec<&String> = tables
        .iter()
        .filter(|t| {
            let cols = columns(&conn, t);
            BOOKKEEPING
                .iter()
                .all(|b| cols.iter().any(|c| c.name == *b))
                && !registered.contains(t.as_str())
        })
        .collect();
    assert!(
        unregistered.is_empty(),
        "tables shaped like synced tables but not in schema.rs: {unregistered:?}"
    );
}
