//! A passphrase change through the real server: a key record (the new
//! epoch, earlier keys sealed inside) is stored next to the marker; the old
//! passphrase then gets "was changed", the new one reads everything, also
//! for a member who joins later with only the new one; the server holds
//! neither passphrase.

mod common;

use std::cell::RefCell;

use common::{
    acme_on, contains, edit_title, join, join_as, on_both, origin_synced_on, stored_bytes, Rows,
};
use steerco_domain::SystemClock;
use steerco_sync::server::{change_passphrase_via, Client};
use steerco_sync::{join_server, sync_server};

const OLD: &str = "gammel adgangsfrase";
const NEW: &str = "ny og længere adgangsfrase";

on_both!(a_passphrase_change_through_the_server_reseals_what_follows);
fn a_passphrase_change_through_the_server_reseals_what_follows(rows: &Rows) {
    let (dir, data, [ta, tb, tc]) = acme_on(rows, ["Anne", "Bent", "Carl"]);
    let (server, url, mut a) = origin_synced_on(rows, dir.path(), &data, &ta, Some(OLD));
    let mut b = join_as(&dir.path().join("b.steerco"), &url, &tb, Some(OLD), "Bent");

    // Anne changes it; her next edit goes out under the new key.
    let client = Client::new(&url, &ta).unwrap();
    change_passphrase_via(&RefCell::new(&mut a), &client, OLD, NEW).unwrap();
    let keys = client.keys().unwrap();
    assert_eq!(keys.len(), 1, "one key record");
    assert!(keys[0].0.starts_with("epoch-000001-"), "{}", keys[0].0);
    edit_title(&mut a, "8.1", "Efter skiftet");
    sync_server(&mut a, &url, &ta, Some(NEW)).unwrap();

    // The old passphrase is told it was changed, and nothing is applied.
    let before = b.export_json().unwrap();
    let err = sync_server(&mut b, &url, &tb, Some(OLD)).unwrap_err();
    assert_eq!(err.code(), "passphrase_changed", "{err}");
    assert_eq!(b.export_json().unwrap(), before);
    // A wrong one is wrong.
    let err = sync_server(&mut b, &url, &tb, Some("helt forkert")).unwrap_err();
    assert_eq!(err.code(), "wrong_passphrase", "{err}");
    // The new one reads it.
    sync_server(&mut b, &url, &tb, Some(NEW)).unwrap();
    assert!(b.export_json().unwrap().contains("Efter skiftet"));
    edit_title(&mut b, "9.1", "Bent under den nye");
    sync_server(&mut b, &url, &tb, Some(NEW)).unwrap();
    sync_server(&mut a, &url, &ta, Some(NEW)).unwrap();
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());

    // A member who joins now, with only the new passphrase, gets everything:
    // the segments sealed before the change and after it.
    let c = join(&dir.path().join("c.steerco"), &url, &tc, Some(NEW));
    assert_eq!(c.export_json().unwrap(), a.export_json().unwrap());
    let Err(err) = join_server(
        &dir.path().join("d.steerco"),
        &url,
        &tc,
        Some(OLD),
        Box::new(SystemClock),
    ) else {
        panic!("joined with the old passphrase");
    };
    assert_eq!(err.code(), "passphrase_changed");
    assert!(!dir.path().join("d.steerco").exists(), "nothing created");

    // The server holds no passphrase and no readable title.
    drop(server);
    let bytes = stored_bytes(rows, &data);
    for needle in [OLD, NEW, "Efter skiftet", "Bent under den nye"] {
        assert!(
            !contains(&bytes, needle.as_bytes()),
            "{needle:?} on the server"
        );
    }
}
