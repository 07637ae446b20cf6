//! Running the real `steerco` binary from a test.

use std::path::Path;
use std::process::Command;

/// Runs `steerco args` on `ws` with the fixed test clock, `env` set and the
/// variables in `unset` removed; fails the test with its stderr unless it
/// succeeds, and returns its stdout.
pub fn steerco(ws: &Path, env: &[(&str, &str)], unset: &[&str], args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_steerco"));
    cmd.args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_NOW", "2026-03-01T09:00:00Z");
    for (k, v) in env {
        cmd.env(k, v);
    }
    for k in unset {
        cmd.env_remove(k);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    assert!(out.status.success(), "{args:?}: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}
