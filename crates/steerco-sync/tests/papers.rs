//! Papers (attachments' bytes) through real folders and real workspace
//! files: sealed and named by a keyed hash in an encrypted folder, moved after
//! the text, waiting (never blocking) while they have not arrived whole.

#[path = "common/net.rs"]
mod net;
use net::{contains, walk, Net};

use sha2::{Digest, Sha256};
use steerco_domain::SystemClock;
use steerco_store::ops::meeting::AgendaItemEdit;
use steerco_store::{LocalKey, NewWorkspace, Store};
use steerco_sync::folder::join_folder;
use steerco_sync::sync_folder;

const PASS: &str = "en lang og hemmelig sætning";

/// A workspace with a committee Anne chairs, a draft meeting, an open item
/// and a closed one: (store, meeting, open item, closed item).
fn origin(net: &Net) -> (Store, String, String, String) {
    let mut a =
        Store::create(&net.ws("a"), NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    a.set_me("Anne").unwrap();
    a.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    a.add_member("Styregruppen", "Anne", "chair").unwrap();
    let at = a.parse_datetime("2026-03-10T09:00").unwrap();
    let m = a.add_meeting("Styregruppen", "Møde", at, 90).unwrap();
    let open = a
        .add_agenda_item(&m, "Økonomi", None, None, Some(20), false)
        .unwrap();
    let closed = a
        .add_agenda_item(&m, "Personalesag", None, None, Some(10), true)
        .unwrap();
    (a, m, open, closed)
}

fn join(net: &Net, name: &str, who: &str) -> Store {
    let (mut s, report) = join_folder(
        &net.ws(name),
        &net.folder(),
        Some(PASS),
        Box::new(SystemClock),
    )
    .unwrap();
    assert!(report.set_aside.is_empty(), "{:?}", report.set_aside);
    s.set_me(who).unwrap();
    s
}

/// Bytes no text handling helps, with `marker` written in every 64 KiB.
fn paper(len: usize, seed: u8, marker: &str) -> Vec<u8> {
    let mut v: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect();
    for at in (0..len.saturating_sub(marker.len())).step_by(1 << 16) {
        v[at..at + marker.len()].copy_from_slice(marker.as_bytes());
    }
    v
}

fn hex_sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn papers_arrive_whole_and_nothing_of_them_is_readable_in_the_folder() {
    let net = Net::new();
    let (mut a, m, open, closed) = origin(&net);
    let budget = paper(3 * 1024 * 1024 + 17, 1, "BUDGETHEMMELIGHED");
    let staff = paper(40_000, 2, "PERSONSAGSDETALJE");
    let empty: Vec<u8> = Vec::new();
    let p1 = a
        .add_attachment(&open, &net.file("budget-2027.pdf", &budget), None)
        .unwrap();
    let p2 = a
        .add_attachment(&closed, &net.file("personalesag.docx", &staff), None)
        .unwrap();
    let p3 = a
        .add_attachment(&open, &net.file("tom.txt", &empty), None)
        .unwrap();
    let r = sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    assert_eq!((r.papers.sent, r.papers.problems.len()), (3, 0), "{r:?}");

    let mut b = join(&net, "b", "Bent");
    assert_eq!(b.attachments(&m).unwrap().len(), 3);
    for (id, bytes) in [(&p1, &budget), (&p2, &staff), (&p3, &empty)] {
        let (v, got) = b.attachment_bytes(id, None).unwrap();
        assert!(v.available);
        assert_eq!(&got, bytes, "{}", v.file_name);
    }
    // A second sync moves nothing.
    let again = sync_folder(&mut b, &net.folder(), Some(PASS)).unwrap();
    assert_eq!((again.papers.sent, again.papers.received), (0, 0));

    // Nothing of a paper, its name or its content hash is in any shared file.
    assert_eq!(net.papers().len(), 3);
    let secrets: Vec<Vec<u8>> = [
        "BUDGETHEMMELIGHED",
        "PERSONSAGSDETALJE",
        "budget-2027",
        "personalesag",
        &hex_sha(&budget),
        &hex_sha(&staff),
        &hex_sha(&empty),
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    for f in walk(&net.folder()) {
        let bytes = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        for s in &secrets {
            assert!(
                !contains(&bytes, s),
                "{f:?} holds {}",
                String::from_utf8_lossy(s)
            );
            assert!(!contains(name.as_bytes(), s), "{f:?} is named by it");
        }
    }
}

#[test]
fn a_paper_cut_off_mid_way_waits_while_the_text_edit_arrives() {
    let net = Net::new();
    let (mut a, m, open, _) = origin(&net);
    sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    let mut b = join(&net, "b", "Bent");

    let big = paper(50 * 1024 * 1024, 3, "STORBILAG");
    let id = a
        .add_attachment(&open, &net.file("bilag.pdf", &big), Some("Stort bilag"))
        .unwrap();
    a.edit_agenda_item(
        &open,
        AgendaItemEdit {
            title: Some("Økonomi og budget".into()),
            ..Default::default()
        },
    )
    .unwrap();
    sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    // The paper's file is cut off mid-way (a transfer the cloud client has
    // not finished, a disk that filled up).
    let file = net.papers().remove(0);
    let whole = std::fs::metadata(&file).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
    f.set_len(whole / 2).unwrap();
    drop(f);

    let r = sync_folder(&mut b, &net.folder(), Some(PASS)).unwrap();
    assert!(r.set_aside.is_empty(), "{:?}", r.set_aside);
    assert_eq!(r.papers.waiting, vec!["bilag.pdf".to_string()], "{r:?}");
    let items = b.meeting(&m).unwrap().items;
    assert!(
        items.iter().any(|i| i.title == "Økonomi og budget"),
        "the edit arrived"
    );
    let listed = b.attachments(&m).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].latest.available, "shown as waiting");
    assert!(b.attachment_bytes(&id, None).is_err());
    assert!(b.blobs().files().unwrap().is_empty(), "nothing half kept");

    // The sender sees the cut copy and sends it again; then it arrives.
    let again = sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    assert_eq!(again.papers.sent, 1, "{again:?}");
    let r = sync_folder(&mut b, &net.folder(), Some(PASS)).unwrap();
    assert_eq!((r.papers.received, r.papers.waiting.len()), (1, 0), "{r:?}");
    assert_eq!(b.attachment_bytes(&id, None).unwrap().1, big);
}

