//! The server on PostgreSQL (`--database-env`): its migrations are
//! checksummed, and two server processes on one database keep one server
//! order per workspace that a pager follows without skipping or repeating
//! a segment while pushes arrive at both, tell each other's event streams
//! of pushes, and `migrate-to` moves an SQLite server's rows there.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{
    admin_on, admin_output_on, anne, own_changes, pg_database, pg_drop, pg_sql, request, setup_on,
    token_on, Rows, Server,
};

// PostgreSQL only: these checksummed migrations are PostgreSQL's schema (pg_schema.rs).
#[test]
fn a_changed_migration_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = pg_database();
    let rows = Rows::Postgres(url.clone());
    setup_on(&rows, &data, &["acme"]);
    // Applied again: nothing changes, the checksums match.
    token_on(&rows, &data, "acme", "Anne");
    let checksum =
        steerco_server::db::sha256_hex(steerco_server::pg_schema::MIGRATIONS[0].as_bytes());
    pg_sql(
        &url,
        &format!(
            "DO $$ BEGIN IF (SELECT checksum FROM steerco_migration WHERE version = 1) <> '{checksum}'
             THEN RAISE EXCEPTION 'not the checksum of migration 1'; END IF; END $$"
        ),
    );
    // The database says migration 1 had another text: refused, nothing served.
    pg_sql(
        &url,
        "UPDATE steerco_migration SET checksum = 'changed' WHERE version = 1",
    );
    let out = admin_output_on(&rows, &data, &["workspace", "create", "other"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("migration 1"), "{err}");
    // A migration this server does not know (from a newer server) is refused too.
    pg_sql(
        &url,
        &format!(
            "UPDATE steerco_migration SET checksum = '{checksum}' WHERE version = 1;
             INSERT INTO steerco_migration VALUES (99, 'x', 0)"
        ),
    );
    let out = admin_output_on(&rows, &data, &["workspace", "create", "other"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("newer"), "{err}");
}

// PostgreSQL only: only there do several server processes share one database.
#[test]
fn two_servers_on_one_database_with_concurrent_pushers_and_a_pager_skip_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let rows = Rows::Postgres(pg_database());
    setup_on(&rows, &data, &["acme"]);
    let token = token_on(&rows, &data, "acme", "Anne");
    let servers = [
        Server::start_with(&rows, &data, 0, &[], &[]),
        Server::start_with(&rows, &data, 0, &[], &[]),
    ];
    let api: Vec<String> = servers
        .iter()
        .map(|s| format!("{}/v1/workspaces/acme", s.base))
        .collect();
    let own = own_changes(&anne(&dir.path().join("a.steerco")), 0);
    let marker = format!(
        r#"{{"format":"steerco-folder","version":1,"workspace":"{}"}}"#,
        own.workspace
    );
    let (status, _) = request(
        "PUT",
        &format!("{}/marker", api[0]),
        Some(&token),
        Some(marker.as_bytes()),
    );
    assert_eq!(status, 201);

    const PUSHERS: u64 = 6;
    const EACH: u64 = 20;
    let done = Arc::new(AtomicBool::new(false));
    let pager = {
        let (api, token, done) = (api.clone(), token.clone(), done.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(40);
            let (mut after, mut seen, mut turn) = (0u64, Vec::new(), 0usize);
            loop {
                let finished = done.load(Ordering::SeqCst);
                turn += 1;
                let url = format!("{}/segments?after={after}&limit=7", api[turn % 2]);
                let (status, body) = request("GET", &url, Some(&token), None);
                assert_eq!(status, 200, "{body}");
                let page: serde_json::Value = serde_json::from_str(&body).unwrap();
                for s in page["segments"].as_array().unwrap() {
                    let seq = s["seq"].as_u64().unwrap();
                    assert!(seq > after, "seq {seq} after {after}");
                    after = seq;
                    let replica = s["replica"].as_str().unwrap().to_string();
                    seen.push((replica, s["segment"].as_u64().unwrap()));
                }
                assert_eq!(page["next"].as_u64().unwrap(), after);
                // The pushes were all answered before this page was asked for.
                if finished && page["more"] == false {
                    return seen;
                }
                assert!(Instant::now() < deadline, "the pager did not finish");
            }
        })
    };
    // A replica each, all with the marker's workspace id.
    let owns: Vec<Arc<common::Own>> = (0..PUSHERS)
        .map(|p| {
            let mut o = own_changes(&anne(&dir.path().join(format!("p{p}.steerco"))), 0);
            o.workspace = own.workspace.clone();
            Arc::new(o)
        })
        .collect();
    let pushers: Vec<_> = (0..PUSHERS)
        .map(|p| {
            let (api, token, own) = (api.clone(), token.clone(), owns[p as usize].clone());
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                for n in 1..=EACH {
                    let bytes = own.segment(n, None);
                    // Every other push through the other server.
                    let url = format!("{}/segments", api[((p + n) % 2) as usize]);
                    let (status, body) = request("POST", &url, Some(&token), Some(&bytes));
                    assert_eq!(status, 201, "{body}");
                    mine.push((own.replica.clone(), n));
                }
                mine
            })
        })
        .collect();
    let pushed: BTreeSet<(String, u64)> = pushers
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    done.store(true, Ordering::SeqCst);
    let seen = pager.join().unwrap();
    assert_eq!(pushed.len() as u64, PUSHERS * EACH);
    assert_eq!(seen.len(), pushed.len(), "a segment repeated or missing");
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), pushed);

    // The same segment again is the same; other bytes under its number are
    // refused by the database's constraint, through either server.
    let first = owns[0].segment(1, None);
    let again = request(
        "POST",
        &format!("{}/segments", api[1]),
        Some(&token),
        Some(&first),
    );
    assert_eq!(again.0, 200, "{}", again.1);
    let mut other = own_changes(&anne(&dir.path().join("o.steerco")), 0);
    other.replica = owns[0].replica.clone();
    other.workspace = own.workspace.clone();
    let clash = other.segment(1, None);
    assert_ne!(clash, first);
    let refused = request(
        "POST",
        &format!("{}/segments", api[0]),
        Some(&token),
        Some(&clash),
    );
    assert_eq!(refused.0, 409, "{}", refused.1);
    let health = request("GET", &format!("{}/health", servers[1].base), None, None);
    assert_eq!(health.0, 200);
    admin_on(
        &rows,
        &data,
        &["token", "revoke", "--workspace", "acme", "--member", "Anne"],
    );
}

