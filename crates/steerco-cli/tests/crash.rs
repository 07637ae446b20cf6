//! Crash tests: a sync killed with SIGKILL at each named failpoint leaves an
//! intact database holding the state before or after, and the next sync
//! completes. Needs the `failpoints` feature (make test builds with it).
#![cfg(all(unix, feature = "failpoints"))]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

fn steerco(ws: &Path, user: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_USER", user)
        .env_remove("STEERCO_FAILPOINT")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn a_sync_killed_at_any_failpoint_loses_and_breaks_nothing() {
    for point in [
        "after-temp-write",
        "after-rename",
        "before-position",
        "mid-apply",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("live");
        std::fs::create_dir_all(&root).unwrap();
        let (a, b, folder) = (
            root.join("a.steerco"),
            root.join("b.steerco"),
            root.join("shared"),
        );
        let dir = folder.to_str().unwrap();
        steerco(&a, "Anne", &["init", "--demo"]);
        steerco(&a, "Anne", &["sync", "folder", dir]);
        steerco(&b, "Bent", &["sync", "folder", dir]);
        // Two new segments from A for B to apply, and a change of B's to send.
        steerco(&a, "Anne", &["initiative", "status", "8.1", "--rag", "red"]);
        steerco(&a, "Anne", &["sync", "folder", dir]);
        steerco(
            &a,
            "Anne",
            &["initiative", "set", "8.1", "--lead", "Ny lead"],
        );
        steerco(&a, "Anne", &["sync", "folder", dir]);
        steerco(
            &b,
            "Bent",
            &["initiative", "set", "9.1", "--phase", "tender"],
        );
        let before = steerco(&b, "Bent", &["export", "json"]);

        // The state after: the same sync, uninterrupted, on a copy of everything.
        let reference = tmp.path().join("reference");
        copy_tree(&root, &reference);
        let ref_dir = reference.join("shared");
        steerco(
            &reference.join("b.steerco"),
            "Bent",
            &["sync", "folder", ref_dir.to_str().unwrap()],
        );
        let after = steerco(&reference.join("b.steerco"), "Bent", &["export", "json"]);
        assert_ne!(before, after);

        let mut child = Command::new(env!("CARGO_BIN_EXE_steerco"))
            .args(["sync", "folder", dir])
            .env("STEERCO_WORKSPACE", &b)
            .env("STEERCO_USER", "Bent")
            .env("STEERCO_FAILPOINT", point)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(
            line.trim(),
            format!("failpoint {point}"),
            "the sync reached {point}"
        );
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let conn = rusqlite::Connection::open(&b).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{point}");
        drop(conn);
        let now = steerco(&b, "Bent", &["export", "json"]);
        assert!(
            now == before || now == after,
            "{point}: a mix of before and after"
        );
        steerco(&b, "Bent", &["sync", "folder", dir]);
        assert_eq!(
            steerco(&b, "Bent", &["export", "json"]),
            after,
            "{point}: the next sync completes"
        );
        // And A receives B's change exactly once.
        steerco(&a, "Anne", &["sync", "folder", dir]);
        assert_eq!(steerco(&a, "Anne", &["export", "json"]), after, "{point}");
    }
}
