//! The sync server's addresses in the local setting `sync.server.url`.

use steerco_store::LocalKey;

use crate::{new_store, temp};

#[test]
fn several_addresses_are_kept_in_order_and_an_older_single_one_still_reads() {
    let dir = temp();
    let (store, _) = new_store(dir.path(), "ws");
    assert!(store.sync_servers().unwrap().is_empty());
    assert!(store.sync_view().unwrap().servers.is_empty());

    // What an older version wrote: one address, nothing else.
    store
        .set_sync_setting(LocalKey::SyncServerUrl, "https://a.example/ws")
        .unwrap();
    assert_eq!(store.sync_servers().unwrap(), ["https://a.example/ws"]);

    let urls = [
        "https://b.example/ws".to_string(),
        "http://10.0.0.5:8700/ws".to_string(),
    ];
    store.set_sync_servers(&urls).unwrap();
    assert_eq!(store.sync_servers().unwrap(), urls);
    assert_eq!(store.sync_view().unwrap().servers, urls);

    store.set_sync_servers(&[]).unwrap();
    assert!(store.sync_servers().unwrap().is_empty());
}
