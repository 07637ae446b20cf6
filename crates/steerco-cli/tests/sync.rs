//! `steerco sync folder` and `steerco conflict list` through real processes.

use std::path::Path;
use std::process::{Command, Output};

fn run(ws: &Path, user: &str, args: &[&str]) -> Output {
    run_with(ws, user, &[], args)
}

/// `run` with extra environment (a skewed test clock).
fn run_with(ws: &Path, user: &str, env: &[(&str, &str)], args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_USER", user)
        .env_remove("STEERCO_NOW")
        .envs(env.iter().copied())
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

/// The open conflicts of a workspace, as `conflict list --json` gives them.
fn open_conflicts(ws: &Path, user: &str) -> Vec<serde_json::Value> {
    let all: serde_json::Value =
        serde_json::from_str(&ok(ws, user, &["conflict", "list", "--json"])).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .filter(|c| c["resolved"] == false)
        .cloned()
        .collect()
}

#[test]
fn progress_on_an_approved_action_is_no_conflict_and_a_late_edit_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, folder) = (
        dir.path().join("a.steerco"),
        dir.path().join("b.steerco"),
        dir.path().join("shared"),
    );
    let folder = folder.to_str().unwrap();
    ok(&a, "Anne", &["init"]);
    ok(
        &a,
        "Anne",
        &[
            "committee",
            "add",
            "--name",
            "Styregruppen",
            "--kind",
            "steering",
        ],
    );
    for (name, role) in [("Bo Medlem", "member"), ("Carl Chef", "chair")] {
        ok(
            &a,
            "Anne",
            &[
                "member",
                "add",
                "--committee",
                "Styregruppen",
                "--name",
                name,
                "--role",
                role,
            ],
        );
    }
    let meeting = |title: &str| {
        let m = ok(
            &a,
            "Anne",
            &[
                "meeting",
                "add",
                "--committee",
                "Styregruppen",
                "--title",
                title,
                "--at",
                "2026-03-02T10:00",
            ],
        )
        .trim()
        .to_string();
        ok(&a, "Anne", &["agenda", "add", &m, "--title", "Status"]);
        ok(&a, "Anne", &["meeting", "state", &m, "open"]);
        ok(&a, "Anne", &["meeting", "state", &m, "in-progress"]);
        m
    };
    let m1 = meeting("Møde 1");
    let task = ok(
        &a,
        "Anne",
        &[
            "outcome",
            "add",
            &m1,
            "--item",
            "2",
            "--action",
            "Udarbejd plan for datadeling",
            "--owner",
            "Bo Medlem",
            "--due",
            "2026-04-01",
        ],
    )
    .trim()
    .to_string();
    ok(&a, "Anne", &["meeting", "state", &m1, "closed"]);
    let m2 = meeting("Møde 2");
    let note = ok(
        &a,
        "Anne",
        &[
            "outcome",
            "add",
            &m2,
            "--item",
            "2",
            "--note",
            "Budgettet holder.",
        ],
    )
    .trim()
    .to_string();
    ok(&a, "Anne", &["meeting", "state", &m2, "closed"]);
    ok(&a, "Anne", &["meeting", "state", &m1, "approved"]);
    ok(&a, "Anne", &["sync", "folder", folder]);
    ok(&b, "Bent", &["sync", "folder", folder]);
    let approved = |ws: &Path, m: &str| -> serde_json::Value {
        serde_json::from_str(&ok(ws, "x", &["meeting", "show", m, "--json"])).unwrap()
    };
    let hash = approved(&a, &m1)["minutes_hash"].clone();
    assert!(hash.as_str().unwrap().starts_with("v2:"), "{hash}");

    // On B, after the approval: the action is done and handed to another
    // owner with another due date. The minutes as recorded do not change.
    ok(&b, "Bent", &["task", "state", &task, "done"]);
    ok(
        &b,
        "Bent",
        &[
            "task",
            "assign",
            &task,
            "--owner",
            "Carl Chef",
            "--due",
            "2026-05-01",
        ],
    );
    for _ in 0..2 {
        ok(&b, "Bent", &["sync", "folder", folder]);
        ok(&a, "Anne", &["sync", "folder", folder]);
    }
    for (ws, user) in [(&a, "Anne"), (&b, "Bent")] {
        assert_eq!(open_conflicts(ws, user), Vec::<serde_json::Value>::new());
        let show = approved(ws, &m1);
        assert_eq!(show["state"], "approved");
        assert_eq!(show["minutes_hash"], hash);
        let action = &show["items"][1]["outcomes"][0];
        assert_eq!(
            (&action["owner"], &action["due_date"], &action["task_state"]),
            (
                &serde_json::json!("Bo Medlem"),
                &serde_json::json!("2026-04-01"),
                &serde_json::json!("done")
            ),
            "the minutes keep the owner and due date decided"
        );
        let tasks: serde_json::Value =
            serde_json::from_str(&ok(ws, user, &["task", "list", "--json"])).unwrap();
        assert_eq!(tasks[0]["owner"], "Carl Chef");
        assert_eq!(tasks[0]["due_date"], "2026-05-01");
    }

    // A approves meeting 2 while B, not knowing it, corrects a note in it:
    // that is a change to approved minutes, on both replicas.
    ok(&a, "Anne", &["meeting", "state", &m2, "approved"]);
    ok(
        &b,
        "Bent",
        &["outcome", "set", &note, "--text", "Budgettet overskrides."],
    );
    ok(&b, "Bent", &["sync", "folder", folder]);
    ok(&a, "Anne", &["sync", "folder", folder]);
    ok(&b, "Bent", &["sync", "folder", folder]);
    let mut ids = Vec::new();
    for (ws, user) in [(&a, "Anne"), (&b, "Bent")] {
        let open = open_conflicts(ws, user);
        assert_eq!(open.len(), 1, "{open:?}");
        let c = &open[0];
        assert_eq!(
            (&c["table"], &c["field"], &c["row_id"]),
            (
                &serde_json::json!("meeting"),
                &serde_json::json!("minutes"),
                &serde_json::json!(m2)
            )
        );
        assert_eq!(c["subject"], "Møde 2");
        let change = &c["minutes_changes"][0];
        assert_eq!(
            (
                &change["part"],
                &change["field"],
                &change["approved"],
                &change["now"]
            ),
            (
                &serde_json::json!("note"),
                &serde_json::json!("text"),
                &serde_json::json!("Budgettet holder."),
                &serde_json::json!("Budgettet overskrides.")
            ),
            "{c}"
        );
        // The plain list says what it is in words, no hashes.
        let list = ok(ws, user, &["conflict", "list"]);
        assert!(
            list.contains("approved minutes") && !list.contains("v2:"),
            "{list}"
        );
        ids.push(c["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids[0], ids[1], "both replicas record the same conflict");

    // Accepting the change needs a reopen; "mine"/"theirs" say so too.
    for keep in ["change", "theirs"] {
        let out = run(
            &b,
            "Bent",
            &["conflict", "resolve", &ids[1], "--keep", keep],
        );
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("reopen"), "{err}");
    }
    // Keeping the approved minutes undoes the edit with a new change; the
    // meeting stays approved, nothing to reopen.
    ok(
        &a,
        "Anne",
        &["conflict", "resolve", &ids[0], "--keep", "approved"],
    );
    assert!(open_conflicts(&a, "Anne").is_empty());
    for _ in 0..2 {
        ok(&a, "Anne", &["sync", "folder", folder]);
        ok(&b, "Bent", &["sync", "folder", folder]);
    }
    for (ws, user) in [(&a, "Anne"), (&b, "Bent")] {
        assert_eq!(open_conflicts(ws, user), Vec::<serde_json::Value>::new());
        let show = approved(ws, &m2);
        assert_eq!(show["state"], "approved");
        assert_eq!(show["items"][1]["outcomes"][0]["text"], "Budgettet holder.");
    }
    assert_eq!(
        ok(&a, "Anne", &["export", "json"]),
        ok(&b, "Bent", &["export", "json"])
    );
}

/// Corrections through a real folder sync (#15): Bent edits an agenda item
/// that Anne deleted meanwhile: the delete stands with the edit applied to
/// the tombstone, and both replicas keep it as a conflict; Anne's undo then
/// brings the item back with Bent's edit, on both.
#[test]
fn a_delete_against_a_concurrent_edit_is_a_conflict_and_the_undo_restores_both() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.steerco"), dir.path().join("b.steerco"));
    let folder = dir.path().join("shared");
    let folder = folder.to_str().unwrap();
    ok(&a, "Anne", &["init", "--name", "Rettelser"]);
    ok(
        &a,
        "Anne",
        &["committee", "add", "--name", "SG", "--kind", "steering"],
    );
    let meeting = ok(
        &a,
        "Anne",
        &[
            "meeting",
            "add",
            "--committee",
            "SG",
            "--title",
            "Møde",
            "--at",
            "2026-12-10T10:00",
        ],
    );
    let meeting = meeting.trim();
    let item = ok(&a, "Anne", &["agenda", "add", meeting, "--title", "Budgt"]);
    let item = item.trim();
    ok(&a, "Anne", &["sync", "folder", folder]);
    ok(&b, "Bent", &["sync", "folder", folder]);

    ok(&a, "Anne", &["agenda", "delete", item]);
    ok(
        &b,
        "Bent",
        &[
            "agenda",
            "set",
            item,
            "--title",
            "Budget",
            "--duration",
            "20",
        ],
    );
    for _ in 0..3 {
        ok(&a, "Anne", &["sync", "folder", folder]);
        ok(&b, "Bent", &["sync", "folder", folder]);
    }
    let titles = |ws: &Path| -> Vec<String> {
        let items: serde_json::Value =
            serde_json::from_str(&ok(ws, "x", &["agenda", "list", meeting, "--json"])).unwrap();
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap().to_string())
            .collect()
    };
    for ws in [&a, &b] {
        assert!(
            !titles(ws).iter().any(|t| t.starts_with("Budg")),
            "{:?}",
            titles(ws)
        );
        let conflicts: serde_json::Value =
            serde_json::from_str(&ok(ws, "x", &["conflict", "list", "--json"])).unwrap();
        assert!(
            conflicts
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["table"] == "agenda_item" && c["row_id"] == item),
            "the delete against the edit is kept as a conflict: {conflicts}"
        );
    }

    ok(&a, "Anne", &["agenda", "restore", item]);
    for _ in 0..2 {
        ok(&a, "Anne", &["sync", "folder", folder]);
        ok(&b, "Bent", &["sync", "folder", folder]);
    }
    for ws in [&a, &b] {
        assert!(
            titles(ws).contains(&"Budget".to_string()),
            "{:?}",
            titles(ws)
        );
    }
    assert_eq!(
        ok(&a, "Anne", &["export", "json"]),
        ok(&b, "Bent", &["export", "json"])
    );
}

