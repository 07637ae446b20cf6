//! `GET /v1/workspaces/{name}`: the workspace's id, the database's
//! generation and the newest server sequence, on both backends; the
//! generation made anew by `generation renew` and by the SQLite `restore`;
//! ids and a generation given to databases made before them (migrations);
//! `migrate-to` keeping both.

mod common;

use std::path::Path;

use common::{
    admin_on, admin_output, on_both, origin_synced_on, pg_database, pg_sql, request, setup_on,
    token_on, Rows, Server,
};

/// A UUID as the server writes them: version 4, lowercase, hyphenated.
fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b[14] == b'4'
        && b"89ab".contains(&b[19])
        && s.bytes().enumerate().all(|(i, c)| {
            [8, 13, 18, 23].contains(&i) || c.is_ascii_digit() || (b'a'..=b'f').contains(&c)
        })
}

/// `GET /v1/workspaces/{name}`: (status, JSON body or Null).
fn ask(server: &Server, name: &str, token: Option<&str>) -> (u16, serde_json::Value) {
    let url = format!("{}/v1/workspaces/{name}", server.base);
    let (status, body) = request("GET", &url, token, None);
    (status, serde_json::from_str(&body).unwrap_or_default())
}

fn generation(rows: &Rows, data: &Path) -> String {
    let g = admin_on(rows, data, &["generation", "show"]);
    assert!(is_uuid(&g), "{g}");
    g
}

on_both!(a_workspace_answers_its_id_the_generation_and_its_newest_sequence);
fn a_workspace_answers_its_id_the_generation_and_its_newest_sequence(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme", "other"]);
    let [ta, to] = [("acme", "Anne"), ("other", "Olga")].map(|(w, m)| token_on(rows, &data, w, m));
    let server = Server::start_with(rows, &data, 0, &[], &[]);

    let (status, acme) = ask(&server, "acme", Some(&ta));
    assert_eq!(status, 200, "{acme}");
    let id = acme["workspace"].as_str().unwrap().to_string();
    assert!(is_uuid(&id), "{id}");
    assert_eq!(acme["generation"], generation(rows, &data).as_str());
    assert_eq!(acme["latest"], 0);
    let (_, other) = ask(&server, "other", Some(&to));
    assert_ne!(
        other["workspace"], acme["workspace"],
        "every workspace its own id"
    );
    assert_eq!(
        other["generation"], acme["generation"],
        "one generation per database"
    );

    // A sync pushes: latest is the newest server sequence.
    drop(server);
    let (server, _, _) = origin_synced_on(rows, dir.path(), &data, &ta, None);
    let listed: serde_json::Value = serde_json::from_str(&admin_on(
        rows,
        &data,
        &["segment", "list", "--workspace", "acme", "--json"],
    ))
    .unwrap();
    let newest = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["seq"].as_u64().unwrap())
        .max();
    let (_, now) = ask(&server, "acme", Some(&ta));
    assert_eq!(now["latest"].as_u64(), newest);
    assert_eq!(
        now["workspace"],
        id.as_str(),
        "the id stays when the server starts again"
    );

    // A renewed generation is answered at once (the server keeps no copy).
    let renewed = admin_on(rows, &data, &["generation", "renew"]);
    assert_ne!(renewed, acme["generation"].as_str().unwrap());
    assert_eq!(generation(rows, &data), renewed);
    assert_eq!(
        ask(&server, "acme", Some(&ta)).1["generation"],
        renewed.as_str()
    );

    // The same 401 as every workspace route, whatever is wrong.
    for (name, token) in [
        ("acme", None),
        ("acme", Some("stc_not-a-token")),
        ("acme", Some(to.as_str())),
        ("nobody", Some(ta.as_str())),
        ("bad%20name", Some(ta.as_str())),
    ] {
        let (status, body) = ask(&server, name, token);
        assert_eq!(status, 401, "{name} {token:?}: {body}");
        assert_eq!(body["code"], "unauthorized", "{body}");
    }
    let (status, _) = request(
        "GET",
        &format!("{}/v1/workspaces/acme/nothing", server.base),
        Some(&ta),
        None,
    );
    assert_eq!(status, 404);
    let (status, _) = request(
        "PUT",
        &format!("{}/v1/workspaces/acme", server.base),
        Some(&ta),
        Some(b"{}"),
    );
    assert_eq!(status, 405);
}

