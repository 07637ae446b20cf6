//! Folder sync through real folders and real workspace files.

use std::path::Path;

#[path = "common/net.rs"]
mod net;
use net::{walk, Net};

use steerco_domain::{Dimension, Rag, SystemClock};
use steerco_store::ops::initiative::{InitiativeEdit, NewInitiative};
use steerco_store::ops::status::NewStatus;
use steerco_store::{NewWorkspace, Store};
use steerco_sync::folder::join_folder;
use steerco_sync::{sync_folder, SyncError};

fn origin(net: &Net) -> Store {
    let mut a =
        Store::create(&net.ws("a"), NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    a.set_me("Anne").unwrap();
    a.load_demo().unwrap();
    a
}

fn join(net: &Net, name: &str, who: &str) -> Store {
    let (mut s, report) =
        join_folder(&net.ws(name), &net.folder(), None, Box::new(SystemClock)).unwrap();
    assert!(report.set_aside.is_empty(), "{:?}", report.set_aside);
    s.set_me(who).unwrap();
    s
}

fn edit_title(s: &mut Store, code: &str, title: &str) {
    s.edit_initiative(
        code,
        InitiativeEdit {
            title: Some(title.into()),
            ..Default::default()
        },
    )
    .unwrap();
}

/// Sync everyone until nothing moves (each sync sends and receives).
fn settle(stores: &mut [&mut Store], folder: &Path) {
    for _ in 0..3 {
        for s in stores.iter_mut() {
            let r = sync_folder(s, folder, None).unwrap();
            assert!(r.set_aside.is_empty(), "{:?}", r.set_aside);
        }
    }
}

#[test]
fn a_joined_replica_gets_the_whole_workspace_and_edits_flow_both_ways() {
    let net = Net::new();
    let mut a = origin(&net);
    let r = sync_folder(&mut a, &net.folder(), None).unwrap();
    assert!(r.sent > 100 && r.segments_written == 1, "{r:?}");
    let mut b = join(&net, "b", "Bent");
    assert_ne!(a.replica(), b.replica());

    b.add_status(
        "8.1",
        NewStatus {
            dimension: Dimension::Cost,
            rag: Rag::Red,
            reason: Some("Over".into()),
            date: None,
            sample: false,
        },
    )
    .unwrap();
    edit_title(&mut a, "9.1", "Ny titel fra A");
    settle(&mut [&mut a, &mut b], &net.folder());
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    let p = a.portfolio().unwrap();
    let i = p.initiatives.iter().find(|i| i.code == "8.1").unwrap();
    assert_eq!(i.status[&Dimension::Cost].rag, Rag::Red);
    // A sync with nothing new sends and applies nothing.
    let again = sync_folder(&mut a, &net.folder(), None).unwrap();
    assert_eq!((again.sent, again.segments_applied), (0, 0));
}

#[test]
fn concurrent_edits_converge_and_keep_the_losing_value() {
    let net = Net::new();
    let mut a = origin(&net);
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let mut b = join(&net, "b", "Bent");
    let mut c = join(&net, "c", "Cecilie");
    sync_folder(&mut b, &net.folder(), None).unwrap();
    // Offline, all three edit the same title.
    edit_title(&mut a, "8.1", "Titel A");
    edit_title(&mut b, "8.1", "Titel B");
    edit_title(&mut c, "8.1", "Titel C");
    // The plan says what a sync would do, and changes nothing.
    sync_folder(&mut b, &net.folder(), None).unwrap();
    let before = a.export_json().unwrap();
    let plan = steerco_sync::plan_folder(&mut a, &net.folder(), None).unwrap();
    assert_eq!(plan.to_send, 1);
    assert_eq!(
        plan.incoming.len(),
        2,
        "B's person and its title edit: {plan:?}"
    );
    assert_eq!(plan.preview.conflicts, 1, "B's title meets A's");
    assert_eq!(a.export_json().unwrap(), before);
    assert!(a.conflicts().unwrap().is_empty());
    settle(&mut [&mut a, &mut b, &mut c], &net.folder());
    let ea = a.export_json().unwrap();
    assert_eq!(ea, b.export_json().unwrap());
    assert_eq!(ea, c.export_json().unwrap());
    // Whatever won, the other two titles are kept as conflicts on every replica
    // that saw them lose.
    let title = a
        .portfolio()
        .unwrap()
        .initiatives
        .into_iter()
        .find(|i| i.code == "8.1")
        .unwrap()
        .title
        .unwrap();
    for s in [&a, &b, &c] {
        let mut kept: Vec<String> = s
            .conflicts()
            .unwrap()
            .into_iter()
            .filter_map(|c| c.loser_value)
            .collect();
        kept.push(title.clone());
        for t in ["Titel A", "Titel B", "Titel C"] {
            assert!(
                kept.iter().any(|k| k == t),
                "{t} lost on a replica: {kept:?}"
            );
        }
    }
}

#[test]
fn truncated_duplicated_and_stray_files_are_tolerated() {
    let net = Net::new();
    let mut a = origin(&net);
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let mut b = join(&net, "b", "Bent");
    a.add_initiative(NewInitiative {
        code: "10.1".into(),
        title: "Nyt".into(),
        ..Default::default()
    })
    .unwrap();
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let seg = net
        .folder()
        .join(a.replica().to_string())
        .join("0000000002.seg");
    let good = std::fs::read(&seg).unwrap();
    // A cloud drive delivers half the file, plus OS litter and a conflict copy.
    std::fs::write(&seg, &good[..good.len() / 2]).unwrap();
    std::fs::write(net.folder().join("desktop.ini"), "[.ShellClassInfo]").unwrap();
    // A file from a newer Steerco in the same replica folder, claiming the next number.
    let newer = seg.with_file_name("0000000002 (2).seg");
    std::fs::write(&newer, b"{\"format\":\"steerco-segment\",\"version\":9,\"workspace\":\"x\",\"replica\":\"y\",\"seq\":2,\"count\":0,\"sha256\":\"\"}\n[]").unwrap();
    std::fs::write(
        net.folder().join(a.replica().to_string()).join(".DS_Store"),
        [0u8; 8],
    )
    .unwrap();
    let before = b.export_json().unwrap();
    let r = sync_folder(&mut b, &net.folder(), None).unwrap();
    assert_eq!(r.set_aside.len(), 2, "{:?}", r.set_aside);
    let why = |name: &str| {
        r.set_aside
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .map(|(_, w)| w.clone())
            .unwrap()
    };
    assert!(why("0000000002.seg").contains("checksum"));
    assert!(why("0000000002 (2).seg").contains("newer Steerco"));
    assert_eq!(
        b.export_json().unwrap(),
        before,
        "nothing of a bad file applied"
    );
    // The good copy arrives as "name (1).seg": applied, once.
    std::fs::write(seg.with_file_name("0000000002 (1).seg"), &good).unwrap();
    let r = sync_folder(&mut b, &net.folder(), None).unwrap();
    assert_eq!(r.segments_applied, 1, "{r:?}");
    assert!(b.find_initiative("10.1").is_ok());
    let r = sync_folder(&mut b, &net.folder(), None).unwrap();
    assert_eq!(r.segments_applied, 0);
}

#[test]
fn a_folder_of_another_workspace_is_refused() {
    let net = Net::new();
    let mut a = origin(&net);
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let mut other = Store::create(
        &net.ws("other"),
        NewWorkspace::default(),
        Box::new(SystemClock),
    )
    .unwrap();
    other.set_me("Olga").unwrap();
    let before = std::fs::read_dir(net.folder()).unwrap().count();
    let err = sync_folder(&mut other, &net.folder(), None).unwrap_err();
    assert!(matches!(err, SyncError::OtherWorkspace { .. }), "{err}");
    assert_eq!(
        std::fs::read_dir(net.folder()).unwrap().count(),
        before,
        "nothing written"
    );
}

#[test]
fn an_encrypted_folder_holds_no_readable_text_and_needs_the_passphrase() {
    let net = Net::new();
    let mut a = origin(&net);
    edit_title(&mut a, "8.1", "Fortroligt punkt om udbud");
    let r = sync_folder(&mut a, &net.folder(), Some("hemmelig sætning")).unwrap();
    assert!(r.sent > 0);
    // No byte of the folder shows a title.
    for seg in std::fs::read_dir(net.folder().join(a.replica().to_string())).unwrap() {
        let bytes = std::fs::read(seg.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Fortroligt") && !text.contains("Gode data"),
            "plaintext in the folder"
        );
    }
    // Wrong or missing passphrase: a clear error and no workspace file made.
    let err = join_folder(
        &net.ws("b"),
        &net.folder(),
        Some("forkert"),
        Box::new(SystemClock),
    )
    .err()
    .unwrap();
    assert_eq!(err.code(), "wrong_passphrase", "{err}");
    assert!(!net.ws("b").exists());
    let err = join_folder(&net.ws("b"), &net.folder(), None, Box::new(SystemClock))
        .err()
        .unwrap();
    assert_eq!(err.code(), "needs_passphrase", "{err}");
    // The right one joins and converges.
    let (mut b, _) = join_folder(
        &net.ws("b"),
        &net.folder(),
        Some("hemmelig sætning"),
        Box::new(SystemClock),
    )
    .unwrap();
    b.set_me("Bent").unwrap();
    edit_title(&mut b, "9.1", "Fra B");
    sync_folder(&mut b, &net.folder(), Some("hemmelig sætning")).unwrap();
    let before = a.export_json().unwrap();
    let err = sync_folder(&mut a, &net.folder(), Some("forkert"))
        .err()
        .unwrap();
    assert_eq!(err.code(), "wrong_passphrase");
    assert_eq!(
        a.export_json().unwrap(),
        before,
        "nothing applied with a wrong passphrase"
    );
    sync_folder(&mut a, &net.folder(), Some("hemmelig sætning")).unwrap();
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    // A plain folder refuses a passphrase rather than mixing plain and sealed files.
    let plain = net.root.join("plain");
    let mut c =
        Store::create(&net.ws("c"), NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    c.set_me("C").unwrap();
    sync_folder(&mut c, &plain, None).unwrap();
    assert_eq!(
        sync_folder(&mut c, &plain, Some("x")).err().unwrap().code(),
        "not_encrypted"
    );
}

#[test]
fn concurrent_edits_of_a_description_merge_by_line_or_conflict() {
    let net = Net::new();
    let mut a = origin(&net);
    let desc = |s: &mut Store, text: &str| {
        s.edit_initiative(
            "8.1",
            InitiativeEdit {
                description: Some(Some(text.into())),
                ..Default::default()
            },
        )
        .unwrap()
    };
    desc(&mut a, "Formål\nOmfang\nTidsplan\nRisici");
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let mut b = join(&net, "b", "Bent");
    let mut c = join(&net, "c", "Cecilie");
    // Three people edit different lines offline.
    desc(&mut a, "Formål: bedre data\nOmfang\nTidsplan\nRisici");
    desc(&mut b, "Formål\nOmfang\nTidsplan: 2027\nRisici");
    desc(&mut c, "Formål\nOmfang\nTidsplan\nRisici: leverandør");
    settle(&mut [&mut a, &mut b, &mut c], &net.folder());
    let want = "Formål: bedre data\nOmfang\nTidsplan: 2027\nRisici: leverandør";
    for s in [&a, &b, &c] {
        let id = s.find_initiative("8.1").unwrap();
        assert_eq!(
            s.initiative(&id).unwrap().description.as_deref(),
            Some(want)
        );
        assert!(s.conflicts().unwrap().is_empty(), "merged, no conflict");
    }
    // The same line changed two ways: one wins, the other is kept as a conflict.
    desc(
        &mut a,
        "Formål: A\nOmfang\nTidsplan: 2027\nRisici: leverandør",
    );
    desc(
        &mut b,
        "Formål: B\nOmfang\nTidsplan: 2027\nRisici: leverandør",
    );
    settle(&mut [&mut a, &mut b, &mut c], &net.folder());
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    assert_eq!(a.export_json().unwrap(), c.export_json().unwrap());
    let kept: Vec<_> = a
        .conflicts()
        .unwrap()
        .into_iter()
        .filter(|c| c.field == "description")
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
}

#[test]
fn compaction_bounds_the_files_and_members_catch_up_from_a_snapshot() {
    use steerco_sync::{sync_folder_with, Compaction};
    let net = Net::new();
    let keep = Compaction { keep_segments: 3 };
    let mut a = origin(&net);
    sync_folder_with(&mut a, &net.folder(), None, keep).unwrap();
    let mut behind = join(&net, "behind", "Bo");
    let mut wrote_snapshot = false;
    for n in 0..12 {
        edit_title(&mut a, "8.1", &format!("Titel {n}"));
        let r = sync_folder_with(&mut a, &net.folder(), None, keep).unwrap();
        wrote_snapshot |= r.snapshot.is_some();
        let files = std::fs::read_dir(net.folder().join(a.replica().to_string()))
            .unwrap()
            .count();
        assert!(
            files <= keep.keep_segments + 1,
            "{files} files after edit {n}"
        );
    }
    assert!(wrote_snapshot);
    // A member that last synced long ago, and a new one, catch up.
    let r = sync_folder_with(&mut behind, &net.folder(), None, keep).unwrap();
    assert_eq!(r.snapshots_applied, 1, "{r:?}");
    let title = |s: &Store| {
        s.initiative(&s.find_initiative("8.1").unwrap())
            .unwrap()
            .summary
            .title
    };
    assert_eq!(title(&behind).as_deref(), Some("Titel 11"));
    let mut fresh = join(&net, "fresh", "Frida");
    assert_eq!(title(&fresh).as_deref(), Some("Titel 11"));
    // Their own new rows (who they are) flow back; then all three are equal.
    settle(&mut [&mut a, &mut behind, &mut fresh], &net.folder());
    assert_eq!(behind.export_json().unwrap(), a.export_json().unwrap());
    assert_eq!(fresh.export_json().unwrap(), a.export_json().unwrap());
}

#[test]
fn conflicts_and_their_resolutions_sync_and_are_in_the_export() {
    use steerco_store::merge::Resolution;
    let net = Net::new();
    let mut a = origin(&net);
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let mut b = join(&net, "b", "Bent");
    // C's clock runs a minute ahead (within the guard): its own record of
    // the conflict is stamped after A's resolution, which must still win.
    let ahead = chrono::Utc::now() + chrono::Duration::seconds(60);
    let (mut c, _) = join_folder(
        &net.ws("c"),
        &net.folder(),
        None,
        Box::new(steerco_domain::clock::FixedClock(ahead)),
    )
    .unwrap();
    edit_title(&mut a, "8.1", "Titel A");
    edit_title(&mut b, "8.1", "Titel B");
    sync_folder(&mut a, &net.folder(), None).unwrap();
    sync_folder(&mut b, &net.folder(), None).unwrap();
    sync_folder(&mut a, &net.folder(), None).unwrap();
    // Both detected the same conflict and hold one record of it, sent at once
    // (nothing waits for the next sync).
    assert_eq!(a.sync_status().unwrap().unsent, 0);
    assert_eq!(b.sync_status().unwrap().unsent, 0);
    let ca = a.conflicts().unwrap();
    let cb = b.conflicts().unwrap();
    assert_eq!(ca.len(), 1, "{ca:?}");
    assert_eq!(ca[0].id, cb[0].id);
    // Named as people name it: the initiative's code and (current) title.
    let subject = ca[0].subject.as_deref().unwrap_or_default();
    assert!(subject.starts_with("8.1 Titel "), "{subject:?}");
    // A keeps its own title; the resolution travels as data.
    a.resolve_conflict(&ca[0].id, Resolution::Mine).unwrap();
    sync_folder(&mut a, &net.folder(), None).unwrap();
    // C, offline until now, detects the conflict itself while catching up.
    sync_folder(&mut c, &net.folder(), None).unwrap();
    settle(&mut [&mut a, &mut b, &mut c], &net.folder());
    let ea = a.export_json().unwrap();
    assert_eq!(ea, b.export_json().unwrap());
    assert_eq!(ea, c.export_json().unwrap());
    for s in [&a, &b, &c] {
        let all = s.conflicts().unwrap();
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(all[0].resolved, "a late detection reopened it: {all:?}");
        assert_eq!(all[0].resolution.as_deref(), Some("mine"));
        assert_eq!(s.sync_status().unwrap().open_conflicts, 0);
    }
    let doc: serde_json::Value = serde_json::from_str(&ea).unwrap();
    let rows = doc["tables"]["conflict"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["resolved"], 1);
    let title = a
        .portfolio()
        .unwrap()
        .initiatives
        .into_iter()
        .find(|i| i.code == "8.1")
        .unwrap()
        .title;
    assert_eq!(title.as_deref(), Some("Titel A"));
}

#[test]
fn a_join_reports_real_progress_of_its_import() {
    use std::sync::{Arc, Mutex};
    let net = Net::new();
    let mut a = origin(&net);
    // Enough changes for several progress steps.
    for i in 0..1500 {
        edit_title(&mut a, "8.1", &format!("Titel {i}"));
    }
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let seen: Arc<Mutex<Vec<(usize, usize)>>> = Arc::default();
    let log = seen.clone();
    let (b, _) = steerco_sync::folder::join_folder_with(
        &net.ws("b"),
        &net.folder(),
        None,
        Box::new(SystemClock),
        Some(Box::new(move |done, total| {
            log.lock().unwrap().push((done, total))
        })),
    )
    .unwrap();
    let seen = seen.lock().unwrap();
    let total = a.all_changes().unwrap().len();
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(seen.iter().all(|(_, t)| *t == total), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    assert_eq!(seen.last(), Some(&(total, total)));
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
}

#[test]
fn changing_the_passphrase_reseals_and_the_old_one_stops_working() {
    use steerco_sync::change_passphrase;
    let net = Net::new();
    let (old, new) = ("gammel sætning", "ny og længere sætning");
    let mut a = origin(&net);
    sync_folder(&mut a, &net.folder(), Some(old)).unwrap();
    let (mut b, _) = join_folder(
        &net.ws("b"),
        &net.folder(),
        Some(old),
        Box::new(SystemClock),
    )
    .unwrap();
    b.set_me("Bent").unwrap();
    edit_title(&mut b, "9.1", "Skrevet under den gamle");
    sync_folder(&mut b, &net.folder(), Some(old)).unwrap();

    // A wrong old passphrase changes nothing.
    let err = change_passphrase(&mut a, &net.folder(), "forkert", new).unwrap_err();
    assert_eq!(err.code(), "wrong_passphrase", "{err}");
    assert!(!net.folder().join("keys").exists());

    change_passphrase(&mut a, &net.folder(), old, new).unwrap();
    // A's files are now one snapshot sealed in the new epoch.
    let own: Vec<_> = std::fs::read_dir(net.folder().join(a.replica().to_string()))
        .unwrap()
        .map(|f| f.unwrap().path())
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    let header = steerco_sync::segment::header(&std::fs::read(&own[0]).unwrap()).unwrap();
    assert_eq!(
        (header.format.as_str(), header.epoch),
        ("steerco-snapshot", 1)
    );

    // B with the old passphrase: told it changed, nothing applied.
    edit_title(&mut a, "8.1", "Skrevet under den nye");
    sync_folder(&mut a, &net.folder(), Some(new)).unwrap();
    let before = b.export_json().unwrap();
    let err = sync_folder(&mut b, &net.folder(), Some(old)).unwrap_err();
    assert_eq!(err.code(), "passphrase_changed", "{err}");
    assert_eq!(b.export_json().unwrap(), before);
    // With the new one B reads everything, and its files sealed under the
    // old key stay readable to a member who joins now.
    sync_folder(&mut b, &net.folder(), Some(new)).unwrap();
    let err = join_folder(
        &net.ws("c"),
        &net.folder(),
        Some(old),
        Box::new(SystemClock),
    )
    .err()
    .unwrap();
    assert_eq!(err.code(), "passphrase_changed");
    let (c, report) = join_folder(
        &net.ws("c"),
        &net.folder(),
        Some(new),
        Box::new(SystemClock),
    )
    .unwrap();
    assert!(report.set_aside.is_empty(), "{:?}", report.set_aside);
    sync_folder(&mut a, &net.folder(), Some(new)).unwrap();
    let ea = a.export_json().unwrap();
    assert_eq!(ea, b.export_json().unwrap());
    assert_eq!(ea, c.export_json().unwrap());
    assert!(ea.contains("Skrevet under den gamle") && ea.contains("Skrevet under den nye"));
    // Still no plaintext anywhere in the folder.
    let mut dirs = vec![net.folder()];
    while let Some(d) = dirs.pop() {
        for f in std::fs::read_dir(d).unwrap() {
            let p = f.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                assert!(!text.contains("Skrevet under"), "plaintext in {p:?}");
            }
        }
    }
}

#[test]
fn concurrent_agenda_reorders_converge_to_one_order() {
    let net = Net::new();
    let mut a = origin(&net);
    a.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    let at = a.parse_datetime("2026-03-02T10:00").unwrap();
    let m = a.add_meeting("Styregruppen", "Møde", at, 90).unwrap();
    for t in ["Punkt A", "Punkt B", "Punkt C", "Punkt D"] {
        a.add_agenda_item(&m, t, None, None, None, false).unwrap();
    }
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let mut b = join(&net, "b", "Bent");
    // Offline, A moves D to the top and B moves A to the end (and both
    // touch C), then they sync.
    a.move_agenda_item(&m, "5", 1).unwrap();
    a.move_agenda_item(&m, "4", 2).unwrap();
    b.move_agenda_item(&m, "2", 5).unwrap();
    b.move_agenda_item(&m, "3", 1).unwrap();
    settle(&mut [&mut a, &mut b], &net.folder());
    let order = |s: &Store| -> Vec<String> {
        s.meeting(&m)
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.title)
            .collect()
    };
    assert_eq!(order(&a), order(&b));
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    assert_eq!(order(&a).len(), 5, "no item lost or doubled");
}

#[test]
fn closed_agenda_items_sync_only_to_an_encrypted_folder() {
    let net = Net::new();
    let mut a = origin(&net);
    sync_folder(&mut a, &net.folder(), None).unwrap();
    a.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    let at = a.parse_datetime("2026-03-02T10:00").unwrap();
    let m = a.add_meeting("Styregruppen", "Møde", at, 90).unwrap();
    a.add_agenda_item(&m, "Fortroligt: udbudsstrategi", None, None, None, true)
        .unwrap();
    let files = |dir: &Path| walk(dir).len();
    let before = files(&net.folder());
    let err = sync_folder(&mut a, &net.folder(), None).unwrap_err();
    assert_eq!(err.code(), "closed_items_need_encryption", "{err}");
    assert_eq!(files(&net.folder()), before, "nothing written");
    // An encrypted folder takes it, and no byte there shows the title.
    let sealed = net.root.join("sealed");
    sync_folder(&mut a, &sealed, Some("hemmelig sætning")).unwrap();
    for f in walk(&sealed) {
        let bytes = std::fs::read(&f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("udbudsstrategi"), "{f:?}");
        let utf16: Vec<u8> = "udbudsstrategi"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert!(!bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()));
    }
}

