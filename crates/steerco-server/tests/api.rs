//! The HTTP API of the real server: tokens, malformed requests, limits,
//! idempotent pushes, events, and the routes against openapi.yaml.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::time::{Duration, Instant};

use common::{admin_on, on_both, request, setup_on, stored_bytes, token_on, Rows, Server};
use steerco_domain::SystemClock;
use steerco_store::{NewWorkspace, Store};

const ENCRYPTION_FREE_MARKER: &str = r#"{"format":"steerco-folder","version":1,"workspace":"WS"}"#;

/// A real segment of a fresh workspace (its first local changes): (workspace id, replica, bytes).
fn real_segment(dir: &std::path::Path, seq: u64) -> (String, String, Vec<u8>) {
    let mut s = Store::create(
        &dir.join(format!("seg-{seq}.steerco")),
        NewWorkspace::default(),
        Box::new(SystemClock),
    )
    .unwrap();
    s.set_me("Anne").unwrap();
    let ws = s.workspace().unwrap().id;
    let records: Vec<_> = s
        .local_changes_after(0, 100)
        .unwrap()
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let bytes =
        steerco_sync::segment::encode(&ws, &s.replica().to_string(), seq, &records, None).unwrap();
    (ws, s.replica().to_string(), bytes)
}

on_both!(tokens_are_scoped_revocable_and_refusals_say_nothing);
fn tokens_are_scoped_revocable_and_refusals_say_nothing(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme", "other"]);
    let anne = token_on(rows, &data, "acme", "Anne");
    let bent = token_on(rows, &data, "acme", "Bent");
    let olga = token_on(rows, &data, "other", "Olga");
    assert!(anne.starts_with("stc_") && anne.len() > 60);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let marker = format!("{}/v1/workspaces/acme/marker", server.base);
    let nowhere = format!("{}/v1/workspaces/nowhere/marker", server.base);

    assert_eq!(
        request("GET", &marker, Some(&anne), None).0,
        404,
        "no marker yet"
    );
    let refused = [
        request("GET", &marker, None, None),
        request("GET", &marker, Some("stc_wrong"), None),
        request("GET", &marker, Some(&olga), None),
        request("GET", &nowhere, Some(&anne), None),
        request("GET", &nowhere, Some("stc_wrong"), None),
        request(
            "GET",
            &format!("{}/v1/workspaces/acme/segments", server.base),
            Some(&olga),
            None,
        ),
        request(
            "POST",
            &format!("{}/v1/workspaces/acme/segments", server.base),
            Some(&olga),
            Some(b"x"),
        ),
    ];
    for r in &refused {
        assert_eq!(r, &refused[0], "every refusal is the same");
    }
    assert_eq!(refused[0].0, 401);

    // Revocation takes effect at once, for that member only; by id too.
    admin_on(
        rows,
        &data,
        &["token", "revoke", "--workspace", "acme", "--member", "Anne"],
    );
    assert_eq!(request("GET", &marker, Some(&anne), None), refused[0]);
    assert_eq!(request("GET", &marker, Some(&bent), None).0, 404);
    // The database holds hashes only, never the token itself.
    let stored = stored_bytes(rows, &data);
    assert!(!stored.windows(bent.len()).any(|w| w == bent.as_bytes()));
}

