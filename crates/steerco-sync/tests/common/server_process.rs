//! The real steerco-server binary of this build on a loopback port, for
//! tests that sync through a server. Found beside the test's target folder
//! (built first when a run of only this package has not built it).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct TestServer {
    child: Child,
    bin: PathBuf,
    data: tempfile::TempDir,
    base: String,
}

fn server_bin() -> PathBuf {
    // target/<profile>/deps/<test> -> target/<profile>/steerco-server
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let bin = profile_dir.join(format!("steerco-server{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        build.args(["build", "-q", "-p", "steerco-server"]);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build
            .env("CARGO_TARGET_DIR", profile_dir.parent().unwrap())
            .status()
            .unwrap();
        assert!(status.success(), "cargo build -p steerco-server");
    }
    bin
}

fn admin(bin: &Path, data: &Path, args: &[&str]) -> String {
    let out = Command::new(bin)
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

impl TestServer {
    pub fn start() -> TestServer {
        let bin = server_bin();
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(&bin)
            .arg("--data")
            .arg(data.path())
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the server did not start: {line:?}"))
            .to_string();
        TestServer {
            child,
            bin,
            data,
            base,
        }
    }

    /// A new workspace on the server: its address and a member's token.
    pub fn workspace(&self, name: &str) -> (String, String) {
        admin(&self.bin, self.data.path(), &["workspace", "create", name]);
        let token = admin(
            &self.bin,
            self.data.path(),
            &["token", "create", "--workspace", name, "--member", "R"],
        );
        (format!("{}/{name}", self.base), token)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
