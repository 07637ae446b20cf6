//! A PostgreSQL server's backup put back with the real `deploy/pg-backup`
//! and `deploy/pg-restore` scripts: the server goes back in time and its
//! database gets a new generation; new pushes get server numbers that the
//! members' cursors already passed, and members still receive them (they
//! see the new generation and pull again from the start); what was pushed
//! after the backup comes back from the replicas that made it (resend).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    edit_title, has, join_as, origin_synced_on, pg_database, request, setup_on, token_on, Rows,
    Server, BIN,
};
use steerco_store::Store;
use steerco_sync::sync_server;

/// The variable the scripts and the server read the database's URL from.
const VAR: &str = "STEERCO_TEST_RESTORE_DB";

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy")
        .join(name)
}

/// Run a deploy script on the database at `url`: its stderr.
fn run_script(name: &str, url: &str, args: &[&str]) -> String {
    let out = Command::new(script(name))
        .args(["--database-env", VAR])
        .args(args)
        .env(VAR, url)
        .env("STEERCO_SERVER", BIN)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{name} {args:?}: {err}");
    err
}

/// `GET /v1/workspaces/acme`: (workspace id, generation, latest).
fn identity(server: &Server, token: &str) -> (String, String, u64) {
    let (status, body) = request(
        "GET",
        &format!("{}/v1/workspaces/acme", server.base),
        Some(token),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    (
        v["workspace"].as_str().unwrap().to_string(),
        v["generation"].as_str().unwrap().to_string(),
        v["latest"].as_u64().unwrap(),
    )
}

/// A sync with nothing set aside: (segments written, segments resent).
fn sync(s: &mut Store, url: &str, token: &str) -> (usize, usize) {
    let r = sync_server(s, url, token, None).unwrap();
    assert!(r.set_aside.is_empty(), "{:?}", r.set_aside);
    (r.segments_written, r.resent)
}

// PostgreSQL only: the scripts are pg_dump and pg_restore around its database.
#[test]
fn after_a_restore_members_receive_pushes_numbered_below_their_cursors_and_resend_what_was_lost() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = pg_database();
    let rows = Rows::Postgres(db.clone());
    setup_on(&rows, &data, &["acme"]);
    let [ta, tb, tc] = ["Anne", "Bent", "Carl"].map(|m| token_on(&rows, &data, "acme", m));

    let (server, url, mut a) = origin_synced_on(&rows, dir.path(), &data, &ta, None);
    let mut b = join_as(&dir.path().join("b.steerco"), &url, &tb, None, "Bent");
    sync(&mut b, &url, &tb);
    let (id, before, _) = identity(&server, &ta);

    let backup = dir.path().join("acme.dump");
    run_script("pg-backup", &db, &["--to", backup.to_str().unwrap()]);
    assert!(std::fs::metadata(&backup).unwrap().len() > 0);
    // After the backup: three pushes of Anne's, which Bent pulls.
    for n in 1..=3 {
        edit_title(&mut a, "8.1", &format!("Efter backuppen {n}"));
        assert_eq!(sync(&mut a, &url, &ta), (1, 0));
    }
    sync(&mut b, &url, &tb);
    assert!(has(&b, "Efter backuppen 3"));
    let (_, _, cursor) = identity(&server, &tb);

    // The servers are stopped for a restore; it starts again on the same
    // address, so nothing but the generation tells the members.
    let port = server.port;
    drop(server);
    let said = run_script("pg-restore", &db, &["--from", backup.to_str().unwrap()]);
    let server = Server::start_with(&rows, &data, port, &[], &[]);
    let (same_id, after, restored) = identity(&server, &tb);
    assert_eq!(same_id, id, "a restore keeps the workspace's id");
    assert_ne!(after, before, "a restore makes a new generation");
    assert!(said.contains(&after), "{said}");
    assert!(
        restored < cursor,
        "the server went back: {restored} < {cursor}"
    );

    // Carl joins the restored server and pushes: his segment's number is
    // one that Bent's cursor has already passed.
    let mut c = join_as(&dir.path().join("c.steerco"), &url, &tc, None, "Carl");
    edit_title(&mut c, "7.1", "Titel fra Carl");
    assert_eq!(sync(&mut c, &url, &tc), (1, 0));
    let (_, _, latest) = identity(&server, &tc);
    assert!(
        latest <= cursor,
        "Carl's push is numbered {latest}, Bent's cursor is at {cursor}"
    );
    sync(&mut b, &url, &tb);
    assert!(
        has(&b, "Titel fra Carl"),
        "Bent pulled again from the start"
    );

    // Anne's next sync sends her three segments the backup lacks.
    assert_eq!(
        sync(&mut a, &url, &ta),
        (0, 3),
        "Anne resends what was lost"
    );
    for _ in 0..2 {
        for (s, t) in [(&mut a, &ta), (&mut b, &tb), (&mut c, &tc)] {
            sync(s, &url, t);
        }
    }
    let export = a.export_json().unwrap();
    assert!(export.contains("Efter backuppen 3") && export.contains("Titel fra Carl"));
    assert_eq!(export, b.export_json().unwrap());
    assert_eq!(export, c.export_json().unwrap());
}
