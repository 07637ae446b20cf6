//! The `steerco` binary, run as a real process on temporary workspaces.
//! Built with the `test-clock` feature (make test does this), so STEERCO_NOW
//! fixes "today".

mod common;

use std::process::Command;

use common::Ws;
use serde_json::Value;

const NOW: &str = "2026-03-01T09:00:00Z";

#[test]
fn demo_portfolio_lists_what_is_known_and_marks_the_rest() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    let list = ws.json(&["initiative", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 18);
    let one_two = list.iter().find(|i| i["code"] == "1.2").unwrap();
    assert_eq!(
        one_two["display_title"],
        "Initiativ 1.2 (titel ikke verificeret)"
    );
    assert_eq!(one_two["title"], Value::Null);
    let text = ws.ok(&["initiative", "list"]);
    assert!(text.contains("18 initiatives known of 33 planned, 12 with a verified title"));
    assert!(text.contains("illustrative sample data"));
    let en = ws.ok(&["initiative", "list", "--lang", "en"]);
    assert!(en.contains("Initiative 1.2 (title not verified)"));
    assert!(en.contains("(translation)"));
}

#[test]
fn status_change_shows_in_history_with_author_and_today() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&[
        "initiative",
        "status",
        "8.1",
        "--rag",
        "green",
        "--on",
        "2026-02-20",
    ]);
    let id = ws.ok(&[
        "initiative",
        "status",
        "8.1",
        "--rag",
        "red",
        "--note",
        "Leverandør forsinket",
    ]);
    assert_eq!(id.trim().len(), 36);
    ws.ok(&[
        "initiative",
        "status",
        "8.1",
        "--rag",
        "amber",
        "--dimension",
        "cost",
        "--on",
        "2026-02-01",
    ]);
    let show = ws.json(&["initiative", "show", "8.1", "--json"]);
    assert_eq!(show["status"]["overall"]["rag"], "red");
    assert_eq!(
        show["status"]["overall"]["date"], "2026-03-01",
        "today by STEERCO_NOW"
    );
    assert_eq!(show["status"]["overall"]["trend"], "worsening");
    assert_eq!(show["status"]["cost"]["rag"], "amber");
    let latest = &show["status_history"][0];
    assert_eq!(latest["reason"], "Leverandør forsinket");
    assert_eq!(latest["author"], "Sekretær Test");
    assert_eq!(latest["sample"], false);
    let history = ws.json(&["initiative", "history", "8.1", "--json"]);
    assert_eq!(history[0]["author"], "Sekretær Test");
    assert_eq!(history[0]["table"], "status_update");
}

#[test]
fn initiatives_and_milestones_can_be_added_edited_and_replanned() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let id = ws.ok(&[
        "initiative",
        "add",
        "--code",
        "1.1",
        "--title",
        "Brugerrejser",
        "--phase",
        "analysis",
    ]);
    assert_eq!(id.trim().len(), 36);
    ws.ok(&[
        "initiative",
        "set",
        "1.1",
        "--lead",
        "KL",
        "--end",
        "2027-12-31",
    ]);
    let m = ws.ok(&[
        "milestone",
        "add",
        "--initiative",
        "1.1",
        "--title",
        "Analyse",
        "--due",
        "2026-06-30",
    ]);
    let m = m.trim();
    ws.ok(&["milestone", "replan", &m[..8], "--due", "2026-09-30"]);
    ws.ok(&["milestone", "done", m, "--on", "2026-02-15"]);
    let list = ws.json(&["milestone", "list", "--json"]);
    assert_eq!(list[0]["planned_date"], "2026-09-30");
    assert_eq!(list[0]["done_date"], "2026-02-15");
    assert_eq!(
        list[0]["plan_history"],
        serde_json::json!(["2026-06-30", "2026-09-30"])
    );
    let show = ws.json(&["initiative", "show", id.trim(), "--json"]);
    assert_eq!(show["lead"], "KL");
    assert_eq!(show["phase"], "analysis");
    let added = ws.json(&[
        "initiative",
        "add",
        "--code",
        "1.2",
        "--title",
        "Andet",
        "--json",
    ]);
    assert_eq!(added["code"], "1.2");
}

