//! The server under a hostile or broken client (#16): a wrong token never
//! makes it buffer a body, a slow client is dropped by the timeout, a token
//! cannot push as another token's replica, `/metrics` is for loopback or an
//! administrator, and the admin commands on segments and key records.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{
    acme_on, admin_on, admin_output_on, anne, edit_title, join, on_both, origin_synced_on,
    own_changes, request, token_on, Rows, Server,
};

/// A fresh workspace's store and its first changes as segments 1..=n of its
/// replica: (workspace id, replica, segments).
fn segments(dir: &std::path::Path, n: u64) -> (String, String, Vec<Vec<u8>>) {
    let own = own_changes(&anne(&dir.join("segments.steerco")), 0);
    let segs = (1..=n).map(|seq| own.segment(seq, None)).collect();
    (own.workspace, own.replica, segs)
}

fn marker(ws: &str) -> String {
    format!(r#"{{"format":"steerco-folder","version":1,"workspace":"{ws}"}}"#)
}

/// The server process's peak resident memory (VmHWM) in KiB.
fn peak_rss_kib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

on_both!(forty_big_bodies_with_a_wrong_token_leave_memory_alone_while_a_member_syncs);
fn forty_big_bodies_with_a_wrong_token_leave_memory_alone_while_a_member_syncs(rows: &Rows) {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc here to read the peak memory from");
        return;
    }
    let (dir, data, [ta]) = acme_on(rows, ["Anne"]);
    let (server, url, mut a) = origin_synced_on(rows, dir.path(), &data, &ta, None);
    let before = peak_rss_kib(&server);

    const BODY: usize = 16 * 1024 * 1024;
    let port = server.port;
    let flood: Vec<_> = (0..40)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
                let head = format!(
                    "POST /v1/workspaces/acme/segments HTTP/1.1\r\nHost: x\r\n\
                     Authorization: Bearer stc_wrong\r\nContent-Length: {BODY}\r\n\r\n"
                );
                let chunk = vec![b'x'; 256 * 1024];
                if s.write_all(head.as_bytes()).is_err() {
                    return;
                }
                // The server answers 401 and closes: writing fails then.
                for _ in 0..BODY / chunk.len() {
                    if s.write_all(&chunk).is_err() {
                        return;
                    }
                }
            })
        })
        .collect();
    // A member keeps syncing meanwhile.
    let mut syncs = 0;
    while syncs < 3 || (flood.iter().any(|t| !t.is_finished()) && syncs < 100) {
        edit_title(&mut a, "8.1", &format!("Titel {syncs}"));
        let r = steerco_sync::sync_server(&mut a, &url, &ta, None).unwrap();
        assert!(r.sent > 0, "{r:?}");
        syncs += 1;
    }
    for t in flood {
        t.join().unwrap();
    }
    let grown = peak_rss_kib(&server).saturating_sub(before);
    assert!(
        grown < 64 * 1024,
        "the peak RSS grew by {grown} KiB under 40 wrong-token 16 MiB requests"
    );
    assert_eq!(
        request("GET", &format!("{}/health", server.base), None, None).0,
        200
    );
}

/// Send `head`, then `trickle` a byte a second: how long until the server
/// closed the connection (None: still open after 10 s), and what it said.
fn trickle(port: u16, head: &str, trickle: &[u8]) -> (Option<Duration>, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    let start = Instant::now();
    s.write_all(head.as_bytes()).unwrap();
    let mut said = Vec::new();
    for byte in trickle.iter().cycle().take(10) {
        if s.write_all(&[*byte]).is_err() {
            return (Some(start.elapsed()), String::from_utf8_lossy(&said).into());
        }
        let mut buf = [0u8; 1024];
        // Waits up to a second: the byte-a-second pace.
        match s.read(&mut buf) {
            Ok(0) | Err(_) if start.elapsed() < Duration::from_millis(900) => {}
            Ok(0) => return (Some(start.elapsed()), String::from_utf8_lossy(&said).into()),
            Ok(n) => said.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return (Some(start.elapsed()), String::from_utf8_lossy(&said).into()),
        }
    }
    (None, String::from_utf8_lossy(&said).into())
}

on_both!(a_client_sending_a_byte_a_second_is_dropped_by_the_timeout);
fn a_client_sending_a_byte_a_second_is_dropped_by_the_timeout(rows: &Rows) {
    let (_dir, data, [ta]) = acme_on(rows, ["Anne"]);
    let server = Server::start_with(rows, &data, 0, &["--request-timeout-secs", "2"], &[]);
    // Slow headers.
    let (closed, _) = trickle(
        server.port,
        "POST /v1/workspaces/acme/segments HTTP/1.1\r\n",
        b"X-Slow: aaaaaaaaaaaa",
    );
    let closed = closed.expect("a slow header was not dropped within 10 s");
    assert!(closed < Duration::from_secs(6), "{closed:?}");
    // A slow body behind a valid token.
    let head = format!(
        "PUT /v1/workspaces/acme/marker HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {ta}\r\nContent-Length: 1000\r\n\r\n"
    );
    let (closed, said) = trickle(server.port, &head, b"{");
    let closed = closed.expect("a slow body was not dropped within 10 s");
    assert!(closed < Duration::from_secs(6), "{closed:?}");
    assert!(
        said.is_empty() || said.starts_with("HTTP/1.1 408"),
        "{said}"
    );
    // The server still serves.
    assert_eq!(
        request("GET", &format!("{}/health", server.base), None, None).0,
        200
    );
}

