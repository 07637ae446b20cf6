//! Through a real sync server (the steerco-server binary built next to this
//! one, on loopback): a replica pushes its whole log, then a new member
//! joins from the server.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use steerco_domain::SystemClock;
use steerco_store::RowChange;
use steerco_sync::{join_server, sync_server};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The server binary of the same build profile, or $STEERCO_SERVER_BIN.
fn server_bin() -> Res<PathBuf> {
    if let Some(p) = std::env::var_os("STEERCO_SERVER_BIN") {
        return Ok(PathBuf::from(p));
    }
    let me = std::env::current_exe()?;
    let bin = me.with_file_name(format!("steerco-server{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        return Err(format!(
            "{} is missing: build it first (cargo build -p steerco-server, --release for make bench)",
            bin.display()
        )
        .into());
    }
    Ok(bin)
}

/// The server process, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn admin(bin: &Path, data: &Path, args: &[&str]) -> Res<String> {
    let out = Command::new(bin)
        .arg("--data")
        .arg(data)
        .args(args)
        .output()?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// `inserts` and `updates` written by a new replica (one that never synced
/// through a folder), pushed, then joined.
pub fn join(dir: &Path, inserts: &[RowChange], updates: &[RowChange]) -> Res<()> {
    let mut source = crate::new_store(&dir.join("server-source.steerco"))?;
    let mut all = crate::generate::prelude();
    all.extend(inserts.iter().cloned());
    all.extend(updates.iter().cloned());
    source.write(all)?;
    let bin = server_bin()?;
    let data = dir.join("server-data");
    admin(&bin, &data, &["workspace", "create", "bench"])?;
    let token = admin(
        &bin,
        &data,
        &[
            "token",
            "create",
            "--workspace",
            "bench",
            "--member",
            "bench",
        ],
    )?;
    let mut child = Command::new(&bin)
        .arg("--data")
        .arg(&data)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out).read_line(&mut line)?;
    }
    let _server = Running(child);
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("the server did not start: {line:?}"))?;
    let url = format!("{base}/bench");

    let start = Instant::now();
    let pushed = sync_server(&mut source, &url, &token, None)?;
    println!(
        "push to a sync server: {} changes in {} segments, {}",
        pushed.sent,
        pushed.segments_written,
        ms(start.elapsed())
    );
    let start = Instant::now();
    let (joined, report) = join_server(
        &dir.join("joined-server.steerco"),
        &url,
        &token,
        None,
        Box::new(SystemClock),
    )?;
    println!(
        "join from a sync server: {} changes in {} (target under 5 s)",
        report.merge.applied,
        ms(start.elapsed())
    );
    assert_eq!(joined.export_json()?, source.export_json()?);
    Ok(())
}
