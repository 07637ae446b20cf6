//! TLS to PostgreSQL: a cluster of its own that listens on loopback with a
//! certificate from a test CA (tools/pg-cluster with PG_CLUSTER_TLS), and
//! the real server given `sslmode=require&sslrootcert=CA`: its pool and its
//! event listener connect over TLS; without the CA, or with another one, it
//! refuses to start instead of using a certificate it cannot prove.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{admin_output_on, pg_query, request, Rows, Server};

/// Make a CA and a certificate for localhost/127.0.0.1 signed by it.
fn certificates(dir: &Path, ca: &str) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl");
        assert!(out.status.success(), "openssl {args:?}: {out:?}");
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let ca_key = format!("{ca}.key");
    let ca_crt = format!("{ca}.crt");
    let subject = format!("/CN={ca}");
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout", &ca_key, "-out", &ca_crt, "-days", "2", "-subj", &subject,
        ],
    ]
    .concat());
    if ca != "ca" {
        return;
    }
    run(&[
        &["req"][..],
        &ec,
        &[
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ],
    ]
    .concat());
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
}

/// A cluster with TLS on a free loopback port: the process (its stdin
/// holds it up) and its URLs, the TLS one and the Unix socket one.
fn cluster(tls: &Path) -> (Child, String, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/pg-cluster");
    let mut child = Command::new(script)
        .args([
            "--",
            "sh",
            "-c",
            "echo \"$STEERCO_TEST_PG_TLS\"; echo \"$STEERCO_TEST_PG\"; exec cat >/dev/null",
        ])
        .env("PG_CLUSTER_TLS", tls)
        .env("PG_CLUSTER_PORT", port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("tools/pg-cluster");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let tls_url = lines.next().unwrap().unwrap();
    let socket_url = lines.next().unwrap().unwrap();
    assert!(
        tls_url.starts_with("postgres://"),
        "tools/pg-cluster failed: {tls_url}"
    );
    (child, tls_url, socket_url)
}

#[test]
fn the_server_reaches_postgresql_over_tls_and_refuses_a_certificate_it_cannot_prove() {
    let dir = tempfile::tempdir().unwrap();
    certificates(dir.path(), "ca");
    certificates(dir.path(), "other");
    let (mut child, tls_url, socket_url) = cluster(dir.path());
    let ca = dir.path().join("ca.crt");
    let other = dir.path().join("other.crt");
    let data = dir.path().join("data");

    // No CA named: the public roots do not know the test CA.
    let at = |query: String| Rows::Postgres(format!("{tls_url}?{query}"));
    for query in [
        "sslmode=require".to_string(),
        format!("sslmode=require&sslrootcert={}", other.display()),
    ] {
        let out = admin_output_on(&at(query.clone()), &data, &["workspace", "create", "acme"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{query}: {err}");
        assert!(err.contains("certificate"), "{query}: {err}");
    }
    assert!(pg_query(
        &socket_url,
        "SELECT 1 FROM pg_tables WHERE tablename = 'workspace'"
    )
    .is_empty());

    // libpq's verify-full, with the CA: migrated, served, and only over TLS.
    let rows = at(format!("sslmode=verify-full&sslrootcert={}", ca.display()));
    let out = admin_output_on(&rows, &data, &["workspace", "create", "acme"]);
    assert!(out.status.success(), "{out:?}");
    let server = Server::start_with(&rows, &data, 0, &[], &[]);
    assert_eq!(
        request(
            "GET",
            &format!("http://127.0.0.1:{}/health", server.port),
            None,
            None
        )
        .0,
        200
    );
    let sessions = pg_query(
        &socket_url,
        "SELECT a.application_name, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
         WHERE a.datname = 'steerco' AND a.client_addr IS NOT NULL AND a.pid <> pg_backend_pid()",
    );
    let seen: Vec<(String, bool)> = sessions.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert!(
        seen.iter().any(|(app, _)| app == "steerco-events"),
        "{seen:?}"
    );
    assert!(
        seen.iter().all(|(_, ssl)| *ssl),
        "a connection without TLS: {seen:?}"
    );

    drop(server);
    drop(child.stdin.take());
    child.wait().unwrap();
}
