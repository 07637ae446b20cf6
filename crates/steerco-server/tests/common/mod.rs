//! The real `steerco-server` binary on a loopback port, for the tests.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_steerco-server");

/// Run an admin command; its stdout.
pub fn admin(data: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
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

pub struct Server {
    pub child: Child,
    pub data: PathBuf,
    /// http://127.0.0.1:PORT
    pub base: String,
    pub port: u16,
}

impl Server {
    /// Start on a free port (port 0: the server prints the one it got).
    pub fn start(data: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        Server::start_on(data, 0, extra, env)
    }

    pub fn start_on(data: &Path, port: u16, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mut cmd = Command::new(BIN);
            cmd.arg("--data")
                .arg(data)
                .arg("--listen")
                .arg(format!("127.0.0.1:{port}"))
                .args(extra)
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            for (k, v) in env {
                cmd.env(k, v);
            }
            let mut child = cmd.spawn().unwrap();
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            if let Some(base) = line.trim().strip_prefix("listening on ") {
                let port = base.rsplit(':').next().unwrap().parse().unwrap();
                return Server {
                    child,
                    data: data.to_path_buf(),
                    base: base.to_string(),
                    port,
                };
            }
            // The port of a killed server may take a moment to be free again.
            let _ = child.wait();
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// SIGKILL (Child::kill on Unix) and reap.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn url(&self, workspace: &str) -> String {
        format!("{}/{workspace}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A data folder with workspaces and one token per (workspace, member).
pub fn setup(data: &Path, workspaces: &[&str]) {
    for w in workspaces {
        admin(data, &["workspace", "create", w]);
    }
}

pub fn token(data: &Path, workspace: &str, member: &str) -> String {
    admin(
        data,
        &[
            "token",
            "create",
            "--workspace",
            workspace,
            "--member",
            member,
        ],
    )
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// (status, body) of one request.
pub fn request(method: &str, url: &str, token: Option<&str>, body: Option<&[u8]>) -> (u16, String) {
    let agent = agent();
    let auth = token.map(|t| format!("Bearer {t}"));
    let resp = match method {
        "GET" => {
            let mut r = agent.get(url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.call()
        }
        "DELETE" => {
            let mut r = agent.delete(url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.call()
        }
        m => {
            let mut r = if m == "PUT" {
                agent.put(url)
            } else {
                agent.post(url)
            };
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.send(body.unwrap_or(b""))
        }
    };
    let mut resp = resp.unwrap();
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .unwrap_or_default();
    (status, text)
}
