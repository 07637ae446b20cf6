//! `steerco-server backup` while the real server serves a stream of pushes,
//! and `restore` into a fresh folder: everything acknowledged before the
//! backup is served again. Refusals: an existing file, a missing folder, a
//! file that is not a whole Steerco server database, a database in use.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{
    acme, admin_output, edit_title, has, join_as, origin, own_changes, request, setup, token,
    Server,
};
use rusqlite::Connection;
use steerco_store::LocalKey;
use steerco_sync::sync_server;

const DB: &str = "steerco-server.sqlite3";

/// An admin command that may fail: (exit code, stderr).
fn run(data: &Path, args: &[&str]) -> (i32, String) {
    let out = admin_output(data, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every served segment of `acme`: (seq, replica, number, base64 bytes).
fn served(server: &Server, token: &str) -> Vec<(u64, String, u64, String)> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let url = format!(
            "{}/v1/workspaces/acme/segments?after={after}&limit=1000",
            server.base
        );
        let (status, body) = request("GET", &url, Some(token), None);
        assert_eq!(status, 200, "{body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        for s in page["segments"].as_array().unwrap() {
            out.push((
                s["seq"].as_u64().unwrap(),
                s["replica"].as_str().unwrap().to_string(),
                s["segment"].as_u64().unwrap(),
                s["data"].as_str().unwrap().to_string(),
            ));
        }
        after = page["next"].as_u64().unwrap();
        if page["more"] == false {
            return out;
        }
    }
}

