//! The board pack, checked with tools that did not write it: poppler's pdfinfo for the
//! page count and pdftotext for each page's text, qpdf's JSON for the bookmarks and the
//! pages they open. The papers are small PDFs made here by krilla, each page saying
//! which paper and page it is, so a page in the wrong place shows.

mod common;

use common::*;
use krilla::configure::{ConfigurationBuilder, PdfVersion};
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use serde_json::Value;
use steerco_reports::*;

/// A PDF of `pages` A4 pages, page k saying "{label} side k".
fn paper_pdf(label: &str, pages: usize, version: PdfVersion) -> Vec<u8> {
    let font = Font::new(dejavu::sans::regular().into(), 0).unwrap();
    let configuration = ConfigurationBuilder::new()
        .with_version(version)
        .finish()
        .unwrap();
    let mut doc = Document::new_with(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    });
    for k in 1..=pages {
        let mut page = doc.start_page_with(PageSettings::from_wh(595.0, 842.0).unwrap());
        let mut s = page.surface();
        let text = format!("{label} side {k}");
        s.draw_text(
            Point::from_xy(72.0, 100.0),
            font.clone(),
            14.0,
            &text,
            false,
            TextDirection::Auto,
        );
        s.finish();
        page.finish();
    }
    doc.finish().unwrap()
}

fn pdf(title: &str, label: &str, pages: usize) -> PackPaper {
    PackPaper {
        title: title.into(),
        file_name: format!("{label}.pdf"),
        media_type: "application/pdf".into(),
        bytes: paper_pdf(label, pages, PdfVersion::Pdf17),
    }
}

/// `bytes` encrypted by qpdf (AES-256), with `user` as the password to open it.
fn encrypted(bytes: &[u8], user: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "plain.pdf", bytes);
    let locked = dir.path().join("locked.pdf");
    let locked = locked.to_str().unwrap();
    run(
        "qpdf",
        "qpdf",
        &["--encrypt", user, "ejer-kode", "256", "--", &plain, locked],
    );
    std::fs::read(locked).unwrap()
}

fn item(position: u32, title: &str, closed: bool, papers: Vec<PackPaper>) -> PackItem {
    PackItem {
        position,
        title: title.into(),
        presenter: Some("Åse Ærø".into()),
        closed,
        papers,
    }
}

/// Five items: none, 3 pages + a Word file, a closed item's 2 pages, 5 pages + a
/// garbage "PDF" + one locked with a password, then 1 page locked by an owner password
/// only (which opens without one, so it is included).
fn pack() -> BoardPack {
    let docx = PackPaper {
        title: "Notat".into(),
        file_name: "Notat.docx".into(),
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            .into(),
        bytes: b"PK\x03\x04 not a pdf".to_vec(),
    };
    let garbage = PackPaper {
        title: "Ødelagt bilag".into(),
        file_name: "Ødelagt.pdf".into(),
        media_type: "application/pdf".into(),
        bytes: b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage".to_vec(),
    };
    let mut locked = pdf("Låst bilag", "Laast", 2);
    locked.bytes = encrypted(&locked.bytes, "hemmelig");
    let mut owner_only = pdf("Eventuelt-bilag", "F", 1);
    owner_only.bytes = encrypted(&owner_only.bytes, "");
    BoardPack {
        meeting: MeetingHeader {
            workspace: "Digitaliseringsstyrelsen".into(),
            sample_data: false,
            committee: "Styregruppe for fælles it".into(),
            title: "Møde nr. 4".into(),
            starts_at: start(),
            time_zone: "Europe/Copenhagen".into(),
            duration_min: 90,
            location: Some("Lokale 2.14".into()),
        },
        items: vec![
            item(1, "Godkendelse af dagsorden", false, vec![]),
            item(
                2,
                "Budget 2026",
                false,
                vec![pdf("Budgetnotat", "A", 3), docx],
            ),
            item(3, "Fortrolig sag", true, vec![pdf("Sagsnotat", "C", 2)]),
            item(
                4,
                "Strategi",
                false,
                vec![pdf("Strategiudkast", "D", 5), garbage, locked],
            ),
            item(5, "Eventuelt", false, vec![owner_only]),
        ],
    }
}

struct Saved {
    _dir: tempfile::TempDir,
    path: String,
}

fn save(bytes: &[u8]) -> Saved {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "pack.pdf", bytes);
    Saved { _dir: dir, path }
}

fn page_count(f: &Saved) -> usize {
    let info = stdout(&run("pdfinfo", "poppler-utils", &[&f.path]));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo prints Pages:")
        .trim()
        .parse()
        .unwrap()
}

/// One page's text (1-based), its layout kept so a row's title and number share a line.
fn page_text(f: &Saved, page: usize) -> String {
    let n = page.to_string();
    stdout(&run(
        "pdftotext",
        "poppler-utils",
        &["-layout", "-enc", "UTF-8", "-f", &n, "-l", &n, &f.path, "-"],
    ))
}

