//! One server workspace at several addresses, as a client sees it (#20):
//! the workspace id and database generation the server reports decide
//! whether the pull cursor still holds, not the address it was reached at;
//! an address that is down is left for the next; an address of another
//! database is refused, naming both.

mod common;

use std::net::TcpListener;
use std::time::Duration;

use common::*;
use steerco_domain::SystemClock;
use steerco_store::{LocalKey, Store};
use steerco_sync::server::{self, join_with, sync_with, Client, News, Retry, ServerError};

fn client(urls: &[&str], token: &str) -> Client {
    let urls: Vec<String> = urls.iter().map(|u| u.to_string()).collect();
    Client::new_many(&urls, token).unwrap().with_retry(Retry {
        attempts: 4,
        first: Duration::from_millis(50),
        max: Duration::from_millis(200),
    })
}

/// Segments the server has sent in pages since it started.
fn served(server: &Server) -> u64 {
    let (_, metrics) = request("GET", &format!("{}/metrics", server.base), None, None);
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("steerco_segments_served_total "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count of segments served in {metrics}"))
}

fn setting(s: &Store, key: LocalKey) -> String {
    s.local_setting(key).unwrap().unwrap_or_default()
}

/// An address where nothing listens (a port just freed).
fn closed() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}/acme")
}

#[test]
fn two_addresses_of_one_server_share_the_cursor_and_a_new_generation_resets_it() {
    let (dir, data, [ta, tb]) = acme(["Anne", "Bent"]);
    let (server, numeric, mut a) = origin_synced(dir.path(), &data, &ta, None);
    let named = format!("http://localhost:{}/acme", server.port);
    let id = client(&[&numeric], &ta).identity().unwrap().unwrap();
    assert_eq!(setting(&a, LocalKey::SyncServerOrigin), id.workspace);
    assert_eq!(setting(&a, LocalKey::SyncServerGeneration), id.generation);
    let same = client(&[&named], &tb).identity().unwrap().unwrap();
    assert_eq!(same, id);

    let (mut b, _) = join_with(
        &dir.path().join("b.steerco"),
        &client(&[&numeric], &tb),
        None,
        Box::new(SystemClock),
    )
    .unwrap();
    assert_eq!(server::cursor(&b).unwrap(), id.latest);

    // One new segment at the number, pulled at the name: only it comes.
    let step = |a: &mut Store, b: &mut Store, title: &str, bent: &[&str]| {
        edit_title(a, "8.1", title);
        sync_with(a, &client(&[&numeric], &ta), None).unwrap();
        let before = served(&server);
        let report = sync_with(b, &client(bent, &tb), None).unwrap();
        assert!(has(b, title));
        assert!(report.set_aside.is_empty(), "{:?}", report.set_aside);
        (report.segments_applied, served(&server) - before)
    };
    assert_eq!(step(&mut a, &mut b, "Ved navnet", &[&named]), (1, 1));
    assert_eq!(step(&mut a, &mut b, "Begge", &[&named, &numeric]), (1, 1));
    assert_eq!(step(&mut a, &mut b, "Omvendt", &[&numeric, &named]), (1, 1));
    assert_eq!(setting(&b, LocalKey::SyncServerOrigin), id.workspace);
    assert_eq!(setting(&b, LocalKey::SyncVia), "server");

    // A workspace that stored the address as its origin (older versions)
    // keeps its cursor on the same server.
    b.set_sync_setting(LocalKey::SyncServerOrigin, &named)
        .unwrap();
    b.set_sync_setting(LocalKey::SyncServerGeneration, "")
        .unwrap();
    assert_eq!(step(&mut a, &mut b, "Opgraderet", &[&named]), (1, 1));
    assert_eq!(setting(&b, LocalKey::SyncServerOrigin), id.workspace);

    // A new generation (a restore): Bent pulls everything again, applying
    // only what is new.
    let renewed = admin(&data, &["generation", "renew"]);
    assert_ne!(renewed, id.generation);
    let latest = client(&[&numeric], &ta).identity().unwrap().unwrap().latest;
    let (applied, pulled) = step(&mut a, &mut b, "Ny generation", &[&named]);
    assert_eq!(applied, 1);
    assert_eq!(pulled, latest + 1, "pulled from the start");
    assert_eq!(setting(&b, LocalKey::SyncServerGeneration), renewed);
    // The same generation again: only what is new.
    assert_eq!(step(&mut a, &mut b, "Igen", &[&named]), (1, 1));
    assert_eq!(
        a.export_json().unwrap(),
        b.export_json().unwrap(),
        "converged"
    );
}

