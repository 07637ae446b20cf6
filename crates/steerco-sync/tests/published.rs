//! Published reports through a real encrypted folder and real workspace
//! files: the rows come with the text, the files' bytes with the papers step,
//! sealed; another member gets them byte for byte whatever was edited after,
//! and is refused, clearly, while they have not arrived.

#[path = "common/net.rs"]
mod net;
use net::{contains, walk, Net};

use steerco_domain::SystemClock;
use steerco_reports::from_store::{self, Format, Publish};
use steerco_reports::model::ExportOptions;
use steerco_store::ops::highlight::HighlightText;
use steerco_store::{LocalKey, NewWorkspace, Store, StoreError};
use steerco_sync::folder::join_folder;
use steerco_sync::{sync_folder, sync_folder_text, Compaction};

const PASS: &str = "en lang og hemmelig sætning";
const FORMATS: [&str; 3] = ["pdf", "docx", "md"];
/// In the published highlight report's narrative: never readable in the folder.
const DRAFT: &str = "UDKASTHEMMELIGHED";
/// Written after publishing: in the live report, never in the published one.
const LATER: &str = "SENERETILFOEJELSE";

/// The demo, as Anne, with a narrative for 8.1 in 2026-Q1.
fn origin(net: &Net) -> Store {
    let mut a =
        Store::create(&net.ws("a"), NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    a.load_demo().unwrap();
    a.set_me("Anne").unwrap();
    narrative(&mut a, DRAFT);
    a
}

fn narrative(s: &mut Store, issues: &str) {
    s.set_highlight_text(
        "8.1",
        "2026-Q1",
        HighlightText {
            issues: issues.into(),
            ..Default::default()
        },
    )
    .unwrap();
}

fn highlight() -> Publish {
    Publish::Highlight {
        initiative: "8.1".into(),
        period: "2026-Q1".into(),
    }
}

fn publish(s: &mut Store, what: &Publish) -> (String, Vec<Vec<u8>>) {
    let id = from_store::publish(s, what, ExportOptions::default()).unwrap();
    let bytes = FORMATS
        .iter()
        .map(|f| s.published_bytes(&id, f).unwrap().1)
        .collect();
    (id, bytes)
}

fn bytes_on(s: &Store, id: &str) -> Vec<Vec<u8>> {
    FORMATS
        .iter()
        .map(|f| s.published_bytes(id, f).unwrap().1)
        .collect()
}

fn live_md(s: &Store) -> String {
    let md = from_store::highlight_file(s, "8.1", "2026-Q1", Format::Md, ExportOptions::default())
        .unwrap();
    String::from_utf8(md).unwrap()
}

#[test]
fn a_published_report_is_byte_equal_on_another_member_after_later_edits() {
    let net = Net::new();
    let mut a = origin(&net);
    let (status, status_bytes) = publish(&mut a, &Publish::Status { year: 2017 });
    let (hl, hl_bytes) = publish(&mut a, &highlight());
    assert!(contains(&hl_bytes[2], DRAFT.as_bytes()));
    let r = sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    assert_eq!((r.papers.sent, r.papers.problems.len()), (6, 0), "{r:?}");
    // Later edits on the publisher's side: the live report moves on.
    narrative(&mut a, LATER);
    assert!(live_md(&a).contains(LATER));
    sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();

    let (mut b, report) = join_folder(
        &net.ws("b"),
        &net.folder(),
        Some(PASS),
        Box::new(SystemClock),
    )
    .unwrap();
    assert_eq!(report.papers.received, 6, "{report:?}");
    b.set_me("Bent").unwrap();
    assert!(live_md(&b).contains(LATER), "the edit arrived");
    assert_eq!(bytes_on(&b, &status), status_bytes);
    assert_eq!(bytes_on(&b, &hl), hl_bytes);
    assert!(!contains(&bytes_on(&b, &hl)[2], LATER.as_bytes()));
    let list = b.published_reports().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list
        .iter()
        .all(|r| r.published_by.as_deref() == Some("Anne")));
    assert!(list.iter().flat_map(|r| &r.files).all(|f| f.available));

    // The other way: Bent publishes, edits, and Anne gets his as published.
    let (mine, mine_bytes) = publish(&mut b, &highlight());
    narrative(&mut b, "efter Bents udgave");
    sync_folder(&mut b, &net.folder(), Some(PASS)).unwrap();
    let r = sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    assert_eq!(r.papers.received, 3, "{r:?}");
    assert_eq!(bytes_on(&a, &mine), mine_bytes);
    assert_eq!(bytes_on(&a, &hl), hl_bytes, "the first one as it was");
    assert!(live_md(&a).contains("efter Bents udgave"));

    // Nothing of the published text is readable in the shared folder.
    for f in walk(&net.folder()) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!contains(&bytes, DRAFT.as_bytes()), "{f:?} holds the draft");
    }
}

#[test]
fn a_published_file_not_here_yet_is_refused_and_fetched_even_by_a_member_of_no_committee() {
    let net = Net::new();
    let mut a = origin(&net);
    sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    let (mut b, _) = join_folder(
        &net.ws("b"),
        &net.folder(),
        Some(PASS),
        Box::new(SystemClock),
    )
    .unwrap();
    // Carl sits on no committee and fetches only his committees' papers:
    // published reports are everyone's.
    b.set_me("Carl").unwrap();
    b.set_sync_setting(LocalKey::SyncPapers, "mine").unwrap();

    let (id, bytes) = publish(&mut a, &Publish::Status { year: 2017 });
    // The rows arrive with the text; the files do not (no papers step ran).
    for s in [&mut a, &mut b] {
        sync_folder_text(s, &net.folder(), Some(PASS), Compaction::default()).unwrap();
    }
    let listed = b.published_report(&id).unwrap();
    assert!(listed.files.iter().all(|f| !f.available), "{listed:?}");
    let e = b.published_bytes(&id, "pdf").unwrap_err();
    assert!(matches!(e, StoreError::Refused(_)), "{e:?}");
    assert!(e.to_string().contains("not on this computer"), "{e}");

    let r = sync_folder(&mut a, &net.folder(), Some(PASS)).unwrap();
    assert_eq!(r.papers.sent, 3, "{r:?}");
    let r = sync_folder(&mut b, &net.folder(), Some(PASS)).unwrap();
    assert_eq!((r.papers.received, r.papers.not_fetched), (3, 0), "{r:?}");
    assert_eq!(bytes_on(&b, &id), bytes);
}