on_both!(a_second_token_pushing_as_the_first_ones_replica_gets_403);
fn a_second_token_pushing_as_the_first_ones_replica_gets_403(rows: &Rows) {
    let (dir, data, [ta, tb]) = acme_on(rows, ["Anne", "Bent"]);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let api = format!("{}/v1/workspaces/acme", server.base);
    let (ws, _, segs) = segments(dir.path(), 4);
    let push =
        |t: &str, seg: &[u8]| request("POST", &format!("{api}/segments"), Some(t), Some(seg));
    assert_eq!(
        request(
            "PUT",
            &format!("{api}/marker"),
            Some(&ta),
            Some(marker(&ws).as_bytes())
        )
        .0,
        201
    );
    assert_eq!(push(&ta, &segs[0]).0, 201);
    let (status, body) = push(&tb, &segs[1]);
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("replica_taken"), "{body}");
    // The same bytes again from the other token: 403 too.
    assert_eq!(push(&tb, &segs[0]).0, 403);
    assert_eq!(push(&ta, &segs[1]).0, 201);
    // A replaced token of the same member takes the replica over; nobody else does.
    admin_on(
        rows,
        &data,
        &["token", "revoke", "--workspace", "acme", "--member", "Anne"],
    );
    let ta2 = token_on(rows, &data, "acme", "Anne");
    assert_eq!(push(&tb, &segs[2]).0, 403);
    assert_eq!(push(&ta2, &segs[2]).0, 201);
    assert_eq!(push(&ta, &segs[3]).0, 401);
    // The binding survives a restart (it is in the database).
    drop(server);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let api = format!("{}/v1/workspaces/acme", server.base);
    let (status, _) = request(
        "POST",
        &format!("{api}/segments"),
        Some(&tb),
        Some(&segs[3]),
    );
    assert_eq!(status, 403);
}

on_both!(metrics_answer_an_admin_token_or_loopback_only);
fn metrics_answer_an_admin_token_or_loopback_only(rows: &Rows) {
    let (_dir, data, [ta]) = acme_on(rows, ["Anne"]);
    let root = admin_on(rows, &data, &["token", "create", "--admin"]);
    let strict = Server::start_with(rows, &data, 0, &["--no-metrics-loopback"], &[]);
    let url = format!("{}/metrics", strict.base);
    assert_eq!(request("GET", &url, None, None).0, 401);
    assert_eq!(request("GET", &url, Some(&ta), None).0, 401);
    assert_eq!(request("GET", &url, Some("stca_wrong"), None).0, 401);
    let (status, text) = request("GET", &url, Some(&root), None);
    assert_eq!(status, 200);
    assert!(text.contains("steerco_segments_stored"), "{text}");
    let id_line = admin_output_on(rows, &data, &["token", "create", "--admin"]);
    let second = String::from_utf8(id_line.stdout)
        .unwrap()
        .trim()
        .to_string();
    let id = String::from_utf8(id_line.stderr).unwrap();
    let id = id.split_whitespace().nth(2).unwrap().trim_end_matches(';');
    assert_eq!(request("GET", &url, Some(&second), None).0, 200);
    admin_on(rows, &data, &["token", "revoke", "--id", id]);
    assert_eq!(request("GET", &url, Some(&second), None).0, 401);
    // Loopback without a token, where the exemption is on (the default).
    let open = Server::start_with(rows, &data, 0, &[], &[]);
    assert_eq!(
        request("GET", &format!("{}/metrics", open.base), None, None).0,
        200
    );
}