/// A missing change file: `sync status` names the member, the file and since
/// when (text and --json), and says what an unencrypted folder protects.
#[test]
fn sync_status_names_a_missing_change_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, folder) = (
        dir.path().join("a.steerco"),
        dir.path().join("b.steerco"),
        dir.path().join("shared"),
    );
    let f = folder.to_str().unwrap();
    ok(&a, "Anne", &["init", "--demo"]);
    ok(&a, "Anne", &["sync", "folder", f]);
    ok(&b, "Bent", &["sync", "folder", f]);
    let mut files = Vec::new();
    for lead in ["Lead 1", "Lead 2"] {
        ok(&a, "Anne", &["initiative", "set", "8.1", "--lead", lead]);
        ok(&a, "Anne", &["sync", "folder", f]);
        let own = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .filter(|d| d.path().is_dir())
            .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "seg"))
            .filter(|p| !files.contains(p))
            .max()
            .unwrap();
        files.push(own);
    }
    std::fs::rename(&files[0], dir.path().join("held")).unwrap();
    ok(&b, "Bent", &["sync", "folder", f]);
    let number: u64 = files[0]
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let text = ok(&b, "Bent", &["sync", "status"]);
    assert!(
        text.contains(&format!("waiting for change file {number} from Anne since")),
        "{text}"
    );
    assert!(text.contains("not encrypted"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&b, "Bent", &["sync", "status", "--json"])).unwrap();
    assert_eq!(json["waiting_for"][0]["segment"], number);
    assert_eq!(json["waiting_for"][0]["person"], "Anne");
    assert_eq!(json["integrity"], "checksum");
}

/// #16 point 5, visibly: a member whose clock runs two days ahead syncs an
/// edit; the receiver parks it (its clock stays) and `sync status` names it
/// with its reason.
#[test]
fn a_change_from_a_clock_days_ahead_waits_and_sync_status_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.steerco"), dir.path().join("b.steerco"));
    let folder = dir.path().join("shared");
    let folder = folder.to_str().unwrap();
    ok(&a, "Anne", &["init", "--demo"]);
    ok(&a, "Anne", &["sync", "folder", folder]);
    ok(&b, "Bent", &["sync", "folder", folder]);
    let ahead = |args: &[&str]| {
        let out = run_with(&b, "Bent", &[("STEERCO_CLOCK_SKEW", "172800")], args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ahead(&["initiative", "set", "8.1", "--lead", "Fra fremtiden"]);
    ahead(&["sync", "folder", folder]);
    ok(&a, "Anne", &["sync", "folder", folder]);
    let shown = ok(&a, "Anne", &["initiative", "show", "8.1", "--json"]);
    assert!(!shown.contains("Fra fremtiden"), "parked, not applied");
    let status = ok(&a, "Anne", &["sync", "status"]);
    assert!(
        status.contains("change waits (clock_ahead): update initiative"),
        "{status}"
    );
}
