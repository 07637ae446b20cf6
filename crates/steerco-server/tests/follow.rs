//! Background sync (`steerco_sync::server::follow`, what the app runs): two
//! members following one real server see each other's edits without a sync
//! call, also while a manual sync runs at the same time; a server that goes
//! away and comes back; a refused token; and a workspace never switches
//! between a folder and a server.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{
    acme_on, join, join_as, on_both, origin, origin_synced_on, setup_on, token_on, Rows, Server,
};
use steerco_store::Store;
use steerco_sync::server::follow::{follow, Pace, Status};
use steerco_sync::server::{sync_via, Access, Client, Retry, ServerError};
use steerco_sync::{sync_folder, sync_server, SyncError};

/// A store shared between threads, as the app shares its session.
#[derive(Clone)]
struct Shared(Arc<Mutex<Store>>);

impl Access for Shared {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, ServerError>,
    ) -> Result<R, ServerError> {
        f(&mut self.0.lock().unwrap())
    }
}

fn edit_title(s: &Shared, code: &str, title: &str) {
    common::edit_title(&mut s.0.lock().unwrap(), code, title);
}

fn has(s: &Shared, text: &str) -> bool {
    common::has(&s.0.lock().unwrap(), text)
}

/// Wait (at most `within`) until `s` holds `text`; how long it took.
fn wait_for(s: &Shared, text: &str, within: Duration) -> Duration {
    let start = Instant::now();
    while !has(s, text) {
        assert!(start.elapsed() < within, "{text:?} did not arrive");
        std::thread::sleep(Duration::from_millis(20));
    }
    start.elapsed()
}

fn quick() -> Pace {
    Pace {
        look: Duration::from_millis(100),
        resync: Duration::from_secs(30),
        backoff_first: Duration::from_millis(200),
        backoff_max: Duration::from_secs(2),
    }
}

/// A follower on its own thread; its statuses, and the switch to stop it.
struct Following {
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<String>>>,
    thread: std::thread::JoinHandle<()>,
}

fn start(store: &Shared, url: &str, token: &str) -> Following {
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = Client::new(url, token).unwrap().with_retry(Retry {
        attempts: 2,
        first: Duration::from_millis(50),
        max: Duration::from_millis(100),
    });
    let (store, stop2, seen2) = (store.clone(), stop.clone(), seen.clone());
    let thread = std::thread::spawn(move || {
        follow(&store, &client, None, quick(), &stop2, &mut |status| {
            let line = match status {
                Status::Synced(r) => format!("synced sent={} applied={}", r.sent, r.merge.applied),
                Status::Offline { error, .. } => format!("offline {}", error.code()),
                Status::Refused { error, .. } => format!("refused {}", error.code()),
            };
            seen2.lock().unwrap().push(line);
        });
    });
    Following { stop, seen, thread }
}

