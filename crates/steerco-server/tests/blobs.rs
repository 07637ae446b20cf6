//! Papers' bytes (blobs) through the real server and the real client
//! (`steerco_sync::server::Client`): a 20 MiB blob up and down streamed, an
//! upload cut off half-way, the refusals (no length, too large, a full
//! workspace, bad names, another workspace's token), and immutability.
//! Raw HTTP/1.1 over `TcpStream` where a test must send what no client does.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{
    acme_on, bytes, get_blob, name_of, on_both, peak_rss_kib, pg_query, quick_client, request,
    setup_on, token_on, Rows, Server, MIB,
};
use steerco_server::db::hex;
use steerco_sync::server::{Client, BLOB_TOO_LARGE};
use steerco_sync::ServerError;

/// What uploads under way keep: on SQLite the files in acme's blob folder
/// that are no blob; on PostgreSQL the chunks no blob names (an upload's
/// chunks and its blob row are written in one transaction).
fn parts(rows: &Rows, data: &Path) -> Vec<String> {
    if let Rows::Postgres(url) = rows {
        let orphans = "SELECT upload::TEXT || '/' || n::TEXT FROM blob_chunk
                       WHERE upload NOT IN (SELECT upload FROM blob)";
        return pg_query(url, orphans).iter().map(|r| r.get(0)).collect();
    }
    let dir = data.join("blobs").join(hex(b"acme"));
    match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// A connection whose reads and writes give up after 3 s.
fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(3))).unwrap();
    s
}