#[test]
fn a_damaged_paper_is_named_kept_out_and_the_others_still_arrive() {
    let net = Net::new();
    let (mut a, m, open, _) = origin(&net);
    let one = paper(2 * 1024 * 1024, 4, "EN");
    let two = paper(10_000, 5, "TO");
    let v1 = a
        .add_attachment(&open, &net.file("en.pdf", &one), None)
        .unwrap();
    let v2 = a
        .add_attachment(&open, &net.file("to.pdf", &two), None)
        .unwrap();
    sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    // Flip one byte in the larger file (same size: the sender cannot tell).
    let files = net.papers();
    let big = files
        .iter()
        .max_by_key(|f| std::fs::metadata(f).unwrap().len())
        .unwrap();
    let mut bytes = std::fs::read(big).unwrap();
    bytes[1_500_000] ^= 0x40;
    std::fs::write(big, bytes).unwrap();

    let (mut b, report) = join_folder(
        &net.ws("b"),
        &net.folder(),
        Some(PASS),
        Box::new(SystemClock),
    )
    .unwrap();
    assert_eq!(report.papers.received, 1, "{report:?}");
    assert_eq!(report.papers.waiting, vec!["en.pdf".to_string()]);
    assert!(
        report.papers.problems[0].contains("does not open"),
        "{report:?}"
    );
    assert_eq!(b.attachment_bytes(&v2, None).unwrap().1, two);
    assert!(b.attachment_bytes(&v1, None).is_err());
    assert_eq!(b.blobs().files().unwrap().len(), 1, "no partial file kept");
    // The outcome the app shows counts it as waiting and names the problem.
    let outcome = sync_folder(&mut b, &net.folder(), Some(PASS))
        .unwrap()
        .outcome(String::new());
    assert_eq!(outcome.papers_waiting, 1);
    assert_eq!(outcome.papers_problems.len(), 1);
    assert_eq!(b.attachments(&m).unwrap().len(), 2);
}

