//! The server logs JSON lines to stderr; under systemd (`JOURNAL_STREAM`
//! set, as systemd sets it for a unit whose stderr goes to the journal)
//! without their own timestamp, which the journal gives every line.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{on_both, Rows, BIN};

/// The server's log lines, as JSON, with `env` set, until the one that
/// says it listens (on PostgreSQL one about other servers' pushes may
/// come first).
fn log_until_listening(rows: &Rows, env: &[(&str, &str)]) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(BIN);
    rows.apply(&mut cmd);
    cmd.arg("--data")
        .arg(dir.path())
        .args(["--listen", "127.0.0.1:0"])
        .env_remove("JOURNAL_STREAM")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        let listening = json["fields"]["message"] == "listening";
        lines.push(json);
        if listening {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    lines
}

on_both!(under_systemd_the_journal_stamps_the_lines);
fn under_systemd_the_journal_stamps_the_lines(rows: &Rows) {
    let plain = log_until_listening(rows, &[]);
    let last = plain.last().unwrap();
    assert_eq!(last["fields"]["message"], "listening", "{plain:?}");
    assert!(
        plain.iter().all(|l| l["timestamp"].is_string()),
        "{plain:?}"
    );

    let journal = log_until_listening(rows, &[("JOURNAL_STREAM", "8:12345")]);
    let last = journal.last().unwrap();
    assert_eq!(last["fields"]["message"], "listening", "{journal:?}");
    assert_eq!(last["level"], "INFO", "{last}");
    assert!(
        journal.iter().all(|l| l.get("timestamp").is_none()),
        "{journal:?}"
    );
}