/// Send `head` (the body, if any, follows from the caller) and read the
/// answer until the server closes or 3 s pass: the text of it.
fn answer(s: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
        if String::from_utf8_lossy(&got).contains("\r\n\r\n{") {
            let text = String::from_utf8_lossy(&got);
            if text.trim_end().ends_with('}') {
                break;
            }
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

fn put_head(blob: &str, token: &str, length: &str) -> String {
    format!(
        "PUT /v1/workspaces/acme/blobs/{blob} HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {token}\r\n{length}\r\n"
    )
}

on_both!(a_20_mib_blob_goes_up_and_down_streamed_and_the_first_one_stays);
fn a_20_mib_blob_goes_up_and_down_streamed_and_the_first_one_stays(rows: &Rows) {
    let (_dir, data, [ta]) = acme_on(rows, ["Anne"]);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let c = quick_client(&server, "acme", &ta);
    assert_eq!(c.list_blobs().unwrap(), vec![]);
    let before = peak_rss_kib(&server);

    let big = bytes(20 * MIB, 1);
    let name = name_of(&big);
    assert!(c.put_blob(&name, big.len() as u64, &big[..]).unwrap());
    assert_eq!(
        c.list_blobs().unwrap(),
        vec![(name.clone(), big.len() as u64)]
    );
    assert!(
        get_blob(&c, &name).unwrap() == big,
        "the bytes came back changed"
    );
    if let (Some(before), Some(after)) = (before, peak_rss_kib(&server)) {
        let grown = after.saturating_sub(before);
        assert!(
            grown < 10 * 1024,
            "the server's peak memory grew by {grown} KiB for a 20 MiB blob"
        );
    }

    // The same name again, with other bytes: kept as first stored, and the
    // answer comes before the body (nothing read: the reader stays whole).
    let other = bytes(MIB, 2);
    let mut reader = &other[..];
    assert!(!c.put_blob(&name, other.len() as u64, &mut reader).unwrap());
    assert_eq!(reader.len(), other.len(), "the body was sent");
    assert!(get_blob(&c, &name).unwrap() == big);

    // Names in order, after a given one; an empty blob is a blob too.
    let small: Vec<Vec<u8>> = (3..6).map(|seed| bytes(1000, seed)).collect();
    for b in &small {
        assert!(c.put_blob(&name_of(b), b.len() as u64, &b[..]).unwrap());
    }
    assert!(c.put_blob(&name_of(b""), 0, &b""[..]).unwrap());
    assert_eq!(get_blob(&c, &name_of(b"")).unwrap(), b"");
    let listed = c.list_blobs().unwrap();
    let mut names: Vec<_> = listed.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(
        listed.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        names
    );
    assert_eq!(listed.len(), 5);
    let url = format!(
        "{}/v1/workspaces/acme/blobs?after={}&limit=2",
        server.base, names[1]
    );
    let (status, page) = request("GET", &url, Some(&ta), None);
    assert_eq!(status, 200, "{page}");
    let page: serde_json::Value = serde_json::from_str(&page).unwrap();
    let paged: Vec<_> = page["blobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].clone())
        .collect();
    assert_eq!(paged, vec![names[2].clone(), names[3].clone()]);
    assert_eq!(c.get_blob(&"ab".repeat(32)).unwrap().map(|(n, _)| n), None);

    // Counted in /metrics (loopback).
    let (_, metrics) = request("GET", &format!("{}/metrics", server.base), None, None);
    let counter = |name: &str| -> u64 {
        let line = metrics
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap();
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    assert_eq!(counter("steerco_blobs_stored_total"), 5);
    assert!(counter("steerco_blob_bytes_received_total") >= big.len() as u64);
    assert!(counter("steerco_blob_bytes_sent_total") >= 2 * big.len() as u64);
}

on_both!(an_upload_cut_off_half_way_stores_nothing_and_a_later_one_stores_it);
fn an_upload_cut_off_half_way_stores_nothing_and_a_later_one_stores_it(rows: &Rows) {
    let (_dir, data, [ta]) = acme_on(rows, ["Anne"]);
    // What a server killed during an upload to files left goes when one
    // starts (PostgreSQL's uploads are transactions: nothing is left).
    if let Rows::Sqlite = rows {
        let folder = data.join("blobs").join(hex(b"acme"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(".part-0123"), b"half a paper").unwrap();
    }
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    assert!(parts(rows, &data).is_empty(), "{:?}", parts(rows, &data));
    let blob = bytes(10 * MIB, 7);
    let name = name_of(&blob);

    let mut s = connect(&server);
    let head = put_head(&name, &ta, &format!("Content-Length: {}\r\n", blob.len()));
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(&blob[..3 * MIB]).unwrap();
    drop(s);

    // The temporary file goes with the request.
    let deadline = Instant::now() + Duration::from_secs(3);
    while !parts(rows, &data).is_empty() {
        assert!(
            Instant::now() < deadline,
            "left behind: {:?}",
            parts(rows, &data)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let c = quick_client(&server, "acme", &ta);
    assert_eq!(c.list_blobs().unwrap(), vec![]);
    assert_eq!(c.get_blob(&name).unwrap().map(|(n, _)| n), None);

    // A reader that ends early fails the upload the same way: nothing kept.
    let err = c
        .put_blob(&name, blob.len() as u64, &blob[..MIB])
        .unwrap_err();
    assert_eq!(err.code(), "io", "{err}");
    assert_eq!(c.list_blobs().unwrap(), vec![]);

    assert!(c.put_blob(&name, blob.len() as u64, &blob[..]).unwrap());
    assert!(get_blob(&c, &name).unwrap() == blob);
    assert!(parts(rows, &data).is_empty(), "{:?}", parts(rows, &data));
}

on_both!(refusals_no_length_too_large_a_full_workspace_bad_names_and_other_tokens);
fn refusals_no_length_too_large_a_full_workspace_bad_names_and_other_tokens(rows: &Rows) {
    let (_dir, data, [ta]) = acme_on(rows, ["Anne"]);
    setup_on(rows, &data, &["beta"]);
    let tb = token_on(rows, &data, "beta", "Bent");
    // 1 MiB a blob, 2.1 MiB a workspace.
    let flags = ["--max-blob-mib", "1", "--max-workspace-blob-gib", "0.002"];
    let server = Server::start_with(rows, &data, 0, &flags, &[]);
    let c = quick_client(&server, "acme", &ta);
    let name = "0123456789abcdef".repeat(4);

    // No Content-Length (a chunked body): 411.
    let mut s = connect(&server);
    let head = put_head(&name, &ta, "Transfer-Encoding: chunked\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(b"5\r\nhello\r\n0\r\n\r\n").unwrap();
    let text = answer(&mut s);
    assert!(text.starts_with("HTTP/1.1 411"), "{text}");
    assert!(text.contains(r#""code":"length_required""#), "{text}");

    // Over the blob limit: 413 with the limit, before any of the body.
    let mut s = connect(&server);
    let head = put_head(&name, &ta, &format!("Content-Length: {}\r\n", 2 * MIB));
    s.write_all(head.as_bytes()).unwrap();
    let text = answer(&mut s);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains(r#""limit":1048576"#), "{text}");
    let over = bytes(MIB + 1, 3);
    match c.put_blob(&name, over.len() as u64, &over[..]) {
        Err(ServerError::Refused {
            status: 413,
            code,
            message,
        }) => {
            assert_eq!(code, BLOB_TOO_LARGE);
            assert!(
                message.contains("1048576") && message.contains("1048577"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }

    // Within the blob limit, but past the workspace's space: 507.
    let one = |seed| bytes(MIB, seed);
    for seed in [10, 11] {
        let b = one(seed);
        assert!(c.put_blob(&name_of(&b), MIB as u64, &b[..]).unwrap());
    }
    let third = one(12);
    match c.put_blob(&name_of(&third), MIB as u64, &third[..]) {
        Err(ServerError::Refused {
            status: 507, code, ..
        }) => assert_eq!(code, "workspace_full"),
        other => panic!("{other:?}"),
    }
    // Another workspace has its own space.
    let cb = Client::new(&server.url("beta"), &tb).unwrap();
    assert!(cb
        .put_blob(&name_of(&third), MIB as u64, &third[..])
        .unwrap());

    // Bad names: 400 for every route; the client does not even ask.
    let api = format!("{}/v1/workspaces/acme", server.base);
    for bad in [
        "ABCDEF0123456789".repeat(4),
        "0a".repeat(31),
        format!(".part-{}", "0".repeat(58)),
    ] {
        let (status, text) = request("PUT", &format!("{api}/blobs/{bad}"), Some(&ta), Some(b"x"));
        assert_eq!(status, 400, "{text}");
        assert!(text.contains("bad_blob_name"), "{text}");
        let (status, _) = request("GET", &format!("{api}/blobs/{bad}"), Some(&ta), None);
        assert_eq!(status, 400);
        let (status, _) = request("GET", &format!("{api}/blobs?after={bad}"), Some(&ta), None);
        assert_eq!(status, 400);
        assert!(matches!(c.get_blob(&bad), Err(ServerError::Protocol(_))));
    }
    let (status, _) = request("GET", &format!("{api}/blobs?limit=1001"), Some(&ta), None);
    assert_eq!(status, 400);

    // Another workspace's token: the same 401 as any wrong token, for
    // every route; beta's blob is not acme's.
    let wrong = Client::new(&server.url("acme"), &tb).unwrap();
    assert!(matches!(wrong.list_blobs(), Err(ServerError::Unauthorized)));
    assert!(matches!(
        wrong.get_blob(&name),
        Err(ServerError::Unauthorized)
    ));
    let x = bytes(10, 1);
    assert!(matches!(
        wrong.put_blob(&name, 10, &x[..]),
        Err(ServerError::Unauthorized)
    ));
    assert_eq!(c.get_blob(&name_of(&third)).unwrap().map(|(n, _)| n), None);
    assert_eq!(c.list_blobs().unwrap().len(), 2);
}
