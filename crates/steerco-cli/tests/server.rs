//! `steerco sync server` through real processes: a `steerco-server` on a
//! loopback port, two members joining and syncing both ways.

mod common;

use std::process::Command;

use common::server::*;

#[test]
fn sync_server_joins_and_syncs_both_ways() {
    let s = acme();
    let Acme { ta, tb, a, b, .. } = s;
    let url = format!("{}/acme", s.base);
    let sync = sync_args(&url);

    ok(&a, "Anne", &ta, &["init", "--demo"]);
    let first = ok(&a, "Anne", &ta, &sync);
    assert!(first.starts_with("sent "), "{first}");
    let joined = ok(&b, "Bent", &tb, &sync);
    assert!(joined.contains("joined"), "{joined}");
    assert_eq!(
        ok(&a, "Anne", &ta, &["export", "json"]),
        ok(&b, "Bent", &tb, &["export", "json"])
    );

    ok(
        &a,
        "Anne",
        &ta,
        &["initiative", "set", "8.1", "--lead", "Lead fra A"],
    );
    ok(
        &b,
        "Bent",
        &tb,
        &["initiative", "set", "8.1", "--lead", "Lead fra B"],
    );
    ok(
        &b,
        "Bent",
        &tb,
        &["initiative", "set", "7.1", "--lead", "Kun B"],
    );
    for _ in 0..3 {
        ok(&a, "Anne", &ta, &sync);
        ok(&b, "Bent", &tb, &sync);
    }
    let export = ok(&a, "Anne", &ta, &["export", "json"]);
    assert_eq!(export, ok(&b, "Bent", &tb, &["export", "json"]));
    assert!(export.contains("Kun B"));
    let conflicts: serde_json::Value =
        serde_json::from_str(&ok(&a, "Anne", &ta, &["conflict", "list", "--json"])).unwrap();
    assert_eq!(conflicts.as_array().unwrap().len(), 1, "{conflicts}");

    // Refusals: one clear line, exit 1, nothing created.
    let c = s.dir.path().join("c.steerco");
    let out = run(&c, "Carl", "stc_wrong", &sync);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("token"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!c.exists());
    let out = run(
        &c,
        "Carl",
        &tb,
        &[
            "sync",
            "server",
            url.as_str(),
            "--token-env",
            "STEERCO_TOKEN",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!c.exists());
    let out = run(
        &c,
        "Carl",
        &tb,
        &["sync", "server", url.as_str(), "--token-env", "NO_SUCH_VAR"],
    );
    assert_eq!(out.status.code(), Some(1));

    // A passphrase change: the old one is then told it was changed.
    let mut change = sync.to_vec();
    change.extend(["--new-passphrase-env", "STEERCO_NEW_PASS"]);
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(&change)
        .env("STEERCO_WORKSPACE", &a)
        .env("STEERCO_USER", "Anne")
        .env("STEERCO_TOKEN", &ta)
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
    let out = run(&b, "Bent", &tb, &sync);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("was changed"), "{err}");
}

/// After the server is restored from a backup, a member whose pushes came
/// after it sends them again (sealed anew), and says so; the others get them.
#[test]
fn after_a_restore_sync_server_sends_again_what_the_server_lost() {
    let s = acme();
    let Acme {
        bin,
        data,
        base,
        ta,
        tb,
        a,
        b,
        ..
    } = s;
    let url = format!("{base}/acme");
    let sync = sync_args(&url);
    ok(&a, "Anne", &ta, &["init", "--demo"]);
    ok(&a, "Anne", &ta, &sync);
    ok(&b, "Bent", &tb, &sync);
    ok(&b, "Bent", &tb, &sync);
    let backup = s.dir.path().join("backup.sqlite3");
    admin(&bin, &data, &["backup", "--to", backup.to_str().unwrap()]);
    ok(
        &b,
        "Bent",
        &tb,
        &["initiative", "set", "8.1", "--lead", "Efter backup"],
    );
    ok(&b, "Bent", &tb, &sync);
    drop(s.server);
    admin(
        &bin,
        &data,
        &["restore", "--from", backup.to_str().unwrap()],
    );
    let listen = base.strip_prefix("http://").unwrap();
    let (_server, _) = serve(&bin, &data, listen);

    let out = ok(&b, "Bent", &tb, &sync);
    assert!(
        out.contains("sent again 1 change files the server had lost"),
        "{out}"
    );
    ok(&a, "Anne", &ta, &sync);
    let export = ok(&a, "Anne", &ta, &["export", "json"]);
    assert!(export.contains("Efter backup"));
    assert_eq!(export, ok(&b, "Bent", &tb, &["export", "json"]));
}
