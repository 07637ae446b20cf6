//! `steerco sync server URL --server URL2 ...` through real processes: the
//! first address down (a closed port), join, sync and a passphrase change
//! go through the next; all down, the error names the one tried last.

mod common;

use std::net::TcpListener;
use std::process::Command;

use common::server::*;

/// An address where nothing listens (a port just freed).
fn closed() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}/acme")
}

/// `sync server FIRST --server REST...` with the token and passphrase `run` sets.
fn sync_through<'a>(first: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["sync", "server", first];
    for url in rest {
        args.extend(["--server", url]);
    }
    args.extend([
        "--token-env",
        "STEERCO_TOKEN",
        "--passphrase-env",
        "STEERCO_PASS",
    ]);
    args
}

#[test]
fn sync_server_goes_through_the_next_address_when_the_first_is_down() {
    let s = acme();
    let Acme { ta, tb, a, b, .. } = &s;
    let (down, up) = (closed(), format!("{}/acme", s.base));
    let sync = sync_through(&down, &[&up]);

    ok(a, "Anne", ta, &["init", "--demo"]);
    let first = ok(a, "Anne", ta, &sync);
    assert!(first.starts_with("sent "), "{first}");
    let joined = ok(b, "Bent", tb, &sync);
    assert!(joined.contains(&format!("joined {up}")), "{joined}");

    ok(
        a,
        "Anne",
        ta,
        &["initiative", "set", "7.1", "--lead", "Via B"],
    );
    ok(a, "Anne", ta, &sync);
    // Only --server addresses, the live one first this time.
    let only = [
        "sync",
        "server",
        "--server",
        &up,
        "--server",
        &down,
        "--token-env",
        "STEERCO_TOKEN",
        "--passphrase-env",
        "STEERCO_PASS",
    ];
    ok(b, "Bent", tb, &only);
    ok(a, "Anne", ta, &sync);
    let export = ok(a, "Anne", ta, &["export", "json"]);
    assert!(export.contains("Via B"));
    assert!(
        export == ok(b, "Bent", tb, &["export", "json"]),
        "converged"
    );

    // A passphrase change through the list, too.
    let mut change = sync.clone();
    change.extend(["--new-passphrase-env", "STEERCO_NEW_PASS"]);
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(&change)
        .env("STEERCO_WORKSPACE", a)
        .env("STEERCO_USER", "Anne")
        .env("STEERCO_TOKEN", ta)
        .env("STEERCO_PASS", "korrekt hest batteri")
        .env("STEERCO_NEW_PASS", "en helt ny frase")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("passphrase changed"));

    // Every address down: one line naming the address tried last.
    let other = closed();
    let out = run(b, "Bent", tb, &sync_through(&down, &[&other]));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&other) && err.trim().lines().count() == 1,
        "{err}"
    );
    // Not an address: a usage problem said at once, nothing changed.
    let out = run(b, "Bent", tb, &sync_through(&up, &["ftp://x/acme"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ftp://x/acme"));
}