#[test]
fn versions_replace_and_a_new_passphrase_keep_every_paper_reachable() {
    let net = Net::new();
    let (mut a, m, open, _) = origin(&net);
    let first = paper(100_000, 6, "FOERSTE");
    let second = paper(120_000, 7, "ANDEN");
    let id = a
        .add_attachment(&open, &net.file("notat.pdf", &first), None)
        .unwrap();
    sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    steerco_sync::change_passphrase(&mut a, &net.folder(), PASS, "ny sætning til mappen").unwrap();
    a.replace_attachment(&id, &net.file("notat-v2.pdf", &second))
        .unwrap();
    sync_folder(&mut a, &net.folder(), Some("ny sætning til mappen")).unwrap();
    assert_eq!(net.papers().len(), 2, "one file per version");

    let (b, report) = join_folder(
        &net.ws("b"),
        &net.folder(),
        Some("ny sætning til mappen"),
        Box::new(SystemClock),
    )
    .unwrap();
    assert_eq!(report.papers.received, 2, "{report:?}");
    assert_eq!(b.attachment_bytes(&id, Some(1)).unwrap().1, first);
    assert_eq!(b.attachment_bytes(&id, None).unwrap().1, second);
    assert_eq!(b.attachments(&m).unwrap()[0].versions, 2);
}

#[test]
fn a_member_may_fetch_only_the_papers_of_their_own_committees() {
    let net = Net::new();
    let (mut a, m, open, _) = origin(&net);
    a.add_committee("Arbejdsgruppen", "working", None, None)
        .unwrap();
    a.add_member("Arbejdsgruppen", "Bent", "member").unwrap();
    let at = a.parse_datetime("2026-03-12T09:00").unwrap();
    let wg = a
        .add_meeting("Arbejdsgruppen", "Arbejdsmøde", at, 60)
        .unwrap();
    let wg_item = a
        .add_agenda_item(&wg, "Plan", None, None, None, false)
        .unwrap();
    let steering = paper(30_000, 8, "STYRING");
    let working = paper(20_000, 9, "ARBEJDE");
    a.add_attachment(&open, &net.file("styring.pdf", &steering), None)
        .unwrap();
    let mine = a
        .add_attachment(&wg_item, &net.file("plan.pdf", &working), None)
        .unwrap();
    sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();

    let (mut b, _) = join_folder(
        &net.ws("b"),
        &net.folder(),
        Some(PASS),
        Box::new(SystemClock),
    )
    .unwrap();
    // Bent chooses his own committees' papers only (his choice, kept locally).
    b.set_me("Bent").unwrap();
    b.blobs().files().unwrap().iter().for_each(|f| {
        std::fs::remove_file(&f.path).unwrap();
    });
    b.set_sync_setting(LocalKey::SyncPapers, "mine").unwrap();
    let r = sync_folder(&mut b, &net.folder(), Some(PASS)).unwrap();
    assert_eq!((r.papers.received, r.papers.not_fetched), (1, 1), "{r:?}");
    assert_eq!(b.attachment_bytes(&mine, None).unwrap().1, working);
    let steering_list = b.attachments(&m).unwrap();
    assert!(!steering_list[0].latest.available);
    let outcome = r.outcome(String::new());
    assert_eq!((outcome.papers_not_fetched, outcome.papers_waiting), (1, 0));
}

#[test]
fn an_unencrypted_folder_holds_plain_papers_and_never_a_closed_items() {
    let net = Net::new();
    let mut a =
        Store::create(&net.ws("a"), NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    a.set_me("Anne").unwrap();
    a.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    let at = a.parse_datetime("2026-03-10T09:00").unwrap();
    let m = a.add_meeting("Styregruppen", "Møde", at, 90).unwrap();
    let item = a
        .add_agenda_item(&m, "Økonomi", None, None, None, false)
        .unwrap();
    let bytes = paper(5_000, 10, "AABENT");
    let id = a
        .add_attachment(&item, &net.file("aabent.pdf", &bytes), None)
        .unwrap();
    let r = sync_folder(&mut a, &net.folder(), None).unwrap();
    assert_eq!(r.papers.sent, 1);
    // Plain, named by its content hash: checked by every reader all the same.
    assert_eq!(
        net.papers()[0].file_name().unwrap().to_string_lossy(),
        hex_sha(&bytes)
    );
    let (b, report) =
        join_folder(&net.ws("b"), &net.folder(), None, Box::new(SystemClock)).unwrap();
    assert_eq!(report.papers.received, 1);
    assert_eq!(b.attachment_bytes(&id, None).unwrap().1, bytes);
    // A closed item (and so its papers) is refused by such a folder.
    a.edit_agenda_item(
        &item,
        AgendaItemEdit {
            closed: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let err = sync_folder(&mut a, &net.folder(), None).unwrap_err();
    assert_eq!(err.code(), "closed_items_need_encryption");
}