on_both!(a_database_from_before_ids_gets_them_and_a_generation);
fn a_database_from_before_ids_gets_them_and_a_generation(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    match rows {
        // Schema 1 as a server of #16 left it: taken back from today's.
        Rows::Sqlite => {
            setup_on(rows, &data, &["acme", "other"]);
            rusqlite::Connection::open(data.join(steerco_server::db::FILE))
                .unwrap()
                .execute_batch(
                    "DROP INDEX workspace_id; ALTER TABLE workspace DROP COLUMN id;
                     DROP TABLE server_generation; PRAGMA user_version = 1;",
                )
                .unwrap();
        }
        // Migration 1 alone, with two workspaces.
        Rows::Postgres(url) => {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let (mut client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(conn);
                let first = &steerco_server::pg_schema::MIGRATIONS[..1];
                steerco_server::pg_schema::migrate(&mut client, first)
                    .await
                    .unwrap();
            });
            pg_sql(
                url,
                "INSERT INTO workspace (name, created_at) VALUES ('acme', 1), ('other', 1)",
            );
        }
    }
    let ta = token_on(rows, &data, "acme", "Anne");
    let to = token_on(rows, &data, "other", "Olga");
    let g = generation(rows, &data);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let (_, acme) = ask(&server, "acme", Some(&ta));
    let (_, other) = ask(&server, "other", Some(&to));
    assert!(is_uuid(acme["workspace"].as_str().unwrap()), "{acme}");
    assert!(is_uuid(other["workspace"].as_str().unwrap()), "{other}");
    assert_ne!(acme["workspace"], other["workspace"]);
    assert_eq!(acme["generation"], g.as_str());
}

// SQLite only: `restore` is the SQLite server's (PostgreSQL: deploy/pg-restore, tests/pg_restore.rs).
#[test]
fn a_restore_makes_a_new_generation_and_keeps_the_ids() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let rows = Rows::Sqlite;
    setup_on(&rows, &data, &["acme"]);
    let ta = token_on(&rows, &data, "acme", "Anne");
    let before = generation(&rows, &data);
    let id = {
        let server = Server::start_with(&rows, &data, 0, &[], &[]);
        ask(&server, "acme", Some(&ta)).1["workspace"].clone()
    };
    let backup = dir.path().join("backup.sqlite3");
    let run = |args: &[&str]| {
        let out = admin_output(&data, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["backup", "--to", backup.to_str().unwrap()]);
    run(&["restore", "--from", backup.to_str().unwrap()]);
    let after = generation(&rows, &data);
    assert_ne!(after, before);
    let server = Server::start_with(&rows, &data, 0, &[], &[]);
    let (_, acme) = ask(&server, "acme", Some(&ta));
    assert_eq!(acme["workspace"], id);
    assert_eq!(acme["generation"], after.as_str());
    // The backup itself is left as it was.
    let kept: String = rusqlite::Connection::open(&backup)
        .unwrap()
        .query_row("SELECT generation FROM server_generation", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, before);
}

// SQLite to PostgreSQL: `migrate-to` is the one command that takes both.
#[test]
fn migrate_to_keeps_the_ids_and_the_generation() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(&Rows::Sqlite, &data, &["acme"]);
    let ta = token_on(&Rows::Sqlite, &data, "acme", "Anne");
    let (id, g) = {
        let server = Server::start_with(&Rows::Sqlite, &data, 0, &[], &[]);
        let (_, v) = ask(&server, "acme", Some(&ta));
        (v["workspace"].clone(), v["generation"].clone())
    };
    let pg = Rows::Postgres(pg_database());
    admin_on(&pg, &data, &["migrate-to"]);
    let server = Server::start_with(&pg, &data, 0, &[], &[]);
    let (_, v) = ask(&server, "acme", Some(&ta));
    assert_eq!((v["workspace"].clone(), v["generation"].clone()), (id, g));
}
