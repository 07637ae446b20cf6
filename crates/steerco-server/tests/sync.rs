//! Replicas syncing through the real server: convergence and conflicts,
//! encryption (the server holds no readable text), a server killed during
//! a push, a join at a larger size, and a seeded random convergence run
//! (20 seeds); each on SQLite and on PostgreSQL (`on_both!`).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{
    acme_on, anne, contains, edit_title, join_as, on_both, origin, origin_synced_on, settle,
    setup_on, stored_bytes, token_on, Rows, Server,
};
use steerco_domain::SystemClock;
use steerco_store::{NewWorkspace, RowChange, Store};
use steerco_sync::server::{join_with, Client};
use steerco_sync::{join_server, sync_server};

// For the test of a server killed during a push (a test seam, see there).
#[cfg(all(unix, feature = "test-seams"))]
use steerco_sync::{
    server::{sync_with, Retry, ServerError},
    SyncReport,
};

on_both!(three_replicas_converge_and_keep_concurrent_edits_as_conflicts);
fn three_replicas_converge_and_keep_concurrent_edits_as_conflicts(rows: &Rows) {
    let (dir, data, [ta, tb, tc]) = acme_on(rows, ["Anne", "Bent", "Carl"]);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let url = server.url("acme");
    let mut a = origin(&dir.path().join("a.steerco"));
    let first = sync_server(&mut a, &url, &ta, None).unwrap();
    assert!(first.sent > 0 && first.segments_written > 0);
    let mut b = join_as(&dir.path().join("b.steerco"), &url, &tb, None, "Bent");
    let mut c = join_as(&dir.path().join("c.steerco"), &url, &tc, None, "Carl");

    edit_title(&mut a, "8.1", "Titel fra A");
    edit_title(&mut b, "8.1", "Titel fra B");
    edit_title(&mut c, "7.1", "Kun C");
    settle(&mut [&mut a, &mut b, &mut c], &url, &ta, None);
    let ea = a.export_json().unwrap();
    assert_eq!(ea, b.export_json().unwrap());
    assert_eq!(ea, c.export_json().unwrap());
    assert!(ea.contains("Kun C"));
    let conflicts = a.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let pair = [
        conflicts[0].winner_value.clone().unwrap(),
        conflicts[0].loser_value.clone().unwrap(),
    ];
    assert!(
        pair.iter().any(|v| v.contains("Titel fra A"))
            && pair.iter().any(|v| v.contains("Titel fra B")),
        "{pair:?}"
    );
    // Nothing new: a sync sends and applies nothing.
    let idle = sync_server(&mut a, &url, &ta, None).unwrap();
    assert_eq!((idle.sent, idle.segments_applied), (0, 0));
}

on_both!(wrong_revoked_and_other_workspace_tokens_are_refused_before_anything_changes);
fn wrong_revoked_and_other_workspace_tokens_are_refused_before_anything_changes(rows: &Rows) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme", "other"]);
    let (ta, to) = (
        token_on(rows, &data, "acme", "Anne"),
        token_on(rows, &data, "other", "Olga"),
    );
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let mut a = origin(&dir.path().join("a.steerco"));
    sync_server(&mut a, &server.url("acme"), &ta, None).unwrap();
    for (url, t) in [
        (server.url("acme"), to.as_str()),
        (server.url("acme"), "stc_nope"),
        (server.url("nowhere"), ta.as_str()),
    ] {
        let e = join_server(
            &dir.path().join("x.steerco"),
            &url,
            t,
            None,
            Box::new(SystemClock),
        )
        .err()
        .unwrap();
        assert_eq!(e.code(), "unauthorized");
        assert!(!dir.path().join("x.steerco").exists());
    }
    common::admin_on(
        rows,
        &data,
        &["token", "revoke", "--workspace", "acme", "--member", "Anne"],
    );
    edit_title(&mut a, "8.1", "efter");
    assert_eq!(
        sync_server(&mut a, &server.url("acme"), &ta, None)
            .err()
            .unwrap()
            .code(),
        "unauthorized"
    );
    // A workspace of another Steerco workspace id is refused too.
    let mut other = Store::create(
        &dir.path().join("o.steerco"),
        NewWorkspace::default(),
        Box::new(SystemClock),
    )
    .unwrap();
    other.set_me("Olga").unwrap();
    let tb = token_on(rows, &data, "acme", "Bent");
    assert_eq!(
        sync_server(&mut other, &server.url("acme"), &tb, None)
            .err()
            .unwrap()
            .code(),
        "other_workspace"
    );
}