on_both!(malformed_and_oversized_requests_get_a_4xx_and_the_server_keeps_serving);
fn malformed_and_oversized_requests_get_a_4xx_and_the_server_keeps_serving(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme"]);
    let t = token_on(rows, &data, "acme", "Anne");
    let server = Server::start_with(rows, &data, 0, &["--max-segment-bytes", "65536"], &[]);
    let api = format!("{}/v1/workspaces/acme", server.base);
    let json_error = |(status, body): (u16, String), want: u16| {
        assert_eq!(status, want, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(v["code"].is_string() && v["message"].is_string(), "{body}");
        v["code"].as_str().unwrap().to_string()
    };
    let (ws, _, seg) = real_segment(dir.path(), 1);
    // A segment before the marker is refused.
    assert_eq!(
        json_error(
            request("POST", &format!("{api}/segments"), Some(&t), Some(&seg)),
            409
        ),
        "no_marker"
    );
    json_error(
        request(
            "PUT",
            &format!("{api}/marker"),
            Some(&t),
            Some(b"{not json"),
        ),
        400,
    );
    json_error(
        request(
            "PUT",
            &format!("{api}/marker"),
            Some(&t),
            Some(br#"{"format":"x"}"#),
        ),
        400,
    );
    let marker = ENCRYPTION_FREE_MARKER.replace("WS", &ws);
    assert_eq!(
        request(
            "PUT",
            &format!("{api}/marker"),
            Some(&t),
            Some(marker.as_bytes())
        )
        .0,
        201
    );
    assert_eq!(
        request(
            "PUT",
            &format!("{api}/marker"),
            Some(&t),
            Some(marker.as_bytes())
        )
        .0,
        200
    );
    let other = ENCRYPTION_FREE_MARKER.replace("WS", "another");
    assert_eq!(
        json_error(
            request(
                "PUT",
                &format!("{api}/marker"),
                Some(&t),
                Some(other.as_bytes())
            ),
            409
        ),
        "marker_conflict"
    );
    let (status, body) = request("GET", &format!("{api}/marker"), Some(&t), None);
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        serde_json::from_str::<serde_json::Value>(&marker).unwrap()
    );

    json_error(
        request(
            "POST",
            &format!("{api}/segments"),
            Some(&t),
            Some(b"garbage\x00\xff"),
        ),
        400,
    );
    let mut damaged = seg.clone();
    *damaged.last_mut().unwrap() ^= 1;
    json_error(
        request("POST", &format!("{api}/segments"), Some(&t), Some(&damaged)),
        400,
    );
    let (_, _, foreign) = real_segment(dir.path(), 2);
    assert_eq!(
        json_error(
            request("POST", &format!("{api}/segments"), Some(&t), Some(&foreign)),
            400
        ),
        "wrong_workspace"
    );
    assert_eq!(
        json_error(
            request(
                "POST",
                &format!("{api}/segments"),
                Some(&t),
                Some(&vec![b'x'; 100_000])
            ),
            413
        ),
        "too_large"
    );
    json_error(
        request("GET", &format!("{api}/segments?after=-1"), Some(&t), None),
        400,
    );
    json_error(
        request("GET", &format!("{api}/segments?limit=0"), Some(&t), None),
        400,
    );
    json_error(
        request("GET", &format!("{api}/segments?after=abc"), Some(&t), None),
        400,
    );
    json_error(
        request("DELETE", &format!("{api}/segments"), Some(&t), None),
        405,
    );
    json_error(
        request(
            "GET",
            &format!("{}/v2/nothing", server.base),
            Some(&t),
            None,
        ),
        404,
    );

    // The same bytes twice: stored once, same server sequence.
    let (s1, b1) = request("POST", &format!("{api}/segments"), Some(&t), Some(&seg));
    let (s2, b2) = request("POST", &format!("{api}/segments"), Some(&t), Some(&seg));
    assert_eq!((s1, s2), (201, 200), "{b1} {b2}");
    let (v1, v2): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&b1).unwrap(),
        serde_json::from_str(&b2).unwrap(),
    );
    assert_eq!(v1["seq"], v2["seq"]);
    assert_eq!(
        (v1["created"].as_bool(), v2["created"].as_bool()),
        (Some(true), Some(false))
    );
    // The same replica and number with other bytes: 409.
    let text = String::from_utf8(seg.clone()).unwrap();
    let header: steerco_sync::segment::Header =
        serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let records: Vec<steerco_store::merge::ChangeRecord> =
        serde_json::from_str(&text[text.find('\n').unwrap() + 1..]).unwrap();
    let fewer =
        steerco_sync::segment::encode(&ws, &header.replica, 1, &records[..1], None).unwrap();
    assert_eq!(
        json_error(
            request("POST", &format!("{api}/segments"), Some(&t), Some(&fewer)),
            409
        ),
        "segment_conflict"
    );

    let (status, page) = request(
        "GET",
        &format!("{api}/segments?after=0&limit=10"),
        Some(&t),
        None,
    );
    assert_eq!(status, 200);
    let page: serde_json::Value = serde_json::from_str(&page).unwrap();
    assert_eq!(page["segments"].as_array().unwrap().len(), 1);
    assert_eq!(page["next"], v1["seq"]);
    assert_eq!(
        request("GET", &format!("{}/health", server.base), None, None).0,
        200
    );
    let (_, metrics) = request("GET", &format!("{}/metrics", server.base), None, None);
    assert!(metrics.contains("steerco_segments_stored 1"), "{metrics}");
    assert!(
        metrics.contains("steerco_http_requests_total{class=\"4xx\"}"),
        "{metrics}"
    );
}

