//! Two server instances on one PostgreSQL database, one killed mid-load
//! (#20): members given both addresses (in different orders), editing and
//! syncing in a loop, finish every sync through the other instance, all
//! converge, and the database holds every segment of each once.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use steerco_domain::SystemClock;
use steerco_store::{LocalKey, Store};
use steerco_sync::server::{join_with, sync_with, Client};

const MEMBERS: usize = 4;
const ROUNDS: usize = 12;
/// Initiatives of the demo data, one per member (no conflicts).
const CODES: [&str; MEMBERS] = ["1.1", "1.2", "7.1", "8.1"];

// PostgreSQL only: only there do several server processes share one database.
#[test]
fn members_of_two_instances_finish_through_the_other_when_one_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let rows = Rows::Postgres(pg_database());
    setup_on(&rows, &data, &["acme"]);
    let tokens: Vec<String> = (0..MEMBERS)
        .map(|m| token_on(&rows, &data, "acme", &format!("M{m}")))
        .collect();
    let mut servers = [
        Server::start_with(&rows, &data, 0, &[], &[]),
        Server::start_with(&rows, &data, 0, &[], &[]),
    ];
    let urls = [servers[0].url("acme"), servers[1].url("acme")];
    // Half the members list the instance that is killed first.
    let order = |m: usize| -> Vec<String> {
        match m % 2 {
            0 => vec![urls[0].clone(), urls[1].clone()],
            _ => vec![urls[1].clone(), urls[0].clone()],
        }
    };
    let mut first = origin(&dir.path().join("m0.steerco"));
    let c0 = Client::new_many(&order(0), &tokens[0]).unwrap();
    sync_with(&mut first, &c0, None).unwrap();
    let mut first = Some((first, c0));

    let syncs = Arc::new(AtomicUsize::new(0));
    let members: Vec<_> = (0..MEMBERS)
        .map(|m| {
            let start = first.take();
            let (path, token) = (dir.path().join(format!("m{m}.steerco")), tokens[m].clone());
            let (urls, syncs) = (order(m), syncs.clone());
            std::thread::spawn(move || {
                let (mut store, client) = start.unwrap_or_else(|| {
                    let client = Client::new_many(&urls, &token).unwrap();
                    let joined = join_with(&path, &client, None, Box::new(SystemClock));
                    (joined.unwrap().0, client)
                });
                store.set_me(&format!("M{m}")).unwrap();
                for round in 0..ROUNDS {
                    edit_title(&mut store, CODES[m], &format!("M{m} runde {round}"));
                    let report = sync_with(&mut store, &client, None)
                        .unwrap_or_else(|e| panic!("M{m} round {round}: {e}"));
                    assert!(report.set_aside.is_empty(), "{:?}", report.set_aside);
                    syncs.fetch_add(1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(10));
                }
                (store, client)
            })
        })
        .collect();

    // Mid-load: a third of the syncs done, the first instance dies.
    let deadline = Instant::now() + Duration::from_secs(60);
    while syncs.load(Ordering::SeqCst) < MEMBERS * ROUNDS / 3 {
        assert!(Instant::now() < deadline, "the members did not get going");
        std::thread::sleep(Duration::from_millis(5));
    }
    servers[0].kill();
    let killed_at = syncs.load(Ordering::SeqCst);
    let mut done: Vec<(Store, Client)> = members.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(killed_at < MEMBERS * ROUNDS, "the kill came after the load");
    for (_, client) in &done {
        assert_eq!(client.url(), urls[1], "every member ends on the survivor");
    }

    // Twice round: everyone has everyone's last edit.
    for _ in 0..2 {
        for (store, client) in done.iter_mut() {
            sync_with(store, client, None).unwrap();
        }
    }
    let export = done[0].0.export_json().unwrap();
    for (m, (store, _)) in done.iter().enumerate() {
        assert_eq!(store.export_json().unwrap(), export, "M{m} converged");
        for other in 0..MEMBERS {
            assert!(has(store, &format!("M{other} runde {}", ROUNDS - 1)));
        }
    }

    // Each member's segments 1..=n, each once.
    let Rows::Postgres(db) = &rows else {
        unreachable!()
    };
    let held: BTreeMap<String, (i64, i64)> = pg_query(
        db,
        "SELECT replica, count(*), max(rseq) FROM segment WHERE workspace = 'acme' GROUP BY replica",
    )
    .iter()
    .map(|r| (r.get(0), (r.get(1), r.get(2))))
    .collect();
    assert_eq!(held.len(), MEMBERS, "{held:?}");
    for (store, _) in &done {
        let sent: i64 = store
            .local_setting(LocalKey::SyncSegment)
            .unwrap()
            .unwrap()
            .parse()
            .unwrap();
        let replica = store.replica().to_string();
        assert_eq!(held.get(&replica), Some(&(sent, sent)), "{replica}");
    }
}
