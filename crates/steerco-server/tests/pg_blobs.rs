//! Blobs on PostgreSQL (`--database-env`): rows in the database, no file
//! under `--data`, so two server processes with data folders of their own
//! serve the same blobs; an upload is one transaction (cut off: nothing),
//! the first blob of a name is kept and a workspace's space holds across
//! the servers; `migrate-to` carries an SQLite server's blob files along.
//! Raw HTTP/1.1 over `TcpStream` where a test must send what no client does.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use common::{
    admin_output_on, bytes, get_blob, name_of, peak_rss_kib, pg_database, pg_query, quick_client,
    request, setup_on, token_on, Rows, Server, MIB,
};
use steerco_sync::server::BLOB_TOO_LARGE;
use steerco_sync::ServerError;

/// Every file under `dir`, at any depth.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_type().unwrap().is_dir() {
            out.extend(files(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}
/// A connection whose reads and writes give up after 5 s.
fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    s
}

/// Read the answer until the server closes, its JSON body ends or 5 s
/// pass: the text of it.
fn answer(s: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
        let text = String::from_utf8_lossy(&got);
        if text.contains("\r\n\r\n{") && text.trim_end().ends_with('}') {
            break;
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// The head of an upload to acme with `length` bytes.
fn put_head(blob: &str, token: &str, length: usize) -> String {
    format!(
        "PUT /v1/workspaces/acme/blobs/{blob} HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {token}\r\nContent-Length: {length}\r\n\r\n"
    )
}

/// Two servers on one new database, each with a data folder of its own,
/// started with `flags`; acme (and beta) with a token each.
struct Two {
    _dir: tempfile::TempDir,
    url: String,
    datas: [std::path::PathBuf; 2],
    servers: [Server; 2],
    ta: String,
    tb: String,
}

fn two(flags: &[&str]) -> Two {
    let dir = tempfile::tempdir().unwrap();
    let datas = [dir.path().join("one"), dir.path().join("two")];
    let url = pg_database();
    let rows = Rows::Postgres(url.clone());
    setup_on(&rows, &datas[0], &["acme", "beta"]);
    let ta = token_on(&rows, &datas[0], "acme", "Anne");
    let tb = token_on(&rows, &datas[0], "beta", "Bent");
    let servers = [0, 1].map(|i| Server::start_with(&rows, &datas[i], 0, flags, &[]));
    Two {
        _dir: dir,
        url,
        datas,
        servers,
        ta,
        tb,
    }
}

#[test]
fn a_20_mib_blob_up_through_one_server_comes_down_whole_from_the_other_streamed() {
    let t = two(&[]);
    let [one, other] = [0, 1].map(|i| quick_client(&t.servers[i], "acme", &t.ta));
    assert_eq!(one.list_blobs().unwrap(), vec![]);
    let before = t.servers.each_ref().map(peak_rss_kib);

    let big = bytes(20 * MIB, 1);
    let name = name_of(&big);
    assert!(one.put_blob(&name, big.len() as u64, &big[..]).unwrap());
    assert_eq!(
        other.list_blobs().unwrap(),
        vec![(name.clone(), big.len() as u64)]
    );
    assert!(
        get_blob(&other, &name).unwrap() == big,
        "the bytes came back changed"
    );
    // 20 chunk rows of 1 MiB, the bytes as they were.
    let chunks = pg_query(&t.url, "SELECT count(*) FROM blob_chunk")[0].get::<_, i64>(0);
    assert_eq!(chunks, 20);
    for (i, server) in t.servers.iter().enumerate() {
        if let (Some(before), Some(after)) = (before[i], peak_rss_kib(server)) {
            let grown = after.saturating_sub(before);
            assert!(
                grown < 10 * 1024,
                "server {i}'s peak memory grew by {grown} KiB for a 20 MiB blob"
            );
        }
    }

    // The same name again through the other server, with other bytes: the
    // first is kept and the answer comes before the body.
    let other_bytes = bytes(MIB, 2);
    let mut reader = &other_bytes[..];
    let len = other_bytes.len() as u64;
    assert!(!other.put_blob(&name, len, &mut reader).unwrap());
    assert_eq!(reader.len(), other_bytes.len(), "the body was sent");
    assert!(get_blob(&one, &name).unwrap() == big);

    // Names in order on both, an empty blob a blob too, pages after a name.
    let small: Vec<Vec<u8>> = (3..6)
        .map(|seed| bytes(1000 + seed as usize, seed))
        .collect();
    for (i, b) in small.iter().enumerate() {
        let c = if i % 2 == 0 { &one } else { &other };
        assert!(c.put_blob(&name_of(b), b.len() as u64, &b[..]).unwrap());
    }
    assert!(other.put_blob(&name_of(b""), 0, &b""[..]).unwrap());
    assert_eq!(get_blob(&one, &name_of(b"")).unwrap(), b"");
    let listed = one.list_blobs().unwrap();
    assert_eq!(listed, other.list_blobs().unwrap());
    let mut names: Vec<_> = listed.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(
        listed.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        names
    );
    assert_eq!(listed.len(), 5);
    let page = format!(
        "{}/v1/workspaces/acme/blobs?after={}&limit=2",
        t.servers[1].base, names[1]
    );
    let (status, page) = request("GET", &page, Some(&t.ta), None);
    assert_eq!(status, 200, "{page}");
    let page: serde_json::Value = serde_json::from_str(&page).unwrap();
    let paged: Vec<_> = page["blobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paged, names[2..4]);
    assert_eq!(
        one.get_blob(&"ab".repeat(32)).unwrap().map(|(n, _)| n),
        None
    );
    // Beta holds none of acme's.
    let beta = quick_client(&t.servers[0], "beta", &t.tb);
    assert_eq!(beta.list_blobs().unwrap(), vec![]);
    assert_eq!(beta.get_blob(&name).unwrap().map(|(n, _)| n), None);

    // The same new name through both servers at once, other bytes each:
    // one is stored, the other told it was there first, and every server
    // serves the one stored.
    let rivals = [bytes(3 * MIB, 8), bytes(3 * MIB, 9)];
    let contested = "c0".repeat(32);
    let created: Vec<bool> = std::thread::scope(|s| {
        let ups: Vec<_> = [&one, &other]
            .into_iter()
            .zip(&rivals)
            .map(|(c, b)| s.spawn(|| c.put_blob(&contested, b.len() as u64, &b[..]).unwrap()))
            .collect();
        ups.into_iter().map(|u| u.join().unwrap()).collect()
    });
    assert_eq!(created.iter().filter(|c| **c).count(), 1, "{created:?}");
    let kept = &rivals[created.iter().position(|c| *c).unwrap()];
    assert!(get_blob(&one, &contested).unwrap() == *kept);
    assert!(get_blob(&other, &contested).unwrap() == *kept);

    // Nothing of it on either server's disk.
    for data in &t.datas {
        assert_eq!(files(&data.join("blobs")), Vec::<std::path::PathBuf>::new());
    }
}

#[test]
fn an_upload_cut_off_half_way_leaves_nothing_and_a_retry_stores_it() {
    let t = two(&[]);
    let blob = bytes(10 * MIB, 7);
    let name = name_of(&blob);

    let mut s = connect(&t.servers[0]);
    s.write_all(put_head(&name, &t.ta, blob.len()).as_bytes())
        .unwrap();
    s.write_all(&blob[..3 * MIB]).unwrap();
    drop(s);

    let [one, other] = [0, 1].map(|i| quick_client(&t.servers[i], "acme", &t.ta));
    for c in [&one, &other] {
        assert_eq!(c.list_blobs().unwrap(), vec![]);
        assert_eq!(c.get_blob(&name).unwrap().map(|(n, _)| n), None);
    }
    // A reader that ends early fails the upload the same way: nothing kept.
    let err = one
        .put_blob(&name, blob.len() as u64, &blob[..MIB])
        .unwrap_err();
    assert_eq!(err.code(), "io", "{err}");
    assert_eq!(other.list_blobs().unwrap(), vec![]);

    assert!(other.put_blob(&name, blob.len() as u64, &blob[..]).unwrap());
    assert!(get_blob(&one, &name).unwrap() == blob);
    // The cut-off uploads' chunks were rolled back: only the stored one's.
    let chunks = pg_query(&t.url, "SELECT count(*) FROM blob_chunk")[0].get::<_, i64>(0);
    assert_eq!(chunks, 10);
    let open = pg_query(
        &t.url,
        "SELECT count(*) FROM pg_stat_activity
         WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
    )[0]
    .get::<_, i64>(0);
    assert_eq!(open, 0, "a transaction was left open");
    assert_eq!(
        files(&t.datas[0].join("blobs")),
        Vec::<std::path::PathBuf>::new()
    );
}

#[test]
fn the_blob_limit_and_a_workspaces_space_hold_across_servers() {
    // 1 MiB a blob, 2.1 MiB a workspace.
    let t = two(&["--max-blob-mib", "1", "--max-workspace-blob-gib", "0.002"]);
    let [one, other] = [0, 1].map(|i| quick_client(&t.servers[i], "acme", &t.ta));
    let name = "0123456789abcdef".repeat(4);

    // Over the blob limit: 413 with the limit, before any of the body.
    let mut s = connect(&t.servers[0]);
    s.write_all(put_head(&name, &t.ta, 2 * MIB).as_bytes())
        .unwrap();
    let text = answer(&mut s);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains(r#""limit":1048576"#), "{text}");
    let over = bytes(MIB + 1, 3);
    match other.put_blob(&name, over.len() as u64, &over[..]) {
        Err(ServerError::Refused {
            status: 413, code, ..
        }) => assert_eq!(code, BLOB_TOO_LARGE),
        other => panic!("{other:?}"),
    }

    // One blob through the first server; then two at once, one through
    // each, both let in by the space held when they started: the one
    // finished first is stored, the other refused when its body is in.
    let first = bytes(MIB, 10);
    assert!(one
        .put_blob(&name_of(&first), MIB as u64, &first[..])
        .unwrap());
    let racing = [bytes(MIB, 11), bytes(MIB, 12)];
    let mut streams = [0, 1].map(|i| connect(&t.servers[i]));
    for (s, b) in streams.iter_mut().zip(&racing) {
        s.write_all(put_head(&name_of(b), &t.ta, MIB).as_bytes())
            .unwrap();
        s.write_all(&b[..MIB / 2]).unwrap();
    }
    // Both handlers are reading their bodies before either finishes.
    std::thread::sleep(Duration::from_millis(500));
    let answers: Vec<String> = streams
        .iter_mut()
        .zip(&racing)
        .map(|(s, b)| {
            s.write_all(&b[MIB / 2..]).unwrap();
            answer(s)
        })
        .collect();
    assert!(answers[0].starts_with("HTTP/1.1 201"), "{}", answers[0]);
    assert!(answers[1].starts_with("HTTP/1.1 507"), "{}", answers[1]);
    assert!(
        answers[1].contains(r#""code":"workspace_full""#),
        "{}",
        answers[1]
    );
    assert_eq!(other.list_blobs().unwrap().len(), 2);
    assert!(get_blob(&other, &name_of(&racing[0])).unwrap() == racing[0]);
    assert_eq!(
        other
            .get_blob(&name_of(&racing[1]))
            .unwrap()
            .map(|(n, _)| n),
        None
    );

    // Full now, on either server, before the body.
    let third = bytes(MIB, 13);
    for c in [&one, &other] {
        match c.put_blob(&name_of(&third), MIB as u64, &third[..]) {
            Err(ServerError::Refused {
                status: 507, code, ..
            }) => assert_eq!(code, "workspace_full"),
            other => panic!("{other:?}"),
        }
    }
    // A blob held is still answered as held (200), full or not.
    assert!(!other
        .put_blob(&name_of(&first), MIB as u64, &first[..])
        .unwrap());
    // Another workspace has its own space.
    let beta = quick_client(&t.servers[1], "beta", &t.tb);
    assert!(beta
        .put_blob(&name_of(&third), MIB as u64, &third[..])
        .unwrap());
    assert_eq!(
        pg_query(&t.url, "SELECT count(*) FROM blob")[0].get::<_, i64>(0),
        3
    );
}

#[test]
fn migrate_to_carries_the_blob_files_into_the_database_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(&Rows::Sqlite, &data, &["acme", "beta"]);
    let ta = token_on(&Rows::Sqlite, &data, "acme", "Anne");
    let tb = token_on(&Rows::Sqlite, &data, "beta", "Bent");
    // Over a chunk, exactly one, a small one, an empty one; one in beta.
    let acme: Vec<Vec<u8>> = vec![
        bytes(3 * MIB + 17, 20),
        bytes(MIB, 21),
        bytes(100, 22),
        Vec::new(),
    ];
    let beta = bytes(5000, 23);
    let listed = {
        let server = Server::start_with(&Rows::Sqlite, &data, 0, &[], &[]);
        let c = quick_client(&server, "acme", &ta);
        for b in &acme {
            assert!(c.put_blob(&name_of(b), b.len() as u64, &b[..]).unwrap());
        }
        let cb = quick_client(&server, "beta", &tb);
        assert!(cb
            .put_blob(&name_of(&beta), beta.len() as u64, &beta[..])
            .unwrap());
        c.list_blobs().unwrap()
    };
    assert_eq!(listed.len(), 4);

    let url = pg_database();
    let rows = Rows::Postgres(url.clone());
    let out = admin_output_on(&rows, &data, &["migrate-to"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("blob: 5 row(s)"), "{said}");

    // Served from the database with an empty data folder of its own.
    let elsewhere = dir.path().join("elsewhere");
    let server = Server::start_with(&rows, &elsewhere, 0, &[], &[]);
    let c = quick_client(&server, "acme", &ta);
    assert_eq!(c.list_blobs().unwrap(), listed);
    for b in &acme {
        assert!(get_blob(&c, &name_of(b)).unwrap() == *b);
    }
    let cb = quick_client(&server, "beta", &tb);
    assert!(get_blob(&cb, &name_of(&beta)).unwrap() == beta);
    assert_eq!(cb.list_blobs().unwrap().len(), 1);
    assert_eq!(
        files(&elsewhere.join("blobs")),
        Vec::<std::path::PathBuf>::new()
    );
}

#[test]
fn uploads_past_half_the_connection_pool_are_told_to_come_back() {
    let t = two(&[]);
    let blobs: Vec<Vec<u8>> = (30..39).map(|seed| bytes(1000, seed)).collect();
    // Half of the server's pool of 16 (`pg.rs`), each upload a transaction
    // waiting for the rest of its body.
    let mut waiting: Vec<TcpStream> = blobs[..8]
        .iter()
        .map(|b| {
            let mut s = connect(&t.servers[0]);
            s.write_all(put_head(&name_of(b), &t.ta, b.len()).as_bytes())
                .unwrap();
            s.write_all(&b[..10]).unwrap();
            s
        })
        .collect();
    let in_transaction = "SELECT count(*) FROM pg_stat_activity
         WHERE datname = current_database() AND state = 'idle in transaction'";
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while pg_query(&t.url, in_transaction)[0].get::<_, i64>(0) < 8 {
        assert!(
            std::time::Instant::now() < deadline,
            "the uploads did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let last = &blobs[8];
    let mut s = connect(&t.servers[0]);
    s.write_all(put_head(&name_of(last), &t.ta, last.len()).as_bytes())
        .unwrap();
    let text = answer(&mut s);
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(
        text.contains("Retry-After") || text.contains("retry-after"),
        "{text}"
    );
    // The other server has its own pool.
    let other = quick_client(&t.servers[1], "acme", &t.ta);
    assert!(other
        .put_blob(&name_of(last), last.len() as u64, &last[..])
        .unwrap());

    for (s, b) in waiting.iter_mut().zip(&blobs) {
        s.write_all(&b[10..]).unwrap();
        let text = answer(s);
        assert!(text.starts_with("HTTP/1.1 201"), "{text}");
    }
    let one = quick_client(&t.servers[0], "acme", &t.ta);
    assert_eq!(one.list_blobs().unwrap().len(), 9);
    for b in &blobs {
        assert!(get_blob(&one, &name_of(b)).unwrap() == *b);
    }
}