on_both!(event_stream_tells_of_a_new_segment_within_a_second);
fn event_stream_tells_of_a_new_segment_within_a_second(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme"]);
    let t = token_on(rows, &data, "acme", "Anne");
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let api = format!("{}/v1/workspaces/acme", server.base);
    let (ws, _, seg) = real_segment(dir.path(), 1);
    request(
        "PUT",
        &format!("{api}/marker"),
        Some(&t),
        Some(ENCRYPTION_FREE_MARKER.replace("WS", &ws).as_bytes()),
    );

    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /v1/workspaces/acme/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut seen = String::new();
    let read_until =
        |reader: &mut BufReader<std::net::TcpStream>, seen: &mut String, what: &str| {
            let deadline = Instant::now() + Duration::from_secs(5);
            while !seen.contains(what) {
                assert!(Instant::now() < deadline, "no {what} in {seen}");
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                seen.push_str(&line);
            }
        };
    read_until(&mut reader, &mut seen, "event: hello");
    let (_, metrics) = request("GET", &format!("{}/metrics", server.base), None, None);
    assert!(metrics.contains("steerco_event_streams 1"), "{metrics}");
    let pushed = Instant::now();
    let (status, body) = request("POST", &format!("{api}/segments"), Some(&t), Some(&seg));
    assert_eq!(status, 201);
    let seq = serde_json::from_str::<serde_json::Value>(&body).unwrap()["seq"].clone();
    read_until(&mut reader, &mut seen, &format!("{{\"seq\":{seq}}}"));
    assert!(
        pushed.elapsed() < Duration::from_secs(1),
        "{:?}",
        pushed.elapsed()
    );
    assert!(seen.contains("event: segment"), "{seen}");
}

/// The operations openapi.yaml documents, and their status codes (a reader
/// of the file's own layout: paths at 2 spaces, methods at 4, codes at 8).
fn documented() -> BTreeMap<(String, String), BTreeSet<u16>> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml")).unwrap();
    let mut out: BTreeMap<(String, String), BTreeSet<u16>> = BTreeMap::new();
    let (mut in_paths, mut path, mut method) = (false, String::new(), String::new());
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if indent == 0 {
            in_paths = t == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        match indent {
            2 => path = t.trim_end_matches(':').to_string(),
            4 if ["get:", "put:", "post:", "delete:"].contains(&t) => {
                method = t.trim_end_matches(':').to_uppercase();
                out.entry((path.clone(), method.clone())).or_default();
            }
            4 => method.clear(),
            8 if !method.is_empty() => {
                if let Ok(code) = t.trim_end_matches(':').trim_matches('\'').parse::<u16>() {
                    out.get_mut(&(path.clone(), method.clone()))
                        .unwrap()
                        .insert(code);
                }
            }
            _ => {}
        }
    }
    out
}