#[test]
fn another_workspace_at_an_address_pulls_from_the_start() {
    let (dir, data, [ta, tb]) = acme(["Anne", "Bent"]);
    let (first, url1, mut a) = origin_synced(dir.path(), &data, &ta, None);
    let mut b = join(&dir.path().join("b.steerco"), &url1, &tb, None);
    edit_title(&mut a, "8.1", "Mere på den første");
    sync_with(&mut a, &client(&[&url1], &ta), None).unwrap();
    sync_with(&mut b, &client(&[&url1], &tb), None).unwrap();

    // Another server (another database): Anne's segments go there again
    // (the resend check), at sequence numbers Bent's cursor has passed.
    let data2 = dir.path().join("data2");
    setup(&data2, &["acme"]);
    let (ta2, tb2) = (token(&data2, "acme", "Anne"), token(&data2, "acme", "Bent"));
    let second = Server::start(&data2, &[], &[]);
    let url2 = second.url("acme");
    sync_with(&mut a, &client(&[&url2], &ta2), None).unwrap();
    let id2 = client(&[&url2], &tb2).identity().unwrap().unwrap();
    let id1 = client(&[&url1], &tb).identity().unwrap().unwrap();
    assert_ne!(id1.workspace, id2.workspace);
    assert!(server::cursor(&b).unwrap() >= id2.latest);

    let before = served(&second);
    sync_with(&mut b, &client(&[&url2], &tb2), None).unwrap();
    assert_eq!(setting(&b, LocalKey::SyncServerOrigin), id2.workspace);
    assert_eq!(
        server::cursor(&b).unwrap(),
        id2.latest,
        "the cursor went back"
    );
    assert_eq!(
        served(&second) - before,
        id2.latest,
        "pulled from the start"
    );
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    drop(first);
}

#[test]
fn an_address_of_another_database_is_refused_naming_both() {
    let (dir, data, [ta]) = acme(["Anne"]);
    let (mut first, url1, mut a) = origin_synced(dir.path(), &data, &ta, None);
    // A copy restored elsewhere: the same workspace id and tokens, another
    // generation.
    let file = dir.path().join("backup.sqlite3");
    admin(&data, &["backup", "--to", file.to_str().unwrap()]);
    let data2 = dir.path().join("data2");
    admin(&data2, &["restore", "--from", file.to_str().unwrap()]);
    let copy = Server::start(&data2, &[], &[]);
    let url2 = copy.url("acme");

    let both = client(&[&url1, &url2], &ta);
    sync_with(&mut a, &both, None).unwrap();
    let held = client(&[&url2], &ta).identity().unwrap().unwrap();
    first.kill();
    edit_title(&mut a, "8.1", "Må ikke nå kopien");
    let err = sync_with(&mut a, &both, None).unwrap_err();
    assert!(matches!(err, ServerError::OtherAddress { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains(&url1) && message.contains(&url2),
        "{message}"
    );
    let after = client(&[&url2], &ta).identity().unwrap().unwrap();
    assert_eq!(after.latest, held.latest, "nothing went to the copy");
}

#[test]
fn a_down_address_is_left_for_the_next_and_named_when_all_are_down() {
    let (dir, data, [ta]) = acme(["Anne"]);
    let (server, url, mut a) = origin_synced(dir.path(), &data, &ta, None);
    let down = closed();

    // Requests and the event stream move on to the address that answers.
    let c = client(&[&down, &url], &ta);
    edit_title(&mut a, "8.1", "Gennem den anden");
    sync_with(&mut a, &c, None).unwrap();
    assert_eq!(c.url(), url);
    let listener = client(&[&down, &url], &ta);
    let err = listener.listen(Duration::from_secs(2), &mut |_| false);
    assert!(
        matches!(&err, Err(ServerError::Unreachable { url, .. }) if *url == down),
        "{err:?}"
    );
    let mut heard = None;
    listener
        .listen(Duration::from_secs(5), &mut |news| {
            heard = Some(news);
            false
        })
        .unwrap();
    assert!(matches!(heard, Some(News::Latest(n)) if n > 0), "{heard:?}");

    // All down: the error names the address tried last.
    let other = closed();
    drop(server);
    let err = sync_with(&mut a, &client(&[&down, &other], &ta), None).unwrap_err();
    assert!(
        matches!(&err, ServerError::Unreachable { url, attempts: 4, .. } if *url == other),
        "{err}"
    );
}