on_both!(admin_commands_list_quarantine_and_remove_segments_and_key_records);
fn admin_commands_list_quarantine_and_remove_segments_and_key_records(rows: &Rows) {
    let (dir, data, [ta]) = acme_on(rows, ["Anne"]);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let api = format!("{}/v1/workspaces/acme", server.base);
    let (ws, replica, segs) = segments(dir.path(), 3);
    request(
        "PUT",
        &format!("{api}/marker"),
        Some(&ta),
        Some(marker(&ws).as_bytes()),
    );
    for s in &segs {
        assert_eq!(
            request("POST", &format!("{api}/segments"), Some(&ta), Some(s)).0,
            201
        );
    }
    request(
        "PUT",
        &format!("{api}/keys/epoch-2"),
        Some(&ta),
        Some(b"record"),
    );
    let list = admin_on(rows, &data, &["segment", "list", "--workspace", "acme"]);
    assert_eq!(list.lines().count(), 4, "{list}");
    assert!(
        list.contains(&replica) && list.contains("Anne") && list.contains("served"),
        "{list}"
    );
    let json: serde_json::Value = serde_json::from_str(&admin_on(
        rows,
        &data,
        &["segment", "list", "--workspace", "acme", "--json"],
    ))
    .unwrap();
    let seqs: Vec<u64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs.len(), 3);
    assert_eq!(json[0]["owner"], "Anne");
    let served = |api: &str| -> Vec<u64> {
        let (_, page) = request("GET", &format!("{api}/segments"), Some(&ta), None);
        let page: serde_json::Value = serde_json::from_str(&page).unwrap();
        page["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["seq"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(served(&api), seqs);
    admin_on(
        rows,
        &data,
        &[
            "segment",
            "quarantine",
            "--workspace",
            "acme",
            &seqs[1].to_string(),
        ],
    );
    assert_eq!(served(&api), vec![seqs[0], seqs[2]]);
    let again = admin_output_on(
        rows,
        &data,
        &[
            "segment",
            "quarantine",
            "--workspace",
            "acme",
            &seqs[1].to_string(),
        ],
    );
    assert!(!again.status.success(), "quarantined twice");
    assert!(
        admin_on(rows, &data, &["segment", "list", "--workspace", "acme"]).contains("quarantined")
    );
    admin_on(
        rows,
        &data,
        &[
            "segment",
            "remove",
            "--workspace",
            "acme",
            &seqs[2].to_string(),
        ],
    );
    assert_eq!(served(&api), vec![seqs[0]]);
    // Unknown ones are refused with exit code 1.
    let out = admin_output_on(
        rows,
        &data,
        &["segment", "remove", "--workspace", "acme", "99999"],
    );
    assert_eq!(out.status.code(), Some(1));

    let keys = admin_on(rows, &data, &["key", "list", "--workspace", "acme"]);
    assert!(keys.contains("epoch-2\t6"), "{keys}");
    let json = admin_on(
        rows,
        &data,
        &["key", "list", "--workspace", "acme", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json[0]["size"], 6, "{json}");
    admin_on(
        rows,
        &data,
        &["key", "remove", "--workspace", "acme", "epoch-2"],
    );
    assert_eq!(
        admin_on(rows, &data, &["key", "list", "--workspace", "acme"])
            .lines()
            .count(),
        1
    );
    let (_, listed) = request("GET", &format!("{api}/keys"), Some(&ta), None);
    assert_eq!(listed, r#"{"keys":[]}"#);
    let nowhere = admin_output_on(rows, &data, &["key", "list", "--workspace", "nowhere"]);
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no workspace nowhere"));
}

on_both!(a_segment_a_client_cannot_decode_is_set_aside_and_the_others_still_apply);
fn a_segment_a_client_cannot_decode_is_set_aside_and_the_others_still_apply(rows: &Rows) {
    use sha2::Digest;
    let (dir, data, [ta, tb, tc]) = acme_on(rows, ["Anne", "Bent", "Carl"]);
    let (server, url, mut a) = origin_synced_on(rows, dir.path(), &data, &ta, None);
    let mut b = join(&dir.path().join("b.steerco"), &url, &tb, None);
    // Carl's client pushes a segment whose header checks out but whose body
    // is no list of changes; Anne's edit comes after it.
    let ws = a.workspace().unwrap().id;
    let good = steerco_sync::segment::encode(&ws, "00000000c0ffee01", 1, &[], None).unwrap();
    let mut header = steerco_sync::segment::header(&good).unwrap();
    let body = b"not a list of changes".to_vec();
    header.sha256 = sha2::Sha256::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    header.count = 1;
    let mut bad = serde_json::to_vec(&header).unwrap();
    bad.push(b'\n');
    bad.extend_from_slice(&body);
    let api = format!("{}/v1/workspaces/acme", server.base);
    assert_eq!(
        request("POST", &format!("{api}/segments"), Some(&tc), Some(&bad)).0,
        201
    );
    edit_title(&mut a, "8.1", "Efter den dårlige");
    steerco_sync::sync_server(&mut a, &url, &ta, None).unwrap();
    let report = steerco_sync::sync_server(&mut b, &url, &tb, None).unwrap();
    assert_eq!(report.set_aside.len(), 1, "{:?}", report.set_aside);
    assert!(b.export_json().unwrap().contains("Efter den dårlige"));
    // The next sync reports it again (it is still there) and loses nothing.
    let again = steerco_sync::sync_server(&mut b, &url, &tb, None).unwrap();
    assert_eq!(again.set_aside.len(), 1, "{:?}", again.set_aside);
}