#[test]
fn an_outcome_arriving_after_approval_is_flagged_until_a_reopen() {
    use steerco_store::merge::Resolution;
    use steerco_store::ops::meeting::NewOutcome;
    let net = Net::new();
    let mut a = origin(&net);
    a.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    let at = a.parse_datetime("2026-03-02T10:00").unwrap();
    let m = a.add_meeting("Styregruppen", "Møde", at, 90).unwrap();
    a.add_agenda_item(&m, "Status", None, None, None, false)
        .unwrap();
    a.set_meeting_state(&m, "open", None).unwrap();
    a.set_meeting_state(&m, "in-progress", None).unwrap();
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let mut b = join(&net, "b", "Bent");
    // Offline: B adds to the minutes while A closes and approves them.
    b.add_outcome(&m, "2", NewOutcome::Note("Bents sene note".into()))
        .unwrap();
    a.set_meeting_state(&m, "closed", None).unwrap();
    a.set_meeting_state(&m, "approved", None).unwrap();
    settle(&mut [&mut a, &mut b], &net.folder());
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
    for s in [&a, &b] {
        let open: Vec<_> = s
            .conflicts()
            .unwrap()
            .into_iter()
            .filter(|c| !c.resolved)
            .collect();
        assert_eq!(open.len(), 1, "{open:?}");
        assert_eq!(
            (open[0].table.as_str(), open[0].field.as_str()),
            ("meeting", "minutes")
        );
    }
    let id = a.conflicts().unwrap()[0].id.clone();
    let err = a.resolve_conflict(&id, Resolution::Mine).unwrap_err();
    assert!(err.to_string().contains("reopen"), "{err}");
    a.set_meeting_state(&m, "reopened", Some("Bents note kom efter godkendelsen"))
        .unwrap();
    a.resolve_conflict(&id, Resolution::Mine).unwrap();
    settle(&mut [&mut a, &mut b], &net.folder());
    assert_eq!(b.sync_status().unwrap().open_conflicts, 0);
    assert_eq!(a.export_json().unwrap(), b.export_json().unwrap());
}