on_both!(the_served_routes_and_status_codes_match_openapi_yaml);
fn the_served_routes_and_status_codes_match_openapi_yaml(rows: &Rows) {
    let doc = documented();
    assert!(doc.len() >= 7, "{doc:?}");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme"]);
    let t = token_on(rows, &data, "acme", "Anne");
    let tb = token_on(rows, &data, "acme", "Bent");
    // No blob but an empty one fits: any body reaches 413.
    let limits = ["--max-segment-bytes", "65536", "--max-blob-mib", "0"];
    let server = Server::start_with(rows, &data, 0, &limits, &[]);
    let (ws, replica, seg) = real_segment(dir.path(), 1);
    let marker = ENCRYPTION_FREE_MARKER.replace("WS", &ws);
    let big = vec![b'x'; 70_000];
    // (method, documented path, query, token, body, expected status), in order.
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a [u8]>,
        u16,
    );
    let cases: Vec<Case> = vec![
        ("GET", "/health", "", None, None, 200),
        ("GET", "/metrics", "", None, None, 200),
        ("GET", "/v1/workspaces/{name}", "", Some(&t), None, 200),
        ("GET", "/v1/workspaces/{name}", "", Some("nope"), None, 401),
        (
            "GET",
            "/v1/workspaces/{name}/marker",
            "",
            Some(&t),
            None,
            404,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/marker",
            "",
            Some("nope"),
            None,
            401,
        ),
        (
            "POST",
            "/v1/workspaces/{name}/segments",
            "",
            Some(&t),
            Some(&seg),
            409,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/marker",
            "",
            Some(&t),
            Some(b"[]"),
            400,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/marker",
            "",
            Some(&t),
            Some(marker.as_bytes()),
            201,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/marker",
            "",
            Some(&t),
            Some(marker.as_bytes()),
            200,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/marker",
            "",
            Some(&t),
            Some(&big),
            413,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/marker",
            "",
            Some("nope"),
            Some(marker.as_bytes()),
            401,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/marker",
            "",
            Some(&t),
            None,
            200,
        ),
        (
            "POST",
            "/v1/workspaces/{name}/segments",
            "",
            Some(&t),
            Some(b"junk"),
            400,
        ),
        (
            "POST",
            "/v1/workspaces/{name}/segments",
            "",
            Some(&t),
            Some(&big),
            413,
        ),
        (
            "POST",
            "/v1/workspaces/{name}/segments",
            "",
            Some("nope"),
            Some(&seg),
            401,
        ),
        (
            "POST",
            "/v1/workspaces/{name}/segments",
            "",
            Some(&t),
            Some(&seg),
            201,
        ),
        (
            "POST",
            "/v1/workspaces/{name}/segments",
            "",
            Some(&t),
            Some(&seg),
            200,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/replicas/{replica}",
            "",
            Some(&t),
            None,
            200,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/replicas/{replica}",
            "",
            Some(&tb),
            None,
            403,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/replicas/{replica}",
            "",
            Some("nope"),
            None,
            401,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/segments",
            "?after=0&limit=5",
            Some(&t),
            None,
            200,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/segments",
            "?limit=5000",
            Some(&t),
            None,
            400,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/segments",
            "",
            Some("nope"),
            None,
            401,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/events",
            "",
            Some("nope"),
            None,
            401,
        ),
        ("GET", "/v1/workspaces/{name}/keys", "", Some(&t), None, 200),
        (
            "GET",
            "/v1/workspaces/{name}/keys",
            "",
            Some("nope"),
            None,
            401,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/keys/{key}",
            "",
            Some(&t),
            Some(b"{\"epoch\": 1}"),
            201,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/keys/{key}",
            "",
            Some(&t),
            Some(b"{\"epoch\": 1}"),
            200,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/keys/{key}",
            "",
            Some(&t),
            Some(b"{\"epoch\": 2}"),
            409,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/keys/{key}",
            "",
            Some(&t),
            Some(b""),
            400,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/keys/{key}",
            "",
            Some(&t),
            Some(&big),
            413,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/keys/{key}",
            "",
            Some("nope"),
            Some(b"{}"),
            401,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/blobs/{blob}",
            "",
            Some(&t),
            None,
            404,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/blobs/{blob}",
            "",
            Some(&t),
            Some(b""),
            201,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/blobs/{blob}",
            "",
            Some(&t),
            Some(b""),
            200,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/blobs/{blob}",
            "",
            Some(&t),
            Some(&big),
            413,
        ),
        (
            "PUT",
            "/v1/workspaces/{name}/blobs/{blob}",
            "",
            Some("nope"),
            Some(b""),
            401,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/blobs/{blob}",
            "",
            Some(&t),
            None,
            200,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/blobs/{blob}",
            "",
            Some("nope"),
            None,
            401,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/blobs",
            "?limit=10",
            Some(&t),
            None,
            200,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/blobs",
            "?after=x",
            Some(&t),
            None,
            400,
        ),
        (
            "GET",
            "/v1/workspaces/{name}/blobs",
            "",
            Some("nope"),
            None,
            401,
        ),
    ];
    let mut covered = BTreeSet::new();
    for (method, path, query, token, body, want) in cases {
        let concrete = path
            .replace("{name}", "acme")
            .replace("{key}", "epoch-000001-test")
            .replace("{replica}", &replica)
            .replace("{blob}", &"ab".repeat(32));
        let url = format!("{}{}{}", server.base, concrete, query);
        let (status, text) = request(method, &url, token, body);
        assert_eq!(status, want, "{method} {path}{query}: {text}");
        let codes = doc
            .get(&(path.to_string(), method.to_string()))
            .unwrap_or_else(|| panic!("{method} {path} is not in openapi.yaml"));
        assert!(
            codes.contains(&status),
            "{method} {path}: {status} is not documented ({codes:?})"
        );
        covered.insert((path.to_string(), method.to_string()));
    }
    // The replica's last segment, and 0 for one that never pushed.
    let last = |r: &str| {
        let url = format!("{}/v1/workspaces/acme/replicas/{r}", server.base);
        let (status, text) = request("GET", &url, Some(&t), None);
        assert_eq!(status, 200, "{text}");
        serde_json::from_str::<serde_json::Value>(&text).unwrap()["last"].clone()
    };
    assert_eq!(last(&replica), 1);
    assert_eq!(last("00000000000000ff"), 0);
    // Not a replica id: 400, documented.
    let url = format!("{}/v1/workspaces/acme/replicas/not-a-replica", server.base);
    let (status, text) = request("GET", &url, Some(&t), None);
    assert_eq!(status, 400, "{text}");
    let route = (
        "/v1/workspaces/{name}/replicas/{replica}".to_string(),
        "GET".to_string(),
    );
    assert!(doc[&route].contains(&400));
    // Not a blob's name: 400, documented (411 and 507: tests/blobs.rs).
    let route = "/v1/workspaces/{name}/blobs/{blob}".to_string();
    for method in ["GET", "PUT"] {
        let url = format!("{}/v1/workspaces/acme/blobs/AB", server.base);
        let (status, text) = request(method, &url, Some(&t), Some(b""));
        assert_eq!(status, 400, "{text}");
        assert!(doc[&(route.clone(), method.to_string())].contains(&400));
    }
    assert!(doc[&(route, "PUT".to_string())].is_superset(&[411, 507].into()));
    // The event stream answers 200 (read in its own test); everything documented is served.
    covered.insert(("/v1/workspaces/{name}/events".into(), "GET".into()));
    let documented: BTreeSet<_> = doc.keys().cloned().collect();
    assert_eq!(covered, documented);
}