fn integrity(path: &Path) -> String {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The files in a folder, by name.
fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

// SQLite only: `backup` and `restore` are the SQLite server's (PostgreSQL: pg_dump, pg_restore).
#[test]
fn a_backup_taken_while_pushes_go_on_restores_every_acknowledged_segment() {
    let (dir, data, [ta, tb]) = acme(["Anne", "Bent"]);
    let server = Server::start(&data, &[], &[]);
    let url = server.url("acme");

    // Anne syncs the demo through the real client; Bent joins and makes
    // an edit whose changes a thread then pushes as segment after segment.
    let mut a = origin(&dir.path().join("a.steerco"));
    assert!(
        sync_server(&mut a, &url, &ta, None)
            .unwrap()
            .segments_written
            > 0
    );
    let mut b = join_as(&dir.path().join("b.steerco"), &url, &tb, None, "Bent");
    edit_title(&mut b, "8.1", "Titel fra Bent");
    let own = own_changes(&b, 0);
    let bent = own.replica.clone();
    let acked = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let pusher = {
        let (acked, stop, tb) = (acked.clone(), stop.clone(), tb.clone());
        let push_url = format!("{}/v1/workspaces/acme/segments", server.base);
        std::thread::spawn(move || {
            for n in 1..=3000u64 {
                if stop.load(SeqCst) {
                    break;
                }
                let bytes = own.segment(n, None);
                let (status, body) = request("POST", &push_url, Some(&tb), Some(&bytes));
                assert_eq!(status, 201, "push {n}: {body}");
                acked.store(n, SeqCst);
            }
        })
    };

    wait_for("Bent's first pushes", || acked.load(SeqCst) >= 5);
    let before = served(&server, &ta);
    let acked_before = acked.load(SeqCst);
    let backup = dir.path().join("backups").join("server.sqlite3");
    std::fs::create_dir(backup.parent().unwrap()).unwrap();
    let (code, err) = run(&data, &["backup", "--to", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let acked_after = acked.load(SeqCst);
    // The server goes on serving pushes after the backup, too.
    wait_for("pushes after the backup", || {
        acked.load(SeqCst) >= acked_after + 3
    });
    stop.store(true, SeqCst);
    pusher.join().unwrap();
    assert_eq!(
        names(backup.parent().unwrap()),
        ["server.sqlite3".into()].into()
    );
    assert_eq!(integrity(&backup), "ok");
    // Anne pulls everything, past what the backup holds.
    sync_server(&mut a, &url, &ta, None).unwrap();
    let port = server.port;
    drop(server);

    let fresh = dir.path().join("fresh");
    let (code, err) = run(&fresh, &["restore", "--from", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(names(&fresh), [DB.to_string()].into(), "nothing set aside");
    // The same address: Anne's client keeps its cursor.
    let server = Server::start_on(&fresh, port, &[], &[]);
    let after = served(&server, &ta);
    for s in &before {
        assert!(
            after.contains(s),
            "segment {} of {} is not served",
            s.2,
            s.1
        );
    }
    // Bent's segments in the copy: the first k, none missing in between,
    // with k at least those acknowledged before the backup started and at
    // most those acknowledged when it ended (one consistent moment), plus
    // the one push in flight then (stored, its answer not yet read).
    let bents: Vec<u64> = after.iter().filter(|s| s.1 == bent).map(|s| s.2).collect();
    let k = bents.len() as u64;
    assert_eq!(bents, (1..=k).collect::<Vec<_>>());
    assert!(
        (acked_before..=acked_after + 1).contains(&k),
        "{k} of Bent's segments, {acked_before} acknowledged before, {acked_after} after"
    );
    assert_eq!(integrity(&fresh.join(DB)), "ok");

    // The restored server works for members: tokens came along. A new
    // member's push reaches Anne, whose cursor is past the backup's last
    // segment (the server order went on far beyond it).
    let tc = token(&fresh, "acme", "Carl");
    let mut c = join_as(&dir.path().join("c.steerco"), &url, &tc, None, "Carl");
    edit_title(&mut c, "7.1", "Titel fra Carl");
    assert_eq!(
        sync_server(&mut c, &url, &tc, None)
            .unwrap()
            .segments_written,
        1
    );
    let r = sync_server(&mut a, &url, &ta, None).unwrap();
    assert!(r.set_aside.is_empty(), "{:?}", r.set_aside);
    let export = a.export_json().unwrap();
    assert!(export.contains("Titel fra Bent") && export.contains("Titel fra Carl"));
    assert_eq!(export, c.export_json().unwrap());
}

// SQLite only: `backup` and `restore` are the SQLite server's (PostgreSQL: pg_dump, pg_restore).
#[test]
fn a_backup_never_replaces_a_file_unasked_nor_leaves_half_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let file = out.join("copy.sqlite3");
    let file_arg = file.to_str().unwrap();

    // No database yet: refused, and no folder made for one.
    let (code, err) = run(&data, &["backup", "--to", file_arg]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no server database"), "{err}");
    assert!(!data.exists());

    setup(&data, &["acme"]);
    let (code, err) = run(&data, &["backup", "--to", file_arg]);
    assert_eq!(code, 0, "{err}");
    let first = std::fs::read(&file).unwrap();

    token(&data, "acme", "Anne");
    let (code, err) = run(&data, &["backup", "--to", file_arg]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        first,
        "the file is untouched"
    );

    let (code, err) = run(&data, &["backup", "--to", file_arg, "--force"]);
    assert_eq!(code, 0, "{err}");
    let tokens: i64 = Connection::open(&file)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM token", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tokens, 1, "the new copy replaced the old one");
    assert_eq!(names(&out), ["copy.sqlite3".into()].into());

    // A folder that is not there: one clear line, nothing written.
    let missing = dir.path().join("missing").join("copy.sqlite3");
    let (code, err) = run(&data, &["backup", "--to", missing.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("steerco-server: cannot write the backup in") && err.lines().count() == 1,
        "{err}"
    );
    assert!(!dir.path().join("missing").exists());

    // The live database is never a backup's target.
    let live = data.join(DB);
    let (code, err) = run(
        &data,
        &["backup", "--to", live.to_str().unwrap(), "--force"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("live database"), "{err}");
    assert_eq!(integrity(&live), "ok");
}

// SQLite only: `backup` and `restore` are the SQLite server's (PostgreSQL: pg_dump, pg_restore).
#[test]
fn restore_checks_the_file_and_that_no_server_runs_and_keeps_the_previous_database() {
    let (dir, data, []) = acme([]);
    let backup = dir.path().join("good.sqlite3");
    let (code, err) = run(&data, &["backup", "--to", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // After the backup: a workspace the restore takes away again.
    setup(&data, &["later"]);
    let live_bytes = std::fs::read(data.join(DB)).unwrap();
    let listing = names(&data);

    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database at all, just some bytes").unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE workspace (name TEXT); INSERT INTO workspace VALUES ('x');")
        .unwrap();
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&backup, &newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let truncated = dir.path().join("truncated.sqlite3");
    let whole = std::fs::read(&backup).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let missing = dir.path().join("missing.sqlite3");
    for (file, why) in [
        (&garbage, "not a database"),
        (&foreign, "no workspace table"),
        (&newer, "schema version is 99"),
        (&truncated, "not a Steerco server database"),
        (&missing, "cannot read"),
    ] {
        let (code, err) = run(&data, &["restore", "--from", file.to_str().unwrap()]);
        assert_eq!(code, 1, "{file:?}: {err}");
        assert!(err.contains(why), "{file:?}: {err}");
        assert_eq!(
            names(&data),
            listing,
            "{file:?}: nothing added or set aside"
        );
        assert_eq!(std::fs::read(data.join(DB)).unwrap(), live_bytes);
    }

    // While the server runs, the database is in use.
    let mut server = Server::start(&data, &[], &[]);
    let (code, err) = run(&data, &["restore", "--from", backup.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("in use"), "{err}");
    let t = token(&data, "later", "Anne");
    let (status, _) = request(
        "GET",
        &format!("{}/marker", server.url("later")),
        Some(&t),
        None,
    );
    assert_ne!(
        status, 401,
        "the server still has the workspace created after the backup"
    );
    server.kill();

    // Stopped (even killed, its WAL left behind): restored, the previous
    // database kept whole with what it had.
    let (code, err) = run(&data, &["restore", "--from", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let kept = data.join(format!("{DB}.before-restore"));
    let workspaces = |p: &Path| -> Vec<String> {
        let c = Connection::open(p).unwrap();
        let mut s = c
            .prepare("SELECT name FROM workspace ORDER BY name")
            .unwrap();
        let rows = s.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(integrity(&kept), "ok");
    assert_eq!(workspaces(&kept), ["acme", "later"]);
    let tokens: i64 = Connection::open(&kept)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM token", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tokens, 1, "the token made while the server ran is kept");
    assert_eq!(workspaces(&data.join(DB)), ["acme"]);
    assert_eq!(integrity(&data.join(DB)), "ok");

    // A second restore would lose the kept one: refused until it is moved.
    let (code, err) = run(&data, &["restore", "--from", backup.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("earlier restore"), "{err}");
    let server = Server::start(&data, &[], &[]);
    let (status, _) = request("GET", &format!("{}/health", server.base), None, None);
    assert_eq!(status, 200);
}

/// The last segment the server holds of `replica`, as its writer asks.
fn replica_last(server: &Server, token: &str, replica: &str) -> u64 {
    let url = format!("{}/v1/workspaces/acme/replicas/{replica}", server.base);
    let (status, body) = request("GET", &url, Some(token), None);
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["last"]
        .as_u64()
        .unwrap()
}

// SQLite only: `backup` and `restore` are the SQLite server's (PostgreSQL: pg_dump, pg_restore).
#[test]
fn after_a_restore_a_member_pushes_again_what_the_server_lost() {
    let (dir, data, [ta, tb]) = acme(["Anne", "Bent"]);
    let server = Server::start(&data, &[], &[]);
    let url = server.url("acme");
    let mut a = origin(&dir.path().join("a.steerco"));
    sync_server(&mut a, &url, &ta, None).unwrap();
    let mut b = join_as(&dir.path().join("b.steerco"), &url, &tb, None, "Bent");
    sync_server(&mut b, &url, &tb, None).unwrap();
    sync_server(&mut a, &url, &ta, None).unwrap();
    let bent = b.replica().to_string();
    assert_eq!(replica_last(&server, &tb, &bent), 1);

    let backup = dir.path().join("server-backup.sqlite3");
    let (code, err) = run(&data, &["backup", "--to", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // After the backup: two segments of Bent's; Anne applies the first.
    edit_title(&mut b, "8.1", "Titel fra Bent");
    assert_eq!(
        sync_server(&mut b, &url, &tb, None)
            .unwrap()
            .segments_written,
        1
    );
    sync_server(&mut a, &url, &ta, None).unwrap();
    assert!(has(&a, "Titel fra Bent"));
    edit_title(&mut b, "7.1", "Bents anden titel");
    assert_eq!(
        sync_server(&mut b, &url, &tb, None)
            .unwrap()
            .segments_written,
        1
    );
    assert_eq!(replica_last(&server, &tb, &bent), 3);
    let port = server.port;
    drop(server);

    let (code, err) = run(&data, &["restore", "--from", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let server = Server::start_on(&data, port, &[], &[]);
    assert_eq!(
        replica_last(&server, &tb, &bent),
        1,
        "segments 2 and 3 lost"
    );
    // Anne's token may not ask about Bent's replica (it is his token's).
    let (status, _) = request(
        "GET",
        &format!("{}/v1/workspaces/acme/replicas/{bent}", server.base),
        Some(&ta),
        None,
    );
    assert_eq!(status, 403);

    // Bent's next sync pushes both again, in order, before anything new.
    let r = sync_server(&mut b, &url, &tb, None).unwrap();
    assert_eq!((r.resent, r.segments_written, r.lost), (2, 0, None));
    assert_eq!(replica_last(&server, &tb, &bent), 3);
    let r = sync_server(&mut b, &url, &tb, None).unwrap();
    assert_eq!((r.resent, r.lost), (0, None), "nothing more is missing");

    // Anne skips the copy of segment 2 she applied before the restore and
    // applies segment 3; a new member gets both from the server.
    let r = sync_server(&mut a, &url, &ta, None).unwrap();
    assert!(r.set_aside.is_empty(), "{:?}", r.set_aside);
    assert_eq!(r.segments_applied, 1);
    assert!(has(&a, "Bents anden titel"));
    let tc = token(&data, "acme", "Carl");
    let mut c = join_as(&dir.path().join("c.steerco"), &url, &tc, None, "Carl");
    assert!(has(&c, "Titel fra Bent") && has(&c, "Bents anden titel"));
    for _ in 0..2 {
        for (s, t) in [(&mut c, &tc), (&mut a, &ta), (&mut b, &tb)] {
            let r = sync_server(s, &url, t, None).unwrap();
            assert!(r.set_aside.is_empty() && r.resent == 0, "{r:?}");
        }
    }
    let export = a.export_json().unwrap();
    assert_eq!(export, b.export_json().unwrap());
    assert_eq!(export, c.export_json().unwrap());

    // A segment pushed by a version that did not record what it held
    // (here: the record cleared) cannot be encoded again: reported, no
    // guess, and the sync goes on.
    edit_title(&mut b, "8.1", "Bents tredje titel");
    assert_eq!(
        sync_server(&mut b, &url, &tb, None)
            .unwrap()
            .segments_written,
        1
    );
    b.set_sync_setting(LocalKey::SyncServerSent, "").unwrap();
    let seq = served(&server, &ta)
        .iter()
        .filter(|s| s.1 == bent && s.2 == 4)
        .map(|s| s.0)
        .next()
        .unwrap();
    let out = admin_output(
        &data,
        &["segment", "remove", "--workspace", "acme", &seq.to_string()],
    );
    assert!(out.status.success(), "{out:?}");
    edit_title(&mut b, "7.1", "Bents fjerde titel");
    let r = sync_server(&mut b, &url, &tb, None).unwrap();
    assert_eq!((r.resent, r.lost, r.segments_written), (0, Some((4, 4)), 1));
    // The app's last outcome lists it too.
    let outcome = r.outcome(String::new());
    assert!(
        outcome
            .set_aside
            .iter()
            .any(|s| s.contains("change files 4 to 4")),
        "{:?}",
        outcome.set_aside
    );
}

/// A blob's name and bytes (any 64 hex digits name a blob on the server).
fn blob(seed: u8, len: usize) -> (String, Vec<u8>) {
    let bytes: Vec<u8> = (0..len).map(|i| (i as u8).wrapping_mul(seed)).collect();
    (steerco_server::db::sha256_hex(&bytes), bytes)
}

fn get_blob(c: &steerco_sync::server::Client, name: &str) -> Option<Vec<u8>> {
    let (_, mut reader) = c.get_blob(name).unwrap()?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut out).unwrap();
    Some(out)
}

// SQLite only: `backup` and `restore` are the SQLite server's (PostgreSQL: pg_dump, pg_restore).
#[test]
fn a_backup_carries_the_blobs_and_a_restore_puts_them_back() {
    let (dir, data, [ta]) = acme(["Anne"]);
    let server = Server::start(&data, &[], &[]);
    let c = steerco_sync::server::Client::new(&server.url("acme"), &ta).unwrap();
    let (one, two, later) = (blob(3, 300_000), blob(5, 1000), blob(7, 10));
    for (name, bytes) in [&one, &two] {
        assert!(c.put_blob(name, bytes.len() as u64, &bytes[..]).unwrap());
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let file = out.join("copy.sqlite3");
    let (code, err) = run(&data, &["backup", "--to", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 blob(s) copied"), "{err}");
    assert_eq!(
        names(&out),
        ["copy.sqlite3".into(), "copy.sqlite3.blobs".into()].into()
    );
    // Unasked, a blob folder is not added to; with --force, what is new is.
    assert!(c.put_blob(&later.0, 10, &later.1[..]).unwrap());
    std::fs::remove_file(&file).unwrap();
    let (code, err) = run(&data, &["backup", "--to", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("copy.sqlite3.blobs exists"), "{err}");
    let (code, err) = run(
        &data,
        &["backup", "--to", file.to_str().unwrap(), "--force"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 blob(s) copied"), "{err}");
    let port = server.port;
    drop(server);

    // Restored into a fresh folder, the server serves the same bytes.
    let fresh = dir.path().join("fresh");
    let (code, err) = run(&fresh, &["restore", "--from", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(names(&fresh), [DB.to_string(), "blobs".into()].into());
    let server = Server::start_on(&fresh, port, &[], &[]);
    let mut listed = c.list_blobs().unwrap();
    let mut want: Vec<_> = [&one, &two, &later]
        .iter()
        .map(|(n, b)| (n.clone(), b.len() as u64))
        .collect();
    listed.sort();
    want.sort();
    assert_eq!(listed, want);
    for (name, bytes) in [&one, &two, &later] {
        assert!(get_blob(&c, name).as_ref() == Some(bytes));
    }
    drop(server);

    // Over the server's own blobs: those held stay, the backup's come back.
    let (extra, extra_bytes) = blob(9, 20);
    let server = Server::start_on(&fresh, port, &[], &[]);
    assert!(c.put_blob(&extra, 20, &extra_bytes[..]).unwrap());
    drop(server);
    let blob_file = |data: &Path, name: &str| {
        data.join("blobs")
            .join(steerco_server::db::hex(b"acme"))
            .join(&name[..2])
            .join(name)
    };
    std::fs::remove_file(blob_file(&fresh, &one.0)).unwrap();
    let (code, err) = run(&fresh, &["restore", "--from", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(blob_file(&fresh, &one.0)).unwrap(), one.1);
    assert_eq!(
        std::fs::read(blob_file(&fresh, &extra)).unwrap(),
        extra_bytes
    );
}
