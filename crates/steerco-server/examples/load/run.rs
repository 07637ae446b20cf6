//! One measured run: clients pushing and pulling against a deployment's
//! instances, event stream listeners timing notifies, and the check that
//! nothing was lost, doubled or reordered.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use steerco_store::merge::ChangeRecord;

use crate::deploy::Deployment;

/// The workspace every run makes and loads.
pub const WORKSPACE: &str = "load";

pub struct Options {
    pub clients: usize,
    pub seconds: u64,
    pub changes: usize,
    /// Zero: a closed loop (each client again at once); else each client
    /// starts one push and pull this often.
    pub every: Duration,
}

/// What one run measured.
pub struct Figures {
    pub pushed: usize,
    pub per_second: f64,
    pub push: Vec<Duration>,
    pub pull: Vec<Duration>,
    pub notify: Vec<Duration>,
    pub notify_expected: usize,
}

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

#[derive(Default)]
struct ClientStats {
    push: Vec<Duration>,
    pull: Vec<Duration>,
    /// Server sequence, when its push started, through which instance.
    pushed: Vec<(u64, Instant, usize)>,
    pulled: Vec<u64>,
    done: Option<Instant>,
}

/// An event stream's segment events: server sequence, when heard.
type Heard = Arc<Mutex<Vec<(u64, Instant)>>>;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Listen on one instance's event stream; returns once it is connected.
fn listen(api: String, auth: String) -> Heard {
    let heard: Heard = Default::default();
    let (ready, connected) = std::sync::mpsc::channel();
    let h = heard.clone();
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
        assert_eq!(resp.status().as_u16(), 200, "event stream");
        let _ = ready.send(());
        // Ends when the server stops (the deployment is dropped).
        for line in BufReader::new(resp.into_body().into_reader()).lines() {
            let Ok(line) = line else { break };
            let Some(data) = line.strip_prefix("data:") else {
                continue;
            };
            let v: serde_json::Value = serde_json::from_str(data.trim()).unwrap_or_default();
            if let Some(seq) = v.get("seq").and_then(|s| s.as_u64()) {
                h.lock().unwrap().push((seq, Instant::now()));
            }
        }
    });
    connected
        .recv_timeout(Duration::from_secs(10))
        .expect("event stream connected");
    heard
}

/// Run the clients against `dep` (client c through instance c mod n) and
/// check the outcome; panics on a lost, doubled or reordered segment.
pub fn run(dep: &Deployment, o: &Options) -> Figures {
    let n = dep.bases.len();
    let apis: Vec<String> = dep
        .bases
        .iter()
        .map(|b| format!("{b}/v1/workspaces/{WORKSPACE}"))
        .collect();
    // A member per client: a token pushes as one replica only.
    let members: Vec<String> = (0..o.clients).map(|c| format!("Client {c}")).collect();
    let tokens = dep.tokens(WORKSPACE, &members);
    let listener = dep.tokens(WORKSPACE, &["Listener".to_string()]).remove(0);
    let ws = "load-workspace-id";
    let marker = format!(r#"{{"format":"steerco-folder","version":1,"workspace":"{ws}"}}"#);
    let r = agent()
        .put(format!("{}/marker", apis[0]))
        .header("Authorization", &format!("Bearer {}", tokens[0]))
        .send(marker.as_bytes())
        .unwrap();
    assert_eq!(r.status().as_u16(), 201, "marker");
    let heard: Vec<Heard> = apis
        .iter()
        .map(|api| listen(api.clone(), format!("Bearer {listener}")))
        .collect();

    let start = Instant::now();
    let stop_at = start + Duration::from_secs(o.seconds);
    let all_pushed = Arc::new(Barrier::new(o.clients));
    let threads: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(c, token)| {
            let (instance, every, changes, clients) = (c % n, o.every, o.changes, o.clients);
            let api = apis[instance].clone();
            let all_pushed = all_pushed.clone();
            std::thread::spawn(move || {
                let auth = format!("Bearer {token}");
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
                    assert_eq!(r.status().as_u16(), 200, "{}", String::from_utf8_lossy(&body));
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
                    stats.pushed.push((body["seq"].as_u64().unwrap(), t, instance));
                    pull(&mut stats, &mut cursor);
                }
                stats.done = Some(Instant::now());
                // A last pull once every client has stopped pushing.
                all_pushed.wait();
                pull(&mut stats, &mut cursor);
                stats
            })
        })
        .collect();
    let all: Vec<ClientStats> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let pushing = all.iter().filter_map(|s| s.done).max().unwrap() - start;

    // Every pushed segment once, and in every client's pulls exactly once.
    let pushed: BTreeMap<u64, (Instant, usize)> = all
        .iter()
        .flat_map(|s| s.pushed.iter().map(|&(q, t, i)| (q, (t, i))))
        .collect();
    let total: usize = all.iter().map(|s| s.pushed.len()).sum();
    assert_eq!(pushed.len(), total, "two pushes got one server sequence");
    for (c, s) in all.iter().enumerate() {
        let set: HashSet<u64> = s.pulled.iter().copied().collect();
        assert_eq!(
            set.len(),
            s.pulled.len(),
            "client {c} pulled a segment twice"
        );
        let missed = pushed.keys().filter(|q| !set.contains(q)).count();
        assert_eq!(missed, 0, "client {c} never pulled {missed} segment(s)");
    }
    let stored = dep.stored(WORKSPACE);
    assert!(
        stored.windows(2).all(|w| w[0] < w[1]),
        "stored out of order"
    );
    assert!(
        stored.iter().copied().eq(pushed.keys().copied()),
        "the server holds other segments than were pushed ({} stored, {total} pushed)",
        stored.len()
    );

    // Each listener times the pushes through the other instances (through
    // its own with one instance): a notify that crossed instances.
    let expected = total * (n - 1).max(1);
    let crossing = |i: usize, seq: &u64| pushed.get(seq).is_some_and(|p| n == 1 || p.1 != i);
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let got: usize = (0..n)
            .map(|i| {
                heard[i]
                    .lock()
                    .unwrap()
                    .iter()
                    .filter(|(q, _)| crossing(i, q))
                    .count()
            })
            .sum();
        if got >= expected {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let notify = (0..n)
        .flat_map(|i| {
            let heard = heard[i].lock().unwrap().clone();
            heard
                .into_iter()
                .filter(|(q, _)| crossing(i, q))
                .map(|(q, at)| at.saturating_duration_since(pushed[&q].0))
                .collect::<Vec<_>>()
        })
        .collect();
    Figures {
        pushed: total,
        per_second: total as f64 / pushing.as_secs_f64(),
        push: all.iter().flat_map(|s| s.push.clone()).collect(),
        pull: all.iter().flat_map(|s| s.pull.clone()).collect(),
        notify,
        notify_expected: expected,
    }
}