on_both!(with_a_passphrase_the_server_stores_no_readable_text);
fn with_a_passphrase_the_server_stores_no_readable_text(rows: &Rows) {
    let (dir, data, [t]) = acme_on(rows, ["Anne"]);
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let url = server.url("acme");
    let secret_title = "Hemmelig plan for Ørnereden";
    let mut a = origin(&dir.path().join("a.steerco"));
    edit_title(&mut a, "8.1", secret_title);
    sync_server(&mut a, &url, &t, Some("korrekt hest")).unwrap();
    // Without or with a wrong passphrase: refused, nothing created.
    let x = dir.path().join("x.steerco");
    assert_eq!(
        join_server(&x, &url, &t, None, Box::new(SystemClock))
            .err()
            .unwrap()
            .code(),
        "needs_passphrase"
    );
    assert_eq!(
        join_server(&x, &url, &t, Some("forkert"), Box::new(SystemClock))
            .err()
            .unwrap()
            .code(),
        "wrong_passphrase"
    );
    assert!(!x.exists());
    let mut b = join_as(
        &dir.path().join("b.steerco"),
        &url,
        &t,
        Some("korrekt hest"),
        "Bent",
    );
    edit_title(&mut b, "7.1", "Også hemmelig");
    settle(&mut [&mut a, &mut b], &url, &t, Some("korrekt hest"));
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    assert!(a.export_json().unwrap().contains(secret_title));
    // Every file in the data folder, and the database's rows.
    let mut stored: Vec<(String, Vec<u8>)> = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .filter(|f| f.path().is_file())
        .map(|f| {
            (
                f.path().display().to_string(),
                std::fs::read(f.path()).unwrap(),
            )
        })
        .collect();
    stored.push(("the database".into(), stored_bytes(rows, &data)));
    assert!(stored.iter().any(|(_, bytes)| !bytes.is_empty()));
    for (what, bytes) in stored {
        for needle in [secret_title, "Også hemmelig"] {
            let utf16le: Vec<u8> = needle
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect();
            let utf16be: Vec<u8> = needle
                .encode_utf16()
                .flat_map(|u| u.to_be_bytes())
                .collect();
            for form in [needle.as_bytes(), &utf16le, &utf16be] {
                assert!(!contains(&bytes, form), "{what} holds {needle:?}");
            }
        }
    }
}

