//! `steerco initiative add | budget | delete | restore`: the app's requests
//! and handlers, run as the real binary (the test clock fixes "today").

mod common;

use std::path::Path;
use std::process::Command;

use common::steerco;
use serde_json::Value;

fn ok(ws: &Path, args: &[&str]) -> String {
    steerco(ws, &[("STEERCO_USER", "Sekretær Test")], &[], args)
}

fn export(ws: &Path) -> String {
    ok(ws, &["export", "json"])
}

/// Runs a command that must be refused: exit 1, one line on stderr saying
/// `says`, and the workspace exactly as before.
fn refused(ws: &Path, args: &[&str], says: &str) {
    let before = export(ws);
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_NOW", "2026-03-01T09:00:00Z")
        .env("STEERCO_USER", "Sekretær Test")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(says),
        "{args:?} should say {says:?}: {stderr}"
    );
    assert_eq!(export(ws), before, "{args:?} changed data");
}

fn codes(ws: &Path) -> Vec<String> {
    let list: Value = serde_json::from_str(&ok(ws, &["initiative", "list", "--json"])).unwrap();
    let mut out: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn a_deleted_initiative_is_restored_with_its_budget() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.steerco");
    ok(&ws, &["init", "--name", "Tom"]);
    ok(
        &ws,
        &[
            "initiative",
            "add",
            "--code",
            "1.1",
            "--title",
            "Digital post",
            "--lead",
            "Ane",
            "--phase",
            "analysis",
            "--start",
            "2026-01-01",
            "--end",
            "2026-12-31",
        ],
    );
    ok(
        &ws,
        &[
            "initiative",
            "add",
            "--code",
            "1.2",
            "--title",
            "Selvbetjening",
        ],
    );
    ok(
        &ws,
        &[
            "initiative",
            "budget",
            "1.1",
            "--year",
            "2026",
            "--budget",
            "500000",
        ],
    );
    ok(&ws, &["initiative", "delete", "1.1"]);
    assert_eq!(codes(&ws), ["1.2"]);
    let id = ok(&ws, &["initiative", "restore", "1.1"]);
    assert_eq!(codes(&ws), ["1.1", "1.2"]);
    let shown: Value =
        serde_json::from_str(&ok(&ws, &["initiative", "show", "1.1", "--json"])).unwrap();
    assert_eq!(shown["id"], id.trim());
    assert_eq!(shown["lead"], "Ane");
    assert_eq!(shown["budget"][0]["budget"], 500_000);
    let history = ok(&ws, &["initiative", "history", "1.1"]);
    assert!(history.contains("restore initiative"), "{history}");
    assert!(history.contains("delete initiative"), "{history}");
}

#[test]
fn bad_input_to_add_budget_and_restore_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.steerco");
    ok(&ws, &["init", "--name", "Tom"]);
    ok(
        &ws,
        &[
            "initiative",
            "add",
            "--code",
            "1.1",
            "--title",
            "Digital post",
        ],
    );
    refused(
        &ws,
        &["initiative", "add", "--code", "1.1", "--title", "Igen"],
        "already exists",
    );
    refused(
        &ws,
        &[
            "initiative",
            "add",
            "--code",
            "1.3",
            "--title",
            "T",
            "--start",
            "2026-05-01",
            "--end",
            "2026-04-01",
        ],
        "before",
    );
    refused(
        &ws,
        &[
            "initiative",
            "add",
            "--code",
            "1.4",
            "--title",
            "T",
            "--start",
            "2026-13-01",
        ],
        "not a date",
    );
    refused(
        &ws,
        &[
            "initiative",
            "budget",
            "1.1",
            "--year",
            "2026",
            "--budget=-5",
        ],
        "negative",
    );
    // Only a deleted initiative can be restored.
    refused(
        &ws,
        &["initiative", "restore", "1.1"],
        "no deleted initiative",
    );
    ok(&ws, &["initiative", "delete", "1.1"]);
    ok(
        &ws,
        &["initiative", "add", "--code", "1.1", "--title", "Ny"],
    );
    // The code is taken again: restoring would make two 1.1s.
    refused(&ws, &["initiative", "restore", "1.1"], "already exists");
}