impl Following {
    fn saw(&self, prefix: &str) -> bool {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with(prefix))
    }

    fn wait_saw(&self, prefix: &str, within: Duration) {
        let start = Instant::now();
        while !self.saw(prefix) {
            assert!(
                start.elapsed() < within,
                "no {prefix:?} in {:?}",
                self.seen.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn end(self) -> Vec<String> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap();
        Arc::try_unwrap(self.seen).unwrap().into_inner().unwrap()
    }
}

on_both!(two_followers_see_each_others_edits_without_a_sync_call);
fn two_followers_see_each_others_edits_without_a_sync_call(rows: &Rows) {
    let (dir, data, [ta, tb]) = acme_on(rows, ["Anne", "Bent"]);
    let (mut server, url, a) = origin_synced_on(rows, dir.path(), &data, &ta, None);
    let port = server.port;
    let b = join_as(&dir.path().join("b.steerco"), &url, &tb, None, "Bent");
    let (a, b) = (
        Shared(Arc::new(Mutex::new(a))),
        Shared(Arc::new(Mutex::new(b))),
    );
    let fa = start(&a, &url, &ta);
    let fb = start(&b, &url, &tb);
    fa.wait_saw("synced", Duration::from_secs(10));
    fb.wait_saw("synced", Duration::from_secs(10));

    edit_title(&a, "8.1", "Fra Anne, live");
    let took = wait_for(&b, "Fra Anne, live", Duration::from_secs(5));
    eprintln!("A -> B without a sync call: {took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    edit_title(&b, "9.1", "Fra Bent, live");
    wait_for(&a, "Fra Bent, live", Duration::from_secs(5));

    // A manual sync at the same time as the followers loses and repeats nothing.
    let manual = {
        let (a, url, ta) = (a.clone(), url.clone(), ta.clone());
        std::thread::spawn(move || {
            let client = Client::new(&url, &ta).unwrap();
            for i in 0..20 {
                edit_title(&a, "9.2", &format!("Runde {i}"));
                sync_via(&a, &client, None).unwrap();
            }
        })
    };
    for i in 0..20 {
        edit_title(&a, "9.3", &format!("Samtidig {i}"));
        std::thread::sleep(Duration::from_millis(15));
    }
    manual.join().unwrap();
    wait_for(&b, "Runde 19", Duration::from_secs(5));
    wait_for(&b, "Samtidig 19", Duration::from_secs(5));

    // The server goes away: A keeps working offline and says so; back, it all goes.
    server.kill();
    edit_title(&a, "8.1", "Skrevet offline");
    fa.wait_saw("offline server_unreachable", Duration::from_secs(10));
    let server = Server::start_with(rows, &data, port, &[], &[]);
    wait_for(&b, "Skrevet offline", Duration::from_secs(10));

    let seen_a = fa.end();
    fb.end();
    let (ea, eb) = (
        a.0.lock().unwrap().export_json().unwrap(),
        b.0.lock().unwrap().export_json().unwrap(),
    );
    assert_eq!(ea, eb, "the two replicas converged");
    assert!(seen_a.iter().any(|l| l.starts_with("synced sent=")));
    drop(server);
}

on_both!(a_refused_token_is_reported_as_refused_not_offline);
fn a_refused_token_is_reported_as_refused_not_offline(rows: &Rows) {
    let (dir, data, []) = acme_on(rows, []);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let a = Shared(Arc::new(Mutex::new(origin(&dir.path().join("a.steerco")))));
    let f = start(&a, &server.url("acme"), "not-a-token");
    f.wait_saw("refused unauthorized", Duration::from_secs(10));
    let seen = f.end();
    assert!(!seen.iter().any(|l| l.starts_with("offline")), "{seen:?}");
}

on_both!(a_workspace_syncs_through_a_folder_or_a_server_never_both);
fn a_workspace_syncs_through_a_folder_or_a_server_never_both(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme", "other"]);
    let t = token_on(rows, &data, "acme", "Anne");
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let folder = dir.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();

    // Synced through a folder: a server is refused, and the server learns nothing.
    let mut f = origin(&dir.path().join("f.steerco"));
    sync_folder(&mut f, &folder, None).unwrap();
    let err = sync_server(&mut f, &server.url("acme"), &t, None).unwrap_err();
    assert_eq!(err.code(), "other_sync_kind", "{err}");
    assert!(
        err.to_string().contains("join from it into a new file"),
        "{err}"
    );
    let marker = Client::new(&server.url("acme"), &t)
        .unwrap()
        .marker()
        .unwrap();
    assert!(marker.is_none(), "nothing was sent to the server");

    // Synced through a server (and a member joined from it): a folder is refused.
    let mut s = origin(&dir.path().join("s.steerco"));
    sync_server(&mut s, &server.url("acme"), &t, None).unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = sync_folder(&mut s, &empty, None).unwrap_err();
    assert!(matches!(err, SyncError::OtherKind { .. }), "{err}");
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
    let mut joined = join(&dir.path().join("j.steerco"), &server.url("acme"), &t, None);
    let err = sync_folder(&mut joined, &empty, None).unwrap_err();
    assert_eq!(err.code(), "other_sync_kind");
    // The same kind again is fine.
    sync_server(&mut joined, &server.url("acme"), &t, None).unwrap();
    sync_folder(&mut f, &folder, None).unwrap();
}