/// The segments the server stored: (rows, distinct replica and number).
#[cfg(all(unix, feature = "test-seams"))]
fn segment_rows(rows: &Rows, data: &Path) -> (i64, i64) {
    const COUNT: &str =
        "SELECT COUNT(*), COUNT(DISTINCT workspace || replica || rseq) FROM segment";
    if let Rows::Postgres(url) = rows {
        let r = &common::pg_query(url, COUNT)[0];
        return (r.get(0), r.get(1));
    }
    let conn = rusqlite::Connection::open_with_flags(
        data.join(steerco_server::db::FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(COUNT, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
}

/// A sync of the store at `path` on a thread of its own, by a client that
/// retries for a while (the server is killed under it and started again).
#[cfg(all(unix, feature = "test-seams"))]
fn sync_retrying(
    path: &Path,
    url: &str,
    token: &str,
) -> std::thread::JoinHandle<Result<SyncReport, ServerError>> {
    let (path, url, token) = (path.to_path_buf(), url.to_string(), token.to_string());
    std::thread::spawn(move || {
        let mut a = Store::open(&path, Box::new(SystemClock)).unwrap();
        let c = Client::new(&url, &token).unwrap().with_retry(Retry {
            attempts: 30,
            first: Duration::from_millis(50),
            max: Duration::from_millis(300),
        });
        sync_with(&mut a, &c, None)
    })
}

// The stall is a test seam: `make test` builds the server with it.
on_both!(
    #[cfg(all(unix, feature = "test-seams"))]
    a_server_killed_during_a_push_loses_nothing_and_duplicates_nothing
);
#[cfg(all(unix, feature = "test-seams"))]
fn a_server_killed_during_a_push_loses_nothing_and_duplicates_nothing(rows: &Rows) {
    let (dir, data, [t]) = acme_on(rows, ["Anne"]);
    // The server stores the segment, then stalls before it answers: killed there.
    let stall = [("STEERCO_SERVER_TEST_STALL_MS", "20000")];
    let mut server = Server::start_with(rows, &data, 0, &[], &stall);
    let (url, port) = (server.url("acme"), server.port);
    let path = dir.path().join("a.steerco");
    let a = origin(&path);
    drop(a);
    let client = sync_retrying(&path, &url, &t);
    let deadline = Instant::now() + Duration::from_secs(20);
    while segment_rows(rows, &data).0 == 0 {
        assert!(Instant::now() < deadline, "the push never arrived");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill();
    std::thread::sleep(Duration::from_millis(300));
    let server = Server::start_with(rows, &data, port, &[], &[]);
    let report = client.join().unwrap().unwrap();
    assert_eq!(report.segments_written, 1, "{report:?}");
    assert_eq!(segment_rows(rows, &data), (1, 1), "stored once");
    let a = Store::open(&path, Box::new(SystemClock)).unwrap();
    assert_eq!(a.sync_status().unwrap().unsent, 0);

    // And killed before it stored anything: the client retries until it is back.
    let mut server = server;
    let mut a = a;
    a.set_me("Anne").unwrap();
    edit_title(&mut a, "8.1", "Efter genstart");
    server.kill();
    drop(a);
    let client = sync_retrying(&path, &url, &t);
    std::thread::sleep(Duration::from_millis(500));
    let server = Server::start_with(rows, &data, port, &[], &[]);
    client.join().unwrap().unwrap();
    assert_eq!(segment_rows(rows, &data), (2, 2));
    let a = Store::open(&path, Box::new(SystemClock)).unwrap();
    // A joiner (no edits of its own) gets exactly the same content.
    let (b, _) = join_server(
        &dir.path().join("b.steerco"),
        &url,
        &t,
        None,
        Box::new(SystemClock),
    )
    .unwrap();
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    assert!(b.export_json().unwrap().contains("Efter genstart"));
    drop(server);
}

on_both!(a_join_at_the_size_of_the_bench_workspace_pages_exactly);
fn a_join_at_the_size_of_the_bench_workspace_pages_exactly(rows: &Rows) {
    let (dir, data, [t]) = acme_on(rows, ["Anne"]);
    // Small pages: a page holds one segment of this size.
    let server = Server::start_with(rows, &data, 0, &["--max-page-bytes", "4096"], &[]);
    let url = server.url("acme");
    let mut a = anne(&dir.path().join("a.steerco"));
    a.write(vec![RowChange::insert("focus_area", "fa-1")
        .set("number", 1)
        .set("name_da", "Et")
        .set("name_en_verified", false)])
        .unwrap();
    // 100,000 changes (the size of the bench workspace) written in batches
    // (many share one timestamp).
    for batch in 0..20 {
        let rows: Vec<RowChange> = (0..5_000)
            .map(|n| {
                let i = batch * 5_000 + n;
                RowChange::insert("initiative", format!("in-{i:05}"))
                    .set("code", format!("{}.{}", 10 + i / 1000, i % 1000))
                    .set("title", format!("Initiativ {i}"))
                    .set("focus_area_id", "fa-1")
            })
            .collect();
        a.write(rows).unwrap();
    }
    let sent = sync_server(&mut a, &url, &t, None).unwrap();
    assert!(
        sent.sent > 100_000 && sent.segments_written >= 20,
        "{sent:?}"
    );
    // Then many small segments, each a page of its own.
    for i in 0..40 {
        edit_title(&mut a, "10.1", &format!("Runde {i}"));
        sync_server(&mut a, &url, &t, None).unwrap();
    }
    let client = Client::new(&url, &t).unwrap().with_page_limit(7);
    let started = Instant::now();
    let (b, report) = join_with(
        &dir.path().join("b.steerco"),
        &client,
        None,
        Box::new(SystemClock),
    )
    .unwrap();
    assert!(report.set_aside.is_empty());
    assert_eq!(report.segments_applied, sent.segments_written + 40);
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    eprintln!(
        "join of {} changes in {} segments: {:?}",
        report.merge.applied,
        report.segments_applied,
        started.elapsed()
    );
}

on_both!(random_edits_through_the_server_converge);
/// A seeded random run per seed (SEEDS, default 20): 3 replicas, random
/// edits and syncs through the server, then a full exchange: identical
/// exports. Each seed has a workspace of its own on one server; the seeds
/// run on a few threads side by side.
fn random_edits_through_the_server_converge(rows: &Rows) {
    let seeds: u64 = std::env::var("SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let names: Vec<String> = (0..seeds).map(|s| format!("seed{s}")).collect();
    setup_on(
        rows,
        &data,
        &names.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let server = Server::start_with(rows, &data, 0, &[], &[]);
    let next_seed = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let seed = next_seed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if seed >= seeds {
                    return;
                }
                let name = &names[seed as usize];
                let t = token_on(rows, &data, name, "R");
                random_run(seed, &dir.path().join(name), &server.url(name), &t);
            });
        }
    });
    eprintln!("{seeds} seeds on {}: {:?}", rows.name(), started.elapsed());
}

/// One seed's random run through the workspace at `url`, its replicas in `root`.
fn random_run(seed: u64, root: &Path, url: &str, t: &str) {
    let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let mut a = Store::create(
        &root.join("r0.steerco"),
        NewWorkspace::default(),
        Box::new(SystemClock),
    )
    .unwrap();
    a.set_me("R0").unwrap();
    let mut rows = vec![RowChange::insert("focus_area", "fa-1")
        .set("number", 1)
        .set("name_da", "Et")
        .set("name_en_verified", false)];
    for n in 0..4 {
        rows.push(
            RowChange::insert("initiative", format!("in-{n}"))
                .set("code", format!("1.{n}"))
                .set("title", format!("Start {n}"))
                .set("focus_area_id", "fa-1"),
        );
    }
    a.write(rows).unwrap();
    sync_server(&mut a, url, t, None).unwrap();
    let mut reps = vec![a];
    for r in 1..3 {
        reps.push(join_as(
            &root.join(format!("r{r}.steerco")),
            url,
            t,
            None,
            &format!("R{r}"),
        ));
    }
    for step in 0..30 {
        let r = next(3) as usize;
        match next(4) {
            0 => {
                sync_server(&mut reps[r], url, t, None).unwrap();
            }
            1 => {
                let code = format!("1.{}", next(4));
                edit_title(&mut reps[r], &code, &format!("s{seed} t{step} r{r}"));
            }
            2 => {
                let id = format!("new-{seed}-{step}-{r}");
                reps[r]
                    .write(vec![RowChange::insert("initiative", id)
                        .set("code", format!("{}.{step}", 2 + r))
                        .set("title", "Ny")
                        .set("focus_area_id", "fa-1")])
                    .unwrap();
            }
            _ => {
                // The same field on two replicas at once.
                let code = format!("1.{}", next(4));
                edit_title(&mut reps[r], &code, &format!("x{step}a"));
                edit_title(&mut reps[(r + 1) % 3], &code, &format!("x{step}b"));
            }
        }
    }
    settle(&mut reps, url, t, None);
    let e0 = reps[0].export_json().unwrap();
    for s in &reps[1..] {
        assert_eq!(e0, s.export_json().unwrap(), "seed {seed}");
    }
}

on_both!(a_waiting_member_hears_of_a_push_within_a_second_and_pulls_it);
fn a_waiting_member_hears_of_a_push_within_a_second_and_pulls_it(rows: &Rows) {
    let (dir, data, [t]) = acme_on(rows, ["Anne"]);
    let (_server, url, mut a) = origin_synced_on(rows, dir.path(), &data, &t, None);
    let mut b = join_as(&dir.path().join("b.steerco"), &url, &t, None, "Bent");
    sync_server(&mut b, &url, &t, None).unwrap();
    let cursor = steerco_sync::server::cursor(&b).unwrap();
    let client = Client::new(&url, &t).unwrap();
    // Nothing new: the wait ends empty-handed after its time.
    let started = Instant::now();
    assert_eq!(
        client
            .wait_for_segment(cursor + 1, Duration::from_millis(300))
            .unwrap(),
        None
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    let cursor = steerco_sync::server::cursor(&b).unwrap();
    let waiter = std::thread::spawn(move || {
        let heard = client
            .wait_for_segment(cursor, Duration::from_secs(10))
            .unwrap();
        (heard, Instant::now())
    });
    std::thread::sleep(Duration::from_millis(300));
    edit_title(&mut a, "8.1", "Nyt fra A");
    let pushed = Instant::now();
    sync_server(&mut a, &url, &t, None).unwrap();
    let (heard, at) = waiter.join().unwrap();
    assert!(heard.unwrap() > cursor);
    assert!(
        at.duration_since(pushed) < Duration::from_secs(1),
        "{:?}",
        at.duration_since(pushed)
    );
    sync_server(&mut b, &url, &t, None).unwrap();
    assert!(b.export_json().unwrap().contains("Nyt fra A"));
}
