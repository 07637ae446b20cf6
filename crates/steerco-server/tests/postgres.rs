//! The server on PostgreSQL (`--database-env`): its migrations are
//! checksummed, and two server processes on one database keep one server
//! order per workspace that a pager follows without skipping or repeating
//! a segment while pushes arrive at both.

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{
    admin_on, admin_output_on, anne, own_changes, pg_database, pg_drop, pg_sql, request, setup_on,
    token_on, Rows, Server,
};

#[test]
fn a_changed_migration_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = pg_database();
    let rows = Rows::Postgres(url.clone());
    setup_on(&rows, &data, &["acme"]);
    // Applied again: nothing changes, the checksums match.
    token_on(&rows, &data, "acme", "Anne");
    let checksum = steerco_server::db::sha256_hex(steerco_server::pg::MIGRATIONS[0].as_bytes());
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

#[test]
fn admin_commands_on_segments_and_key_records_work_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let rows = Rows::Postgres(pg_database());
    setup_on(&rows, &data, &["acme"]);
    let token = token_on(&rows, &data, "acme", "Anne");
    let server = Server::start_with(&rows, &data, 0, &[], &[]);
    let api = format!("{}/v1/workspaces/acme", server.base);
    let own = own_changes(&anne(&dir.path().join("a.steerco")), 0);
    let marker = format!(
        r#"{{"format":"steerco-folder","version":1,"workspace":"{}"}}"#,
        own.workspace
    );
    let put = |path: &str, body: &[u8]| {
        request("PUT", &format!("{api}/{path}"), Some(&token), Some(body)).0
    };
    assert_eq!(put("marker", marker.as_bytes()), 201);
    assert_eq!(put("keys/epoch-2", b"sealed"), 201);
    for n in 1..=2 {
        let (status, body) = request(
            "POST",
            &format!("{api}/segments"),
            Some(&token),
            Some(&own.segment(n, None)),
        );
        assert_eq!(status, 201, "{body}");
    }
    let list = |args: &[&str]| -> Vec<serde_json::Value> {
        serde_json::from_str(&admin_on(&rows, &data, args)).unwrap()
    };
    let segments = list(&["segment", "list", "--workspace", "acme", "--json"]);
    assert_eq!(segments.len(), 2);
    assert_eq!(segments[0]["owner"], "Anne");
    let first = segments[0]["seq"].as_u64().unwrap().to_string();
    admin_on(
        &rows,
        &data,
        &["segment", "quarantine", "--workspace", "acme", &first],
    );
    let page = request("GET", &format!("{api}/segments"), Some(&token), None).1;
    let page: serde_json::Value = serde_json::from_str(&page).unwrap();
    assert_eq!(page["segments"].as_array().unwrap().len(), 1, "{page}");
    assert_eq!(page["segments"][0]["segment"], 2);
    let again = admin_output_on(
        &rows,
        &data,
        &["segment", "quarantine", "--workspace", "acme", &first],
    );
    assert!(!again.status.success());
    admin_on(
        &rows,
        &data,
        &["segment", "remove", "--workspace", "acme", &first],
    );
    let left = list(&["segment", "list", "--workspace", "acme", "--json"]);
    assert_eq!(left.len(), 1);
    let keys = list(&["key", "list", "--workspace", "acme", "--json"]);
    assert_eq!((keys.len(), &keys[0]["size"]), (1, &serde_json::json!(6)));
    admin_on(
        &rows,
        &data,
        &["key", "remove", "--workspace", "acme", "epoch-2"],
    );
    assert!(list(&["key", "list", "--workspace", "acme", "--json"]).is_empty());
    let nowhere = admin_output_on(&rows, &data, &["key", "list", "--workspace", "nowhere"]);
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no workspace nowhere"));
}

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
