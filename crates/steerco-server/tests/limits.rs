//! The limits of weaker files through the real server, as in a folder: a
//! segment of the first format (its header not authenticated) counts only
//! when this replica's first pull in this version found it on the server; a
//! segment sealed with an earlier passphrase only when the first pull that
//! knew the new one found it. Later ones are set aside with the reason, their
//! writer's later segments wait, and every other member's still apply.

mod common;

use std::cell::RefCell;

use common::{acme_on, edit_title, has, join_as, on_both, origin_synced_on, own_changes, Rows};
use steerco_store::Store;
use steerco_sync::crypto::Key;
use steerco_sync::server::{change_passphrase_via, Client};
use steerco_sync::{segment, sync_server, SyncReport};

const OLD: &str = "gammel adgangsfrase";
const NEW: &str = "ny og længere adgangsfrase";

/// Dora's client writes her segments itself (an old version, or someone
/// with the old passphrase): her changes after her own change `since` as
/// segment `seq`, pushed; the last change it holds.
struct ByHand {
    client: Client,
    sent: i64,
}

impl ByHand {
    fn push(&mut self, dora: &Store, seq: u64, legacy: bool, key: Option<&Key>) {
        let own = own_changes(dora, self.sent);
        assert!(!own.changes.is_empty(), "nothing new of Dora's");
        let bytes = if legacy {
            let covers = Default::default();
            let (ws, replica, changes) = (&own.workspace, &own.replica, &own.changes);
            segment::encode_legacy(segment::FORMAT, ws, replica, seq, changes, key, covers).unwrap()
        } else {
            own.segment(seq, key)
        };
        self.client.push(&bytes, seq).unwrap();
        self.sent = own.last;
    }
}

/// The reasons of what `report` set aside.
fn reasons(report: &SyncReport) -> Vec<String> {
    report
        .set_aside
        .iter()
        .map(|(_, why)| why.clone())
        .collect()
}

on_both!(an_old_format_segment_after_the_upgrade_is_set_aside_and_others_still_apply);
fn an_old_format_segment_after_the_upgrade_is_set_aside_and_others_still_apply(rows: &Rows) {
    let (dir, data, [ta, tb, td]) = acme_on(rows, ["Anne", "Bent", "Dora"]);
    let (_server, url, mut a) = origin_synced_on(rows, dir.path(), &data, &ta, None);
    let mut d = join_as(&dir.path().join("d.steerco"), &url, &td, None, "Dora");
    let mut dora = ByHand {
        client: Client::new(&url, &td).unwrap(),
        sent: 0,
    };
    // Dora still runs the first format; her segment 1 is on the server
    // before Bent first pulls with this version.
    edit_title(&mut d, "7.1", "Dora i det gamle format");
    dora.push(&d, 1, true, None);
    let mut b = join_as(&dir.path().join("b.steerco"), &url, &tb, None, "Bent");
    assert!(has(&b, "Dora i det gamle format"), "known at the upgrade");

    // Later ones in the first format are not; her next segment, in today's
    // format, waits behind the one set aside; Anne's edit still applies.
    edit_title(&mut d, "7.1", "Dora efter opgraderingen");
    dora.push(&d, 2, true, None);
    edit_title(&mut d, "7.1", "Dora i det nye format");
    dora.push(&d, 3, false, None);
    edit_title(&mut a, "9.1", "Anne imens");
    let at_a = sync_server(&mut a, &url, &ta, None).unwrap();
    let report = sync_server(&mut b, &url, &tb, None).unwrap();
    assert_eq!(report.set_aside.len(), 1, "{:?}", report.set_aside);
    assert!(report.set_aside[0].0.to_string_lossy().starts_with(&url));
    assert!(reasons(&report)[0].contains("old segment format"));
    assert!(has(&b, "Anne imens"), "another member was held back");
    assert!(has(&b, "Dora i det gamle format"));
    assert!(!has(&b, "Dora efter opgraderingen"));
    assert!(
        !has(&b, "Dora i det nye format"),
        "went before the one set aside"
    );
    // The limit is kept: the next sync sets it aside again.
    let again = sync_server(&mut b, &url, &tb, None).unwrap();
    assert_eq!(reasons(&again), reasons(&report));
    assert!(!has(&b, "Dora efter opgraderingen"));

    // Anne upgraded before Dora's first segment was made: not even that one.
    assert!(
        reasons(&at_a)
            .iter()
            .any(|w| w.contains("old segment format")),
        "{:?}",
        at_a.set_aside
    );
    assert!(!has(&a, "Dora i det gamle format"));
}

on_both!(an_old_passphrase_segment_after_the_change_is_set_aside_and_others_still_apply);
fn an_old_passphrase_segment_after_the_change_is_set_aside_and_others_still_apply(rows: &Rows) {
    let (dir, data, [ta, tb, td]) = acme_on(rows, ["Anne", "Bent", "Dora"]);
    let (_server, url, mut a) = origin_synced_on(rows, dir.path(), &data, &ta, Some(OLD));
    let mut b = join_as(&dir.path().join("b.steerco"), &url, &tb, Some(OLD), "Bent");
    let mut d = join_as(&dir.path().join("d.steerco"), &url, &td, Some(OLD), "Dora");
    edit_title(&mut d, "7.1", "Dora før skiftet");
    sync_server(&mut d, &url, &td, Some(OLD)).unwrap();
    let ws = d.workspace().unwrap().id;
    let client = Client::new(&url, &td).unwrap();
    let marker = client.marker().unwrap().unwrap();
    let old_key = marker.encryption.unwrap().unlock(OLD, &ws).unwrap();
    let sent = own_changes(&d, 0).last;
    let mut dora = ByHand { client, sent };

    // Anne changes the passphrase. Dora, not told, seals her next segment
    // with the old one before Bent has seen the change: it counts.
    let anne = Client::new(&url, &ta).unwrap();
    change_passphrase_via(&RefCell::new(&mut a), &anne, OLD, NEW).unwrap();
    edit_title(&mut d, "7.1", "Dora før Bent vidste det");
    dora.push(&d, 2, false, Some(&old_key));
    let first = sync_server(&mut b, &url, &tb, Some(NEW)).unwrap();
    assert!(first.set_aside.is_empty(), "{:?}", first.set_aside);
    assert!(has(&b, "Dora før Bent vidste det"));

    // One sealed with the old passphrase after that does not; Anne's edit
    // under the new one applies.
    edit_title(&mut d, "7.1", "Dora med den gamle bagefter");
    dora.push(&d, 3, false, Some(&old_key));
    edit_title(&mut a, "9.1", "Anne under den nye");
    sync_server(&mut a, &url, &ta, Some(NEW)).unwrap();
    let report = sync_server(&mut b, &url, &tb, Some(NEW)).unwrap();
    assert_eq!(report.set_aside.len(), 1, "{:?}", report.set_aside);
    assert!(reasons(&report)[0].contains("earlier passphrase (key epoch 0)"));
    assert!(
        has(&b, "Anne under den nye"),
        "another member was held back"
    );
    assert!(!has(&b, "Dora med den gamle bagefter"));
    let again = sync_server(&mut b, &url, &tb, Some(NEW)).unwrap();
    assert_eq!(reasons(&again), reasons(&report));
}
