//! A real `steerco-server` for the CLI's tests: built on demand, on a
//! loopback port, with a workspace and members' tokens.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The server binary beside this test's `steerco` (built on demand when a
/// run of only this package has not built it).
pub fn server_bin() -> PathBuf {
    let steerco = PathBuf::from(env!("CARGO_BIN_EXE_steerco"));
    let bin = steerco.with_file_name(format!("steerco-server{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let target = steerco.parent().unwrap().parent().unwrap();
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "-q", "-p", "steerco-server"])
            .env("CARGO_TARGET_DIR", target)
            .status()
            .unwrap();
        assert!(status.success(), "cargo build -p steerco-server");
    }
    bin
}

pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn admin(bin: &Path, data: &Path, args: &[&str]) -> String {
    let out = Command::new(bin)
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The server on `data`, listening on `listen`: (it, its base address).
pub fn serve(bin: &Path, data: &Path, listen: &str) -> (Server, String) {
    let mut child = Command::new(bin)
        .arg("--data")
        .arg(data)
        .args(["--listen", listen])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().strip_prefix("listening on ").unwrap();
    (Server(child), base.to_string())
}

/// A running server holding the workspace `acme`, Anne's and Bent's tokens for it,
/// and the paths of their workspaces (not made yet). The server comes first, so it
/// stops before the folder it uses is removed.
pub struct Acme {
    pub server: Server,
    pub dir: tempfile::TempDir,
    pub bin: PathBuf,
    pub data: PathBuf,
    /// The server's address, e.g. `http://127.0.0.1:4321`.
    pub base: String,
    pub ta: String,
    pub tb: String,
    pub a: PathBuf,
    pub b: PathBuf,
}

pub fn acme() -> Acme {
    let bin = server_bin();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("server");
    admin(&bin, &data, &["workspace", "create", "acme"]);
    let member = |who: &str| {
        admin(
            &bin,
            &data,
            &["token", "create", "--workspace", "acme", "--member", who],
        )
    };
    let (ta, tb) = (member("Anne"), member("Bent"));
    let (server, base) = serve(&bin, &data, "127.0.0.1:0");
    let (a, b) = (dir.path().join("a.steerco"), dir.path().join("b.steerco"));
    Acme {
        server,
        dir,
        bin,
        data,
        base,
        ta,
        tb,
        a,
        b,
    }
}

/// `sync server URL`, the token and passphrase read from the variables `run` sets.
pub fn sync_args(url: &str) -> [&str; 7] {
    [
        "sync",
        "server",
        url,
        "--token-env",
        "STEERCO_TOKEN",
        "--passphrase-env",
        "STEERCO_PASS",
    ]
}

pub fn run(ws: &Path, user: &str, token: &str, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_USER", user)
        .env("STEERCO_TOKEN", token)
        .env("STEERCO_PASS", "korrekt hest batteri")
        .env_remove("STEERCO_NOW")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

pub fn ok(ws: &Path, user: &str, token: &str, args: &[&str]) -> String {
    let out = run(ws, user, token, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
