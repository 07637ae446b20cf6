//! Running the real `steerco` binary from a test. Every test binary includes
//! this module and uses its own share of it.
#![allow(dead_code)]

pub mod server;

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

    /// A command that prints a new id: that id.
    pub fn id(&self, args: &[&str]) -> String {
        let id = self.ok(args).trim().to_string();
        assert_eq!(id.len(), 36, "{args:?} prints the new id: {id}");
        id
    }

    /// `committee add --name NAME --kind KIND`.
    pub fn committee(&self, name: &str, kind: &str) {
        self.ok(&["committee", "add", "--name", name, "--kind", kind]);
    }

    /// `meeting add --committee COMMITTEE --title TITLE --at AT`, then `more`: the
    /// new meeting's id.
    pub fn meeting(&self, committee: &str, title: &str, at: &str, more: &[&str]) -> String {
        let args = [
            "meeting",
            "add",
            "--committee",
            committee,
            "--title",
            title,
            "--at",
            at,
        ];
        self.id(&[&args[..], more].concat())
    }

    /// `member add --committee COMMITTEE --name NAME --role ROLE`.
    pub fn member(&self, committee: &str, name: &str, role: &str) {
        let args = ["member", "add", "--committee", committee, "--name", name];
        self.ok(&[&args[..], &["--role", role]].concat());
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

/// A system tool's stdout; when it is missing the test fails naming the
/// Debian package to install.
pub fn tool(program: &str, package: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}): install the Debian package {package} (tools/setup)")
        });
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A PDF's text, read by pdftotext.
pub fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", "poppler-utils", &[pdf.to_str().unwrap(), "-"])
}

/// A DOCX's text, as LibreOffice (headless, a profile of its own beside the
/// file) reads it: converted to a .txt next to the file.
pub fn docx_text(docx: &Path) -> String {
    let dir = docx.parent().unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    tool(
        "soffice",
        "libreoffice-writer-nogui",
        &[
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            dir.to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    std::fs::read_to_string(docx.with_extension("txt")).unwrap()
}