on_both!(tls_from_certificate_files);
/// HTTPS from certificate files (a self-signed one made with openssl; the
/// test is skipped where there is no openssl or curl).
fn tls_from_certificate_files(rows: &Rows) {
    let have = |tool: &str| {
        std::process::Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
            || std::process::Command::new(tool)
                .arg("version")
                .output()
                .is_ok_and(|o| o.status.success())
    };
    if !have("openssl") || !have("curl") {
        eprintln!("skipped: no openssl or curl");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme"]);
    let cert_s = cert.to_str().unwrap();
    let tls = ["--tls-cert", cert_s, "--tls-key", key.to_str().unwrap()];
    let server = Server::start_with(rows, &data, 0, &tls, &[]);
    assert!(server.base.starts_with("https://"), "{}", server.base);
    let out = std::process::Command::new("curl")
        .args(["-sS", "--cacert", cert_s, "-w", " %{http_code}"])
        .arg(format!("{}/health", server.base))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"status\":\"ok\"} 200",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Plain HTTP to the TLS port gets nothing, and the server keeps serving.
    let plain = request_plain(server.port);
    assert!(!plain.contains("200 OK"));
    let again = std::process::Command::new("curl")
        .args([
            "-sS",
            "--cacert",
            cert_s,
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
        ])
        .arg(format!("{}/health", server.base))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&again.stdout), "200");
}

