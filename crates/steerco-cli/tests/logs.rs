//! The command line logs each run to the platform's log folder (on Linux
//! `$XDG_STATE_HOME/steerco`): a start line with the version and schema,
//! each sync with its kind and counts, a failure's code; no workspace
//! content (names, titles, texts, what a refused command was given).
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::{Command, Output};

const NAME: &str = "Hemmeligt Ørnerede";

fn run(state: &Path, ws: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_USER", "Tester")
        .env("XDG_STATE_HOME", state)
        .env_remove("STEERCO_LOG")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

/// Every line of the CLI's log files in `dir`.
fn log_lines(dir: &Path) -> Vec<String> {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            name.starts_with("steerco-cli.") && name.ends_with(".log"),
            "{name}"
        );
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        lines.extend(text.lines().map(str::to_string));
    }
    lines
}

#[test]
fn each_run_logs_its_start_syncs_and_failures_without_content() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let ws = dir.path().join("ørnerede.steerco");
    let folder = dir.path().join("shared");

    assert!(run(&state, &ws, &["init", "--name", NAME]).status.success());
    let added = run(
        &state,
        &ws,
        &[
            "committee",
            "add",
            "--name",
            "Hemmelig Styregruppe",
            "--kind",
            "steering",
        ],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let synced = run(&state, &ws, &["sync", "folder", folder.to_str().unwrap()]);
    assert!(
        synced.status.success(),
        "{}",
        String::from_utf8_lossy(&synced.stderr)
    );
    let refused = run(&state, &ws, &["meeting", "show", "Hemmeligt møde"]);
    assert_eq!(refused.status.code(), Some(1));
    // Logging adds nothing to what a command prints.
    assert!(
        synced.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&synced.stderr)
    );

    let lines = log_lines(&state.join("steerco"));
    let starts: Vec<&String> = lines.iter().filter(|l| l.contains(" start ")).collect();
    assert_eq!(starts.len(), 4, "{lines:#?}");
    let schema = format!("schema={}", steerco_store::migrate::latest_version());
    assert!(
        starts.iter().all(|l| l.contains(" INFO ")
            && l.contains(&format!("version=\"{}\"", env!("CARGO_PKG_VERSION")))
            && l.contains(&schema)),
        "{starts:#?}"
    );
    let sync = lines
        .iter()
        .find(|l| l.contains(" sync ") || l.ends_with(" sync"))
        .unwrap_or_else(|| panic!("no sync line: {lines:#?}"));
    assert!(
        sync.contains("kind=\"folder\"") && sync.contains("sent=") && sync.contains("ms="),
        "{sync}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" WARN ") && l.contains("code=\"not_found\"")),
        "{lines:#?}"
    );

    let all = lines.join("\n");
    for secret in [NAME, "Hemmelig", "ørnerede", "shared"] {
        assert!(!all.contains(secret), "{secret:?} in the log:\n{all}");
    }
}