/// A clock a test moves forward (the receiving member's, below).
#[derive(Clone)]
struct Moving(std::sync::Arc<std::sync::Mutex<chrono::DateTime<chrono::Utc>>>);

impl steerco_domain::Clock for Moving {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        *self.0.lock().unwrap()
    }
}

/// #16 point 5 through a real folder: a change stamped 30 days ahead of the
/// receiver is parked (the receiver's clock stays), and a later sync that
/// brings nothing new applies it once the receiver's clock has caught up.
#[test]
fn a_far_future_change_waits_and_applies_on_a_later_empty_sync() {
    let net = Net::new();
    let clock = Moving(std::sync::Arc::new(std::sync::Mutex::new(
        chrono::Utc::now(),
    )));
    let mut a = Store::create(
        &net.ws("a"),
        NewWorkspace::default(),
        Box::new(clock.clone()),
    )
    .unwrap();
    a.set_me("Anne").unwrap();
    a.load_demo().unwrap();
    sync_folder(&mut a, &net.folder(), None).unwrap();
    let ahead = chrono::Utc::now() + chrono::Duration::days(30);
    let (mut b, _) = join_folder(
        &net.ws("b"),
        &net.folder(),
        None,
        Box::new(steerco_domain::clock::FixedClock(ahead)),
    )
    .unwrap();
    b.set_me("Bent").unwrap();
    edit_title(&mut b, "8.1", "Fra fremtiden");
    sync_folder(&mut b, &net.folder(), None).unwrap();

    let title = |s: &Store| {
        let id = s.find_initiative("8.1").unwrap();
        s.initiative(&id).unwrap().summary.title
    };
    sync_folder(&mut a, &net.folder(), None).unwrap();
    assert_ne!(
        title(&a).as_deref(),
        Some("Fra fremtiden"),
        "parked, not applied"
    );
    assert!(a.has_pending().unwrap());

    *clock.0.lock().unwrap() = ahead + chrono::Duration::minutes(1);
    let report = sync_folder(&mut a, &net.folder(), None).unwrap();
    assert_eq!(report.segments_applied, 0, "nothing new arrived");
    assert_eq!(title(&a).as_deref(), Some("Fra fremtiden"));
    assert!(!a.has_pending().unwrap());
}
