//! Load figures for the sync server (not part of `make test`):
//!
//!   cargo build --release -p steerco-server --examples
//!   target/release/examples/load [--clients 100] [--seconds 30] [--changes 20] [--every-ms N]
//!
//! Without --every-ms each client pushes and pulls as fast as it can (a
//! closed loop: the machine runs flat out, so latency is mostly waiting for a
//! core). With --every-ms N each client starts one push-and-pull every N ms
//! (a fixed offered load, e.g. 100 clients every 100 ms = 1,000 segments/s).
//!
//! Starts the real `steerco-server` (beside this example, or
//! $STEERCO_SERVER_BIN) on a free loopback port with a fresh data folder.
//! Each client is a replica that, in a loop, pushes one segment (`--changes`
//! synthetic changes) and pulls every segment after its cursor. One event
//! stream listener measures push-to-notify latency. At the end every
//! segment pushed must be on the server exactly once, in strictly increasing
//! server order, and every client must have pulled each one exactly once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use steerco_store::merge::ChangeRecord;

/// A page as the client reads it (the data borrowed, not copied).
#[derive(serde::Deserialize)]
struct Page<'a> {
    #[serde(borrow)]
    segments: Vec<Listed<'a>>,
    more: bool,
}

#[derive(serde::Deserialize)]
struct Listed<'a> {
    seq: u64,
    data: &'a str,
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn admin(bin: &PathBuf, data: &std::path::Path, args: &[&str]) -> String {
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

#[derive(Default)]
struct ClientStats {
    push: Vec<Duration>,
    pull: Vec<Duration>,
    pushed: Vec<(String, u64, u64)>,
    pulled: Vec<u64>,
    changes: u64,
}

fn main() {
    let clients = arg("--clients", 100) as usize;
    let seconds = arg("--seconds", 30);
    let changes = arg("--changes", 20) as usize;
    let every = Duration::from_millis(arg("--every-ms", 0));
    let bin = std::env::var_os("STEERCO_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().unwrap();
            exe.parent()
                .unwrap()
                .parent()
                .unwrap()
                .join("steerco-server")
        });
    let dir = std::env::temp_dir().join(format!("steerco-load-{}", std::process::id()));
    let data = dir.join("data");
    admin(&bin, &data, &["workspace", "create", "load"]);
    let token = admin(
        &bin,
        &data,
        &["token", "create", "--workspace", "load", "--member", "Load"],
    );
    let mut child = Command::new(&bin)
        .arg("--data")
        .arg(&data)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        // Its JSON request log: the time each request took inside the server.
        .stderr(std::fs::File::create(dir.join("server.log")).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    let api = format!("{base}/v1/workspaces/load");
    let auth = format!("Bearer {token}");
    let ws = "load-workspace-id";
    let marker = format!(r#"{{"format":"steerco-folder","version":1,"workspace":"{ws}"}}"#);
    let r = agent()
        .put(format!("{api}/marker"))
        .header("Authorization", &auth)
        .send(marker.as_bytes())
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);

    // Push start times by server sequence, for push-to-notify.
    let started_at: Arc<Mutex<HashMap<u64, Instant>>> = Default::default();
    let notify: Arc<Mutex<Vec<Duration>>> = Default::default();
    let stop_at = Instant::now() + Duration::from_secs(seconds);
    {
        let (api, auth, started_at, notify) = (
            api.clone(),
            auth.clone(),
            started_at.clone(),
            notify.clone(),
        );
        std::thread::spawn(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into();
            let resp = agent
                .get(format!("{api}/events"))
                .header("Authorization", &auth)
                .call()
                .unwrap();
            for line in BufReader::new(resp.into_body().into_reader()).lines() {
                let Ok(line) = line else { break };
                let Some(data) = line.strip_prefix("data:") else {
                    continue;
                };
                let v: serde_json::Value = serde_json::from_str(data.trim()).unwrap_or_default();
                if let Some(seq) = v.get("seq").and_then(|s| s.as_u64()) {
                    let now = Instant::now();
                    // The push may not have recorded its sequence yet: wait briefly.
                    for _ in 0..100 {
                        if let Some(t) = started_at.lock().unwrap().get(&seq) {
                            notify.lock().unwrap().push(now - *t);
                            break;
                        }
                        std::thread::sleep(Duration::from_micros(200));
                    }
                }
            }
        });
    }

    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (api, auth, started_at) = (api.clone(), auth.clone(), started_at.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let replica = format!("{:016x}", 0x1000_0000_0000_0000u64 + c as u64);
                let mut stats = ClientStats::default();
                let (mut seg, mut cursor, mut counter) = (0u64, 0u64, 0u64);
                let pull = |stats: &mut ClientStats, cursor: &mut u64| loop {
                    let t = Instant::now();
                    let mut r = agent
                        .get(format!("{api}/segments?after={cursor}&limit=1000"))
                        .header("Authorization", &auth)
                        .call()
                        .unwrap();
                    // The latency ends when the whole answer is here; reading it is the client's work.
                    let body = r.body_mut().with_config().limit(1 << 30).read_to_vec().unwrap();
                    stats.pull.push(t.elapsed());
                    let page: Page = serde_json::from_slice(&body).unwrap();
                    for s in &page.segments {
                        assert!(s.seq > *cursor, "server order");
                        *cursor = s.seq;
                        stats.pulled.push(s.seq);
                        let _ = base64::engine::general_purpose::STANDARD.decode(s.data).unwrap();
                    }
                    if !page.more {
                        break;
                    }
                };
                // Spread the clients' starts over one interval.
                let mut next_start = Instant::now() + every.mul_f64(c as f64 / clients as f64);
                while Instant::now() < stop_at {
                    if !every.is_zero() {
                        if let Some(wait) = next_start.checked_duration_since(Instant::now()) {
                            std::thread::sleep(wait);
                        }
                        next_start += every;
                    }
                    seg += 1;
                    let records: Vec<ChangeRecord> = (0..changes)
                        .map(|i| {
                            counter += 1;
                            let hlc = format!("{:013}{:05}-{replica}", 1_700_000_000_000u64 + counter, i);
                            serde_json::from_value(serde_json::json!({
                                "hlc": hlc, "author_id": null, "tbl": "initiative",
                                "row_id": format!("row-{c}-{counter}"), "op": "insert",
                                "fields": {"title": format!("Titel {counter} fra klient {c}")}, "prev": null
                            }))
                            .unwrap()
                        })
                        .collect();
                    let bytes = steerco_sync::segment::encode(ws, &replica, seg, &records, None).unwrap();
                    let t = Instant::now();
                    let mut r = agent
                        .post(format!("{api}/segments"))
                        .header("Authorization", &auth)
                        .header("Content-Type", "application/octet-stream")
                        .send(&bytes[..])
                        .unwrap();
                    let body = r.body_mut().read_to_vec().unwrap();
                    stats.push.push(t.elapsed());
                    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    assert_eq!(r.status().as_u16(), 201, "{body}");
                    let seq = body["seq"].as_u64().unwrap();
                    started_at.lock().unwrap().insert(seq, t);
                    stats.pushed.push((replica.clone(), seg, seq));
                    stats.changes += changes as u64;
                    pull(&mut stats, &mut cursor);
                }
                // A last pull after everyone stopped pushing (the main thread waits).
                std::thread::sleep(Duration::from_secs(2));
                pull(&mut stats, &mut cursor);
                stats
            })
        })
        .collect();
    let wall = Instant::now();
    let all: Vec<ClientStats> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let elapsed = wall.elapsed().saturating_sub(Duration::from_secs(2));

    // Every pushed segment exactly once on the server, and in every client's pulls.
    let pushed: BTreeMap<u64, (String, u64)> = all
        .iter()
        .flat_map(|s| s.pushed.iter().map(|(r, g, q)| (*q, (r.clone(), *g))))
        .collect();
    let total_pushed: usize = all.iter().map(|s| s.pushed.len()).sum();
    assert_eq!(
        pushed.len(),
        total_pushed,
        "two pushes got one server sequence"
    );
    let mut lost_or_dup = 0usize;
    for s in &all {
        let set: HashSet<u64> = s.pulled.iter().copied().collect();
        lost_or_dup += s.pulled.len() - set.len();
        lost_or_dup += pushed.keys().filter(|q| !set.contains(q)).count();
    }
    let mut push: Vec<Duration> = all.iter().flat_map(|s| s.push.clone()).collect();
    let mut pull: Vec<Duration> = all.iter().flat_map(|s| s.pull.clone()).collect();
    let mut notify = notify.lock().unwrap().clone();
    let changes_total: u64 = all.iter().map(|s| s.changes).sum();
    let rss = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
        })
        .unwrap_or_else(|| "?".into());
    let db_bytes: u64 = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|f| f.metadata().map(|m| m.len()).unwrap_or(0))
        .sum();
    println!(
        "clients {clients}, {seconds} s, {changes} changes per segment, {}",
        if every.is_zero() {
            "as fast as they can".to_string()
        } else {
            format!("one push and pull every {} ms each", every.as_millis())
        }
    );
    println!(
        "segments pushed   {total_pushed} ({:.0}/s), changes {changes_total} ({:.0}/s)",
        total_pushed as f64 / elapsed.as_secs_f64(),
        changes_total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "push latency      p50 {}  p99 {}",
        ms(percentile(&mut push, 0.5)),
        ms(percentile(&mut push, 0.99))
    );
    println!(
        "pull latency      p50 {}  p99 {}  ({} pages)",
        ms(percentile(&mut pull, 0.5)),
        ms(percentile(&mut pull, 0.99)),
        pull.len()
    );
    println!(
        "push-to-notify    p50 {}  p99 {}  ({} events)",
        ms(percentile(&mut notify, 0.5)),
        ms(percentile(&mut notify, 0.99)),
        notify.len()
    );
    println!(
        "server peak RSS   {rss} kB; data folder {:.1} MiB",
        db_bytes as f64 / 1048576.0
    );
    println!("lost or duplicated in pulls: {lost_or_dup}");
    let _ = child.kill();
    let _ = child.wait();
    // Inside the server (from its request log), apart from the clients' own
    // waiting for a core: the clients and the server share this machine.
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    for (route, method) in [
        ("/v1/workspaces/{name}/segments", "POST"),
        ("/v1/workspaces/{name}/segments", "GET"),
    ] {
        let mut inside: Vec<Duration> = log
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let f = v.get("fields")?;
                let ms = f.get("ms")?.as_f64()?;
                (f.get("route")?.as_str()? == route && f.get("method")?.as_str()? == method)
                    .then(|| Duration::from_secs_f64(ms / 1000.0))
            })
            .collect();
        println!(
            "inside the server {method} segments: p50 {}  p99 {}  ({} requests)",
            ms(percentile(&mut inside, 0.5)),
            ms(percentile(&mut inside, 0.99)),
            inside.len()
        );
    }
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(lost_or_dup, 0);
}
