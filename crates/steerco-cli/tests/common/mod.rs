//! Running the real `steerco` binary from a test. Every test binary includes
//! this module and uses its own share of it.
#![allow(dead_code)]

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

/// A workspace file in a temporary folder, driven through the real binary
/// with the fixed test clock and user.
pub struct Ws {
    _dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
}

impl Ws {
    /// A path for a workspace not made yet.
    pub fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.steerco");
        Ws { _dir: dir, path }
    }

    /// A new, empty workspace named `name`.
    pub fn empty(name: &str) -> Ws {
        let ws = Ws::new();
        ws.ok(&["init", "--name", name]);
        ws
    }

    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap()
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
            .args(args)
            .env("STEERCO_WORKSPACE", &self.path)
            .env("STEERCO_NOW", "2026-03-01T09:00:00Z")
            .env("STEERCO_USER", "Sekretær Test")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        out
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// A command that must be refused: exit 1, one line on stderr that says
    /// `says`, and the workspace's content exactly as before.
    pub fn refused(&self, args: &[&str], says: &str) {
        let before = self.path.exists().then(|| self.ok(&["export", "json"]));
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains(says),
            "{args:?} should say {says:?}: {stderr}"
        );
        if let Some(before) = before {
            assert_eq!(
                self.ok(&["export", "json"]),
                before,
                "{args:?} changed data"
            );
        }
    }
}
