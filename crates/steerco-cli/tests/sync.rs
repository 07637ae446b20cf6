//! `steerco sync folder` and `steerco conflict list` through real processes.

use std::path::Path;
use std::process::{Command, Output};

fn run(ws: &Path, user: &str, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_USER", user)
        .env_remove("STEERCO_NOW")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

fn ok(ws: &Path, user: &str, args: &[&str]) -> String {
    let out = run(ws, user, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn two_replicas_join_sync_and_keep_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, folder) = (
        dir.path().join("a.steerco"),
        dir.path().join("b.steerco"),
        dir.path().join("shared"),
    );
    let folder = folder.to_str().unwrap();
    ok(&a, "Anne", &["init", "--demo"]);
    let first = ok(&a, "Anne", &["sync", "folder", folder]);
    assert!(first.contains("sent"), "{first}");
    let joined = ok(&b, "Bent", &["sync", "folder", folder]);
    assert!(joined.contains("joined"), "{joined}");
    assert_eq!(
        ok(&a, "Anne", &["export", "json"]),
        ok(&b, "Bent", &["export", "json"])
    );

    ok(
        &a,
        "Anne",
        &["initiative", "set", "8.1", "--lead", "Lead fra A"],
    );
    ok(
        &b,
        "Bent",
        &["initiative", "set", "8.1", "--lead", "Lead fra B"],
    );
    for _ in 0..2 {
        ok(&a, "Anne", &["sync", "folder", folder]);
        ok(&b, "Bent", &["sync", "folder", folder]);
    }
    assert_eq!(
        ok(&a, "Anne", &["export", "json"]),
        ok(&b, "Bent", &["export", "json"])
    );
    let conflicts: serde_json::Value =
        serde_json::from_str(&ok(&a, "Anne", &["conflict", "list", "--json"])).unwrap();
    let c = &conflicts[0];
    assert_eq!(c["field"], "lead");
    let pair = [
        c["winner_value"].as_str().unwrap(),
        c["loser_value"].as_str().unwrap(),
    ];
    assert!(
        pair.contains(&"Lead fra A") && pair.contains(&"Lead fra B"),
        "{c}"
    );
    let status: serde_json::Value =
        serde_json::from_str(&ok(&a, "Anne", &["sync", "status", "--json"])).unwrap();
    assert_eq!(status["unsent"], 0);
    assert_eq!(status["peers"].as_array().unwrap().len(), 1);

    // Another workspace's folder is refused with one line, nothing mixed in.
    let c_ws = dir.path().join("c.steerco");
    ok(&c_ws, "Carl", &["init"]);
    let out = run(&c_ws, "Carl", &["sync", "folder", folder]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("belongs to another workspace") && err.lines().count() == 1,
        "{err}"
    );
}