fn request_plain(port: u16) -> String {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    let _ = s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

on_both!(concurrent_pushes_are_stored_once_each);
/// Pushes that arrive together (sharing one commit on SQLite, the group
/// commit; a transaction each on PostgreSQL) keep their meaning: the same
/// segment pushed by many at once is stored once and every push is told its
/// one server sequence; of different contents for one replica's number
/// exactly one is stored and the rest get 409.
fn concurrent_pushes_are_stored_once_each(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme"]);
    let t = token_on(rows, &data, "acme", "Anne");
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let mut s = Store::create(
        &dir.path().join("a.steerco"),
        NewWorkspace::default(),
        Box::new(SystemClock),
    )
    .unwrap();
    s.set_me("Anne").unwrap();
    s.load_demo().unwrap();
    let ws = s.workspace().unwrap().id;
    let replica = s.replica().to_string();
    let records: Vec<_> = s
        .local_changes_after(0, 40)
        .unwrap()
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let marker = ENCRYPTION_FREE_MARKER.replace("WS", &ws);
    let base = format!("{}/v1/workspaces/acme", server.base);
    let (status, _) = request(
        "PUT",
        &format!("{base}/marker"),
        Some(&t),
        Some(marker.as_bytes()),
    );
    assert_eq!(status, 201);
    let encode = |seq: u64, n: usize| {
        steerco_sync::segment::encode(&ws, &replica, seq, &records[..n], None).unwrap()
    };
    let push = |bytes: Vec<u8>| {
        let (url, t) = (format!("{base}/segments"), t.clone());
        std::thread::spawn(move || request("POST", &url, Some(&t), Some(&bytes)))
    };

    // The same segment 1, twenty times at once.
    let same: Vec<_> = (0..20).map(|_| push(encode(1, 10))).collect();
    let answers: Vec<(u16, String)> = same.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 201).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 200).count(),
        19,
        "{answers:?}"
    );
    let seqs: BTreeSet<u64> = answers
        .iter()
        .map(|(_, b)| {
            serde_json::from_str::<serde_json::Value>(b).unwrap()["seq"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(seqs.len(), 1, "one server sequence for all: {seqs:?}");

    // Segment 2 in ten different contents at once: one wins, nine are refused.
    let different: Vec<_> = (0..10).map(|i| push(encode(2, 11 + i))).collect();
    let answers: Vec<(u16, String)> = different.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 201).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 409).count(),
        9,
        "{answers:?}"
    );
    assert!(answers
        .iter()
        .filter(|(s, _)| *s == 409)
        .all(|(_, b)| b.contains("segment_conflict")));

    // The page holds exactly the two segments, in server order.
    let (status, body) = request("GET", &format!("{base}/segments?after=0"), Some(&t), None);
    assert_eq!(status, 200, "{body}");
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let listed: Vec<u64> = page["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment"].as_u64().unwrap())
        .collect();
    assert_eq!(listed, vec![1, 2]);
    assert_eq!(page["more"], false);
}