// PostgreSQL only: SQLite is a file in the server's process, it cannot stop answering.
#[test]
fn health_answers_503_while_the_database_does_not_answer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = pg_database();
    let rows = Rows::Postgres(url.clone());
    setup_on(&rows, &data, &["acme"]);
    let server = Server::start_with(&rows, &data, 0, &[], &[]);
    let health = format!("{}/health", server.base);
    assert_eq!(request("GET", &health, None, None).0, 200);
    // The database gone (its connections ended with it): not healthy.
    pg_drop(&url);
    let (status, body) = request("GET", &health, None, None);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("database_unavailable"), "{body}");
}

// PostgreSQL only: only there do several server processes share one database.
#[test]
fn a_push_to_one_server_reaches_event_streams_on_another_within_a_second_also_after_a_drop() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = pg_database();
    let rows = Rows::Postgres(url.clone());
    setup_on(&rows, &data, &["acme"]);
    let token = token_on(&rows, &data, "acme", "Anne");
    let (a, b) = (
        Server::start_with(&rows, &data, 0, &[], &[]),
        Server::start_with(&rows, &data, 0, &[], &[]),
    );
    let own = own_changes(&anne(&dir.path().join("a.steerco")), 0);
    let marker = format!(
        r#"{{"format":"steerco-folder","version":1,"workspace":"{}"}}"#,
        own.workspace
    );
    let api_a = format!("{}/v1/workspaces/acme", a.base);
    let (status, _) = request(
        "PUT",
        &format!("{api_a}/marker"),
        Some(&token),
        Some(marker.as_bytes()),
    );
    assert_eq!(status, 201);

    let lines = event_lines(b.port, &token);
    let on_a = event_lines(a.port, &token);
    let mut seen = String::new();
    let mut heard = |what: &str, within: Duration| {
        let deadline = Instant::now() + within;
        while !seen.contains(what) {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => seen.push_str(&(line + "\n")),
                Err(_) => return false,
            }
        }
        true
    };
    assert!(heard("event: hello", Duration::from_secs(5)));
    let push = |n: u64| {
        let (status, body) = request(
            "POST",
            &format!("{api_a}/segments"),
            Some(&token),
            Some(&own.segment(n, None)),
        );
        assert_eq!(status, 201, "{body}");
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["seq"].clone()
    };
    let pushed = Instant::now();
    let seq = push(1);
    assert!(
        heard(&format!("{{\"seq\":{seq}}}"), Duration::from_secs(1)),
        "no event in {:?}",
        pushed.elapsed()
    );

    // A's own stream hears of A's push once: A's listener skips it.
    let mut on_a_seen = String::new();
    while let Ok(line) = on_a.recv_timeout(Duration::from_millis(500)) {
        on_a_seen.push_str(&(line + "\n"));
    }
    assert_eq!(
        on_a_seen.matches(&format!("{{\"seq\":{seq}}}")).count(),
        1,
        "{on_a_seen}"
    );

    // The listening connections drop: they reconnect, and B hears again.
    pg_sql(
        &url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'steerco-events' AND datname = current_database()",
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    for n in 2.. {
        let seq = push(n);
        if heard(&format!("{{\"seq\":{seq}}}"), Duration::from_millis(300)) {
            break;
        }
        assert!(Instant::now() < deadline, "B heard nothing again: {seen}");
    }
}