#[test]
fn bad_input_gets_one_line_and_changes_nothing() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    ws.refused(
        &["initiative", "status", "9.9", "--rag", "red"],
        "no initiative \"9.9\"",
    );
    ws.refused(
        &["initiative", "status", "8.1", "--rag", "purple"],
        "not a valid RAG status",
    );
    ws.refused(
        &[
            "initiative",
            "status",
            "8.1",
            "--rag",
            "red",
            "--dimension",
            "mood",
        ],
        "not a valid status dimension",
    );
    ws.refused(
        &[
            "initiative",
            "status",
            "8.1",
            "--rag",
            "red",
            "--on",
            "2026-13-01",
        ],
        "not a date",
    );
    ws.refused(
        &[
            "initiative",
            "status",
            "8.1",
            "--rag",
            "red",
            "--on",
            "2026-04-01",
        ],
        "future",
    );
    ws.refused(
        &["initiative", "add", "--code", "8.1", "--title", "Igen"],
        "already exists",
    );
    ws.refused(
        &["initiative", "add", "--code", "x y", "--title", "T"],
        "not an initiative code",
    );
    ws.refused(
        &[
            "initiative",
            "add",
            "--code",
            "10.1",
            "--title",
            "T",
            "--focus-area",
            "42",
        ],
        "no focus area",
    );
    ws.refused(
        &[
            "milestone",
            "add",
            "--initiative",
            "8.1",
            "--title",
            "M",
            "--due",
            "soon",
        ],
        "not a date",
    );
    ws.refused(&["milestone", "done", "nothing"], "no milestone");
    ws.refused(&["init"], "already exists");
    ws.refused(&["import", "json", "no-such-file.json"], "cannot read");
}

#[test]
fn a_file_that_is_not_a_workspace_is_refused_and_untouched() {
    let ws = Ws::new();
    std::fs::write(&ws.path, "hello, I am a text file and not SQLite at all").unwrap();
    let before = std::fs::read(&ws.path).unwrap();
    let out = ws.run(&["initiative", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a Steerco workspace"));
    assert_eq!(std::fs::read(&ws.path).unwrap(), before);
}

#[test]
fn no_workspace_suggests_init_and_usage_errors_exit_2() {
    let ws = Ws::new();
    let out = ws.run(&["initiative", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("steerco init --demo"));
    assert!(!ws.path.exists(), "only init creates a workspace");
    assert_eq!(ws.run(&["initiative", "frobnicate"]).status.code(), Some(2));
    assert_eq!(
        ws.run(&["initiative", "status", "8.1"]).status.code(),
        Some(2),
        "--rag missing"
    );
}

#[test]
fn export_import_round_trip_through_files() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&["initiative", "status", "8.1", "--rag", "red"]);
    let file = ws.dir().join("export.json");
    ws.ok(&["export", "json", "-o", file.to_str().unwrap()]);
    let copy = ws.dir().join("copy.steerco");
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args([
            "--workspace",
            copy.to_str().unwrap(),
            "import",
            "json",
            file.to_str().unwrap(),
        ])
        .env("STEERCO_NOW", NOW)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(["--workspace", copy.to_str().unwrap(), "export", "json"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(again.stdout).unwrap(),
        std::fs::read_to_string(&file).unwrap()
    );

    // A file that is not an export creates nothing.
    let bad = ws.dir().join("bad.json");
    std::fs::write(&bad, "{\"format\": \"something-else\"}").unwrap();
    let target = ws.dir().join("never.steerco");
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args([
            "--workspace",
            target.to_str().unwrap(),
            "import",
            "json",
            bad.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Steerco export"));
    assert!(!target.exists());
}

#[test]
fn a_broken_pipe_is_not_a_crash() {
    let ws = Ws::new();
    ws.ok(&["init", "--demo"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(["export", "json"])
        .env("STEERCO_WORKSPACE", &ws.path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
