//! The server logs JSON lines to stderr; under systemd (`JOURNAL_STREAM`
//! set, as systemd sets it for a unit whose stderr goes to the journal)
//! without their own timestamp, which the journal gives every line.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_steerco-server");

/// The server's first log line, as JSON, with `env` set.
fn first_log_line(env: &[(&str, &str)]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(BIN);
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
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
}

#[test]
fn under_systemd_the_journal_stamps_the_lines() {
    let plain = first_log_line(&[]);
    assert_eq!(plain["fields"]["message"], "listening", "{plain}");
    assert!(plain["timestamp"].is_string(), "{plain}");

    let journal = first_log_line(&[("JOURNAL_STREAM", "8:12345")]);
    assert_eq!(journal["fields"]["message"], "listening", "{journal}");
    assert_eq!(journal["level"], "INFO", "{journal}");
    assert!(journal.get("timestamp").is_none(), "{journal}");
}
