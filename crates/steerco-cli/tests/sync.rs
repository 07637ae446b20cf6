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
    // Three rounds: the conflict record either detects is data that the
    // next round carries.
    for _ in 0..3 {
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

#[test]
fn a_replica_with_a_clock_hours_ahead_is_named_and_cannot_dominate() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, folder) = (
        dir.path().join("a.steerco"),
        dir.path().join("b.steerco"),
        dir.path().join("shared"),
    );
    let folder = folder.to_str().unwrap();
    ok(&a, "Anne", &["init", "--demo"]);
    ok(&a, "Anne", &["sync", "folder", folder]);
    ok(&b, "Bent", &["sync", "folder", folder]);
    let skewed = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
            .args(args)
            .env("STEERCO_WORKSPACE", &b)
            .env("STEERCO_USER", "Bent")
            .env("STEERCO_CLOCK_SKEW", "7200")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    skewed(&["initiative", "set", "8.1", "--lead", "from the future"]);
    skewed(&["sync", "folder", folder]);
    let report = ok(&a, "Anne", &["sync", "folder", folder]);
    let b_replica: serde_json::Value =
        serde_json::from_str(&ok(&b, "Bent", &["workspace", "show", "--json"])).unwrap();
    assert!(
        report.contains(&format!(
            "the clock of replica {}",
            b_replica["replica"].as_str().unwrap()
        )),
        "{report}"
    );
    assert!(
        report.contains("119 minutes ahead") || report.contains("120 minutes ahead"),
        "{report}"
    );
    // An edit made here afterwards wins everywhere, though its wall time is earlier.
    ok(
        &a,
        "Anne",
        &["initiative", "set", "8.1", "--lead", "corrected now"],
    );
    ok(&a, "Anne", &["sync", "folder", folder]);
    ok(&b, "Bent", &["sync", "folder", folder]);
    for ws in [&a, &b] {
        let show: serde_json::Value =
            serde_json::from_str(&ok(ws, "x", &["initiative", "show", "8.1", "--json"])).unwrap();
        assert_eq!(show["lead"], "corrected now");
    }
}

#[test]
fn the_passphrase_is_changed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, folder) = (
        dir.path().join("a.steerco"),
        dir.path().join("b.steerco"),
        dir.path().join("shared"),
    );
    let folder = folder.to_str().unwrap();
    let with = |ws: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_steerco"))
            .args(args)
            .env("STEERCO_WORKSPACE", ws)
            .env("STEERCO_USER", "Anne")
            .env("OLD_PASS", "gammel")
            .env("NEW_PASS", "ny sætning")
            .output()
            .unwrap()
    };
    ok(&a, "Anne", &["init", "--demo"]);
    let out = with(
        &a,
        &["sync", "folder", folder, "--passphrase-env", "OLD_PASS"],
    );
    assert!(out.status.success());
    // Wrong current passphrase: refused, exit 1, nothing changed.
    let out = with(
        &a,
        &[
            "sync",
            "folder",
            folder,
            "--passphrase-env",
            "NEW_PASS",
            "--new-passphrase-env",
            "OLD_PASS",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase is wrong"));
    let out = with(
        &a,
        &[
            "sync",
            "folder",
            folder,
            "--passphrase-env",
            "OLD_PASS",
            "--new-passphrase-env",
            "NEW_PASS",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("passphrase changed"));
    // The old one no longer joins; the new one does.
    let out = with(
        &b,
        &["sync", "folder", folder, "--passphrase-env", "OLD_PASS"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was changed"));
    assert!(!b.exists());
    let out = with(
        &b,
        &["sync", "folder", folder, "--passphrase-env", "NEW_PASS"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        ok(&a, "Anne", &["export", "json"]),
        ok(&b, "Anne", &["export", "json"])
    );
}