/// The bookmarks as (depth, title, 1-based target page), in order, as qpdf reads them.
fn bookmarks(f: &Saved) -> Vec<(usize, String, u64)> {
    let json = stdout(&run(
        "qpdf",
        "qpdf",
        &["--json", "--json-key=outlines", &f.path],
    ));
    let v: Value = serde_json::from_str(&json).unwrap();
    fn walk(nodes: &Value, depth: usize, out: &mut Vec<(usize, String, u64)>) {
        for n in nodes.as_array().unwrap() {
            let title = n["title"].as_str().unwrap().to_string();
            let page = n["destpageposfrom1"].as_u64().expect("a target page");
            out.push((depth, title, page));
            walk(&n["kids"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&v["outlines"], 0, &mut out);
    out
}

/// The page number the agenda gives for `title`: the number ending its row.
fn listed_page(agenda: &str, title: &str) -> usize {
    let line = agenda
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title:?} not on the agenda:\n{agenda}"));
    line.split_whitespace().last().unwrap().parse().unwrap()
}

/// The front matter's pages: everything before the first paper (the pack's pages less
/// the papers' `paper_pages`), at least a cover and an agenda page.
fn front(made: &PackPdf, paper_pages: usize) -> usize {
    let front = made.pages - paper_pages;
    assert!(front >= 2, "{}", made.pages);
    front
}

#[test]
fn pages_bookmarks_and_agenda_numbers_agree() {
    let made = board_pack_pdf(&pack(), &ExportOptions::default()).unwrap();
    let f = save(&made.bytes);
    // 3 + 2 + 5 + 1 papers' pages; the Word file, the garbage and the locked one add none.
    let front = front(&made, 11);
    assert_eq!(page_count(&f), made.pages);
    assert_eq!(made.left_out, ["Notat.docx", "Ødelagt.pdf", "Laast.pdf"]);

    let cover = page_text(&f, 1);
    for needle in [
        "Mødemappe",
        "Møde nr. 4",
        "Styregruppe for fælles it",
        "Lokale 2.14",
    ] {
        assert!(
            cover.contains(needle),
            "{needle:?} not on the cover:\n{cover}"
        );
    }
    let agenda: String = (2..=front).map(|p| page_text(&f, p)).collect();
    let starts = [
        ("Budgetnotat", "A", 3),
        ("Sagsnotat", "C", 2),
        ("Strategiudkast", "D", 5),
        ("Eventuelt-bilag", "F", 1),
    ];
    let mut expected = front + 1;
    for (title, label, pages) in starts {
        let at = listed_page(&agenda, title);
        assert_eq!(at, expected, "{title} listed at page {at}");
        // Its pages follow in order, each where the agenda says.
        for k in 1..=pages {
            let text = page_text(&f, at + k - 1);
            assert!(
                text.contains(&format!("{label} side {k}")),
                "page {}: {text}",
                at + k - 1
            );
        }
        expected += pages;
    }
    let flat = agenda.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Notat (ikke medtaget: Notat.docx)",
        "Ødelagt bilag (kunne ikke medtages: Ødelagt.pdf)",
        "Låst bilag (kunne ikke medtages: Laast.pdf)",
        "3. Fortrolig sag (lukket punkt)",
        "Ingen bilag.",
    ] {
        assert!(flat.contains(needle), "{needle:?} missing:\n{agenda}");
    }
    // The locked paper's text is nowhere in the pack.
    let all: String = (1..=made.pages).map(|p| page_text(&f, p)).collect();
    assert!(!all.contains("Laast side"), "{all}");

    let marks = bookmarks(&f);
    let titles: Vec<(usize, &str)> = marks.iter().map(|(d, t, _)| (*d, t.as_str())).collect();
    assert_eq!(
        titles,
        [
            (0, "Dagsorden"),
            (0, "1. Godkendelse af dagsorden"),
            (0, "2. Budget 2026"),
            (1, "Budgetnotat"),
            (1, "Notat (ikke medtaget: Notat.docx)"),
            (0, "3. Fortrolig sag (lukket punkt)"),
            (1, "Sagsnotat"),
            (0, "4. Strategi"),
            (1, "Strategiudkast"),
            (1, "Ødelagt bilag (kunne ikke medtages: Ødelagt.pdf)"),
            (1, "Låst bilag (kunne ikke medtages: Laast.pdf)"),
            (0, "5. Eventuelt"),
            (1, "Eventuelt-bilag"),
        ]
    );
    let page_of = |title: &str| marks.iter().find(|m| m.1 == title).unwrap().2 as usize;
    assert_eq!(page_of("Dagsorden"), 2);
    assert_eq!(page_of("Budgetnotat"), front + 1);
    assert_eq!(page_of("Sagsnotat"), front + 4);
    assert_eq!(page_of("Strategiudkast"), front + 6);
    assert_eq!(page_of("Eventuelt-bilag"), front + 11);
    // An item's bookmark opens its place on the agenda; a paper left out opens its item's.
    for (item, left_out) in [
        ("2. Budget 2026", "Notat (ikke medtaget: Notat.docx)"),
        ("4. Strategi", "Låst bilag (kunne ikke medtages: Laast.pdf)"),
    ] {
        let at = page_of(item);
        assert!((2..=front).contains(&at), "{item} opens page {at}");
        assert!(page_text(&f, at).contains(item.split_once(' ').unwrap().1));
        assert_eq!(page_of(left_out), at);
    }
}

#[test]
fn omit_closed_drops_closed_items_and_their_papers() {
    let opts = ExportOptions {
        omit_closed: true,
        language: Lang::Da,
    };
    let made = board_pack_pdf(&pack(), &opts).unwrap();
    let f = save(&made.bytes);
    let front = front(&made, 9);
    assert_eq!(page_count(&f), made.pages);
    let all: String = (1..=made.pages).map(|p| page_text(&f, p)).collect();
    for gone in ["Fortrolig", "Sagsnotat", "C side", "lukket punkt"] {
        assert!(!all.contains(gone), "{gone:?} leaked:\n{all}");
    }
    let marks = bookmarks(&f);
    assert!(marks
        .iter()
        .all(|m| !m.1.contains("Fortrolig") && m.1 != "Sagsnotat"));
    let page_of = |title: &str| marks.iter().find(|m| m.1 == title).unwrap().2 as usize;
    assert_eq!(page_of("Strategiudkast"), front + 4);
    let agenda: String = (2..=front).map(|p| page_text(&f, p)).collect();
    assert_eq!(listed_page(&agenda, "Strategiudkast"), front + 4);
}

#[test]
fn a_long_agenda_still_numbers_every_paper_right() {
    // 45 items with a one-page paper each: the agenda runs over several pages, so the
    // numbers must allow for the agenda's own length.
    let mut p = pack();
    p.items = (1..=45)
        .map(|k| {
            item(
                k,
                &format!("Punkt {k}"),
                false,
                vec![pdf(&format!("Bilag nr {k}"), &format!("P{k}"), 1)],
            )
        })
        .collect();
    let made = board_pack_pdf(&p, &ExportOptions::default()).unwrap();
    let f = save(&made.bytes);
    let front = front(&made, 45);
    assert!(front >= 4, "agenda of 45 items on {} pages", front - 1);
    assert_eq!(page_count(&f), made.pages);
    let agenda: String = (2..=front).map(|p| page_text(&f, p)).collect();
    for k in [1, 17, 45] {
        let at = listed_page(&agenda, &format!("Bilag nr {k} "));
        assert_eq!(at, front + k as usize);
        assert!(page_text(&f, at).contains(&format!("P{k} side 1")));
    }
    let footer = page_text(&f, 2);
    assert!(
        footer.contains(&format!("Side 2 af {}", made.pages)),
        "{footer}"
    );
}

#[test]
fn a_pdf_2_paper_makes_a_pdf_2_pack() {
    let mut p = pack();
    let mut new = pdf("Nyt format", "N", 2);
    new.bytes = paper_pdf("N", 2, PdfVersion::Pdf20);
    p.items = vec![item(1, "Nyt", false, vec![new])];
    let made = board_pack_pdf(&p, &ExportOptions::default()).unwrap();
    let f = save(&made.bytes);
    let info = stdout(&run("pdfinfo", "poppler-utils", &[&f.path]));
    let version = info.lines().find_map(|l| l.strip_prefix("PDF version:"));
    assert_eq!(version.map(str::trim), Some("2.0"), "{info}");
    assert_eq!(page_count(&f), made.pages);
    assert!(page_text(&f, made.pages).contains("N side 2"));
    // Without one, the pack stays PDF 1.7.
    let plain = board_pack_pdf(&pack(), &ExportOptions::default()).unwrap();
    assert!(plain.bytes.starts_with(b"%PDF-1.7"));
}

#[test]
fn the_pack_is_byte_for_byte_repeatable() {
    let p = pack();
    let opts = ExportOptions::default();
    let a = board_pack_pdf(&p, &opts).unwrap();
    assert_eq!(a, board_pack_pdf(&p.clone(), &opts).unwrap());
    // Guards against a constant output: one paper's page changes the bytes.
    let mut other = p.clone();
    other.items[1].papers[0].bytes = paper_pdf("A2", 3, PdfVersion::Pdf17);
    assert_ne!(a.bytes, board_pack_pdf(&other, &opts).unwrap().bytes);
}