/// A workspace's event stream on the server at `port`, line by line from
/// a thread, so waits on it are bounded.
fn event_lines(port: u16, token: &str) -> std::sync::mpsc::Receiver<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /v1/workspaces/acme/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n"
    )
    .unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    lines
}

/// Every page of the workspace from the start, `limit` segments a page: the
/// response bodies as served.
fn pages(api: &str, token: &str, limit: u64) -> Vec<String> {
    let (mut after, mut bodies) = (0u64, Vec::new());
    loop {
        let url = format!("{api}/segments?after={after}&limit={limit}");
        let (status, body) = request("GET", &url, Some(token), None);
        assert_eq!(status, 200, "{body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        after = page["next"].as_u64().unwrap();
        let more = page["more"] == true;
        bodies.push(body);
        if !more {
            return bodies;
        }
    }
}

// Both backends by its subject: from an SQLite server to PostgreSQL.
#[test]
fn migrate_to_copies_an_sqlite_server_so_the_same_token_gets_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(&Rows::Sqlite, &data, &["acme", "empty"]);
    let token = token_on(&Rows::Sqlite, &data, "acme", "Anne");
    let olga = token_on(&Rows::Sqlite, &data, "acme", "Olga");
    admin_on(
        &Rows::Sqlite,
        &data,
        &["token", "revoke", "--workspace", "acme", "--member", "Olga"],
    );
    admin_on(&Rows::Sqlite, &data, &["token", "create", "--admin"]);
    let (before, own) = {
        let server = Server::start_with(&Rows::Sqlite, &data, 0, &[], &[]);
        let api = format!("{}/v1/workspaces/acme", server.base);
        let own = own_changes(&anne(&dir.path().join("a.steerco")), 0);
        let marker = format!(
            r#"{{"format":"steerco-folder","version":1,"workspace":"{}"}}"#,
            own.workspace
        );
        let (status, _) = request(
            "PUT",
            &format!("{api}/marker"),
            Some(&token),
            Some(marker.as_bytes()),
        );
        assert_eq!(status, 201);
        let mut other = own_changes(&anne(&dir.path().join("b.steerco")), 0);
        other.workspace = own.workspace.clone();
        for n in 1..=4 {
            for o in [&own, &other] {
                let (status, body) = request(
                    "POST",
                    &format!("{api}/segments"),
                    Some(&token),
                    Some(&o.segment(n, None)),
                );
                assert_eq!(status, 201, "{body}");
            }
        }
        // Hidden from pulls on SQLite: hidden on PostgreSQL too.
        admin_on(
            &Rows::Sqlite,
            &data,
            &["segment", "quarantine", "--workspace", "acme", "3"],
        );
        (pages(&api, &token, 3), own)
    };
    assert!(before.len() >= 3, "{before:?}");

    let url = pg_database();
    let rows = Rows::Postgres(url.clone());
    let out = admin_output_on(&rows, &data, &["migrate-to"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    for counted in [
        "workspace: 2 row(s)",
        "token: 2 row(s)",
        "admin_token: 1 row(s)",
        "replica_owner: 2 row(s)",
        "segment: 8 row(s)",
    ] {
        assert!(said.contains(counted), "{counted} in {said}");
    }
    // Not into a database that holds workspaces: nothing is added.
    let again = admin_output_on(&rows, &data, &["migrate-to"]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds 2 workspace(s)"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    let server = Server::start_with(&rows, &data, 0, &[], &[]);
    let api_pg = format!("{}/v1/workspaces/acme", server.base);
    assert_eq!(pages(&api_pg, &token, 3), before);
    // A revoked token stays revoked; new pushes are numbered after the copied ones.
    let (status, _) = request("GET", &format!("{api_pg}/marker"), Some(&token), None);
    assert_eq!(status, 200);
    let (status, _) = request("GET", &format!("{api_pg}/marker"), Some(&olga), None);
    assert_eq!(status, 401);
    let (status, body) = request(
        "POST",
        &format!("{api_pg}/segments"),
        Some(&token),
        Some(&own.segment(5, None)),
    );
    assert_eq!(status, 201, "{body}");
    let seq = serde_json::from_str::<serde_json::Value>(&body).unwrap()["seq"].as_u64();
    assert_eq!(seq, Some(9));
}
