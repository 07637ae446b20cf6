//! The server's caps against a real process (#16): open connections, the
//! idle timeout, event streams per token and in all, requests in flight per
//! token and the writer's queue. Raw HTTP/1.1 over `TcpStream`, so a test
//! sees exactly what the server does with a connection (closes it, answers
//! it, or keeps it).

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{acme, acme_on, on_both, Rows, Server};

/// A connection whose reads and writes give up after 3 s (no test waits
/// longer on a socket).
fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(3))).unwrap();
    s
}

/// Read until `needle` has arrived or the server closed the connection
/// (a read timeout fails the test: the server neither answered nor closed).
fn read_until(s: &mut TcpStream, needle: &str) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&got).contains(needle) {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if is_reset(&e) => break,
            Err(e) => panic!(
                "no {needle:?} and no close: {e}; got {:?}",
                String::from_utf8_lossy(&got)
            ),
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// The peer closed the connection abruptly (data it had not read yet).
fn is_reset(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe
    )
}

/// One request on a connection of its own (`Connection: close`): the whole
/// answer.
fn call(port: u16, method: &str, path: &str, token: Option<&str>, body: &[u8]) -> String {
    let mut s = connect(port);
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut got = Vec::new();
    if let Err(e) = s.read_to_end(&mut got) {
        assert!(is_reset(&e), "no answer and no close: {e}");
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// The status of an answer ("HTTP/1.1 503 ..."); 0 for none.
fn status(answer: &str) -> u16 {
    answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|r| r.get(..3))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A refusal over a cap: 503, try again in a second, code `busy`.
fn assert_busy(answer: &str) {
    assert_eq!(status(answer), 503, "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(lower.contains("\r\nretry-after: 1\r\n"), "{answer}");
    assert!(answer.contains(r#""code":"busy""#), "{answer}");
}

/// GET /health on `s`, kept open (keep-alive): the answer.
fn health(s: &mut TcpStream) -> String {
    s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    read_until(s, r#""status":"ok"}"#)
}

/// A new connection the server closes unanswered (at once: a read that
/// times out fails in `read_until`).
fn assert_turned_away(port: u16) {
    let mut s = connect(port);
    // Writing may already fail: the server closed the connection.
    let answer = match s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n") {
        Ok(()) => read_until(&mut s, "\r\n\r\n"),
        Err(e) if is_reset(&e) => String::new(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(answer, "", "a connection over the cap was answered");
}

/// Retry `attempt` every 50 ms for up to 3 s until it gives Some.
fn within_3s<T>(what: &str, mut attempt: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        if let Some(t) = attempt() {
            return t;
        }
        assert!(Instant::now() < deadline, "{what}: not within 3 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

on_both!(a_connection_over_the_cap_is_closed_unanswered_until_one_of_the_open_ones_closes);
fn a_connection_over_the_cap_is_closed_unanswered_until_one_of_the_open_ones_closes(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start_with(rows, &data, 0, &["--max-connections", "3"], &[]);
    let port = server.port;
    // Three idle connections; the server accepts in order, so these hold
    // the three places before the fourth is accepted.
    let mut open: Vec<TcpStream> = (0..3).map(|_| connect(port)).collect();
    assert_turned_away(port);
    assert_turned_away(port);
    // One of the three closes: a new connection is answered (and stays open).
    drop(open.remove(0));
    let answered = within_3s("a place freed by a closed connection", || {
        let mut s = connect(port);
        let answer = match s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n") {
            Ok(()) => read_until(&mut s, r#""status":"ok"}"#),
            Err(_) => String::new(),
        };
        (status(&answer) == 200).then_some(s)
    });
    open.push(answered);
    // The answered one holds its place while it is open.
    assert_turned_away(port);
    // The ones held all along still work.
    for s in &mut open {
        assert_eq!(status(&health(s)), 200);
    }
}

/// How long until the server closes `s` (which sends nothing more).
fn closed_after(s: &mut TcpStream, since: Instant) -> Duration {
    s.set_read_timeout(Some(Duration::from_secs(6))).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return since.elapsed(),
            Ok(_) => continue,
            Err(e) if is_reset(&e) => return since.elapsed(),
            Err(e) => panic!("still open after {:?}: {e}", since.elapsed()),
        }
    }
}

on_both!(an_idle_connection_is_closed_after_the_idle_timeout_but_an_event_stream_is_kept);
fn an_idle_connection_is_closed_after_the_idle_timeout_but_an_event_stream_is_kept(rows: &Rows) {
    let (_dir, data, [ta]) = acme_on(rows, ["Anne"]);
    let server = Server::start_with(rows, &data, 0, &["--idle-timeout-secs", "1"], &[]);
    let port = server.port;
    // One connection never says a word; another is idle after an answer.
    let mut silent = connect(port);
    let silent_since = Instant::now();
    let mut kept = connect(port);
    assert_eq!(status(&health(&mut kept)), 200);
    let kept_since = Instant::now();
    // An event stream has nothing to say either: its keep-alives keep it.
    let mut stream = connect(port);
    stream
        .write_all(
            format!(
                "GET /v1/workspaces/acme/events HTTP/1.1\r\nHost: x\r\n\
                 Authorization: Bearer {ta}\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
    assert!(read_until(&mut stream, "event: hello").contains("event: hello"));
    let stream_since = Instant::now();
    for (what, s, since) in [
        ("silent", &mut silent, silent_since),
        ("after an answer", &mut kept, kept_since),
    ] {
        let after = closed_after(s, since);
        assert!(
            after >= Duration::from_millis(900) && after <= Duration::from_secs(5),
            "{what}: closed after {after:?}"
        );
    }
    // Three idle timeouts on, the stream is open and still delivering bytes.
    let mut buf = [0u8; 256];
    while stream_since.elapsed() < Duration::from_secs(3) {
        match stream.read(&mut buf) {
            Ok(n) => assert!(n > 0, "the event stream was closed"),
            Err(e) => panic!("the event stream: {e}"),
        }
    }
}

/// Open the workspace's event stream with `token`: (status, the connection,
/// which stays open while a stream is served).
fn events(port: u16, token: &str) -> (u16, TcpStream) {
    let mut s = connect(port);
    let head = format!(
        "GET /v1/workspaces/acme/events HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(head.as_bytes()).unwrap();
    let answer = read_until(&mut s, "event: hello");
    match status(&answer) {
        200 => assert!(answer.contains("event: hello"), "{answer}"),
        _ => assert_busy(&answer),
    }
    (status(&answer), s)
}

on_both!(event_streams_are_capped_per_token_and_in_all_and_a_closed_one_frees_its_place);
fn event_streams_are_capped_per_token_and_in_all_and_a_closed_one_frees_its_place(rows: &Rows) {
    let (_dir, data, [ta, tb, tc]) = acme_on(rows, ["Anne", "Bent", "Carl"]);
    let server = Server::start_with(
        rows,
        &data,
        0,
        &[
            "--max-streams-per-token",
            "1",
            "--max-streams",
            "2",
            "--max-requests-per-token",
            "1",
        ],
        &[],
    );
    let port = server.port;
    let (ok, anne) = events(port, &ta);
    assert_eq!(ok, 200);
    assert_eq!(events(port, &ta).0, 503, "Anne's second stream");
    let (ok, _bent) = events(port, &tb);
    assert_eq!(ok, 200, "another token's first stream");
    assert_eq!(events(port, &tc).0, 503, "a third stream in all");
    // A stream, open or refused, holds none of its token's requests in
    // flight (one here): the token still pulls.
    for t in [&ta, &tc] {
        let page = call(port, "GET", "/v1/workspaces/acme/segments", Some(t), b"");
        assert_eq!(status(&page), 200, "{page}");
    }
    // Anne's stream closes: Carl gets its place, and then Anne is refused
    // by the total.
    drop(anne);
    let _carl = within_3s("the place of a closed stream", || {
        let (code, s) = events(port, &tc);
        (code == 200).then_some(s)
    });
    assert_eq!(events(port, &ta).0, 503, "the total again");
}

on_both!(a_token_with_a_request_in_flight_is_refused_another_while_other_tokens_are_served);
fn a_token_with_a_request_in_flight_is_refused_another_while_other_tokens_are_served(rows: &Rows) {
    let (_dir, data, [ta, tb]) = acme_on(rows, ["Anne", "Bent"]);
    let server = Server::start_with(rows, &data, 0, &["--max-requests-per-token", "1"], &[]);
    let port = server.port;
    let pull = "/v1/workspaces/acme/segments";
    // A push whose body has not come yet: the server says "100 Continue"
    // once the token is checked and the handler waits for the body, so the
    // request is in flight from then on.
    let mut held = connect(port);
    let head = format!(
        "POST {pull} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ta}\r\n\
         Content-Length: 16\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
    );
    held.write_all(head.as_bytes()).unwrap();
    let cont = read_until(&mut held, "\r\n\r\n");
    assert!(cont.starts_with("HTTP/1.1 100 Continue"), "{cont}");
    assert_busy(&call(port, "GET", pull, Some(&ta), b""));
    assert_eq!(status(&call(port, "GET", pull, Some(&tb), b"")), 200);
    // The body arrives (no segment): answered, and Anne's slot is free.
    held.write_all(b"not a segment..\n").unwrap();
    let answer = read_until(&mut held, "\"}");
    assert_eq!(status(&answer), 400, "{answer}");
    assert_eq!(status(&call(port, "GET", pull, Some(&ta), b"")), 200);
}

// SQLite only: the queue is the SQLite group-commit writer's (PostgreSQL
// pushes are transactions of their own, no writer and no queue).
#[test]
fn pushes_over_the_writers_queue_get_503_with_retry_after_and_are_stored_when_retried() {
    let (_dir, data, [ta]) = acme(["Anne"]);
    let server = Server::start(&data, &["--writer-queue", "1"], &[]);
    let port = server.port;
    let api = "/v1/workspaces/acme";
    let marker = br#"{"format":"steerco-folder","version":1,"workspace":"WS1"}"#;
    let answer = call(port, "PUT", &format!("{api}/marker"), Some(&ta), marker);
    assert_eq!(status(&answer), 201, "{answer}");
    let segs: Vec<Vec<u8>> = (1..=4)
        .map(|n| steerco_sync::segment::encode("WS1", "00000000c0ffee01", n, &[], None).unwrap())
        .collect();
    // Another writer holds the database: the server's writer waits in its
    // first commit, one more push waits in the queue, the rest are refused.
    let lock = rusqlite::Connection::open(data.join(steerco_server::db::FILE)).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (tx, rx) = mpsc::channel();
    for (i, seg) in segs.iter().enumerate() {
        let (tx, seg, ta) = (tx.clone(), seg.clone(), ta.clone());
        std::thread::spawn(move || {
            let answer = call(port, "POST", &format!("{api}/segments"), Some(&ta), &seg);
            let _ = tx.send((i, answer));
        });
    }
    let take = |timeout: u64| rx.recv_timeout(Duration::from_secs(timeout)).unwrap();
    // At most two are held: two answers come while the lock is held, refusals.
    let mut refused = Vec::new();
    for _ in 0..2 {
        let (i, answer) = take(5);
        assert_busy(&answer);
        refused.push(i);
    }
    lock.execute_batch("ROLLBACK").unwrap();
    for _ in 0..2 {
        let (i, answer) = take(10);
        match status(&answer) {
            201 => {}
            _ => {
                assert_busy(&answer);
                refused.push(i);
            }
        }
    }
    assert!(refused.len() < 4, "nothing was queued");
    // Retried as Retry-After says, each refused push is stored.
    for i in refused {
        let answer = call(
            port,
            "POST",
            &format!("{api}/segments"),
            Some(&ta),
            &segs[i],
        );
        assert_eq!(status(&answer), 201, "{answer}");
    }
    let page = call(port, "GET", &format!("{api}/segments"), Some(&ta), b"");
    let body = &page[page.find("\r\n\r\n").unwrap() + 4..];
    let page: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(page["segments"].as_array().unwrap().len(), 4, "{page}");
}
