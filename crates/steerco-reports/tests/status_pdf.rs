//! The chair's reports as PDF, checked with poppler's tools (which did not write them):
//! fonts embedded, tagged, charts as vectors (no images), charts as Figures, "Eksempeldata"
//! in every page's header, statuses in words.

mod common;

use common::status::*;
use common::*;
use steerco_reports::*;

fn save(pdf: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "r.pdf", pdf);
    (dir, path)
}

fn pdftotext(path: &str, page: Option<usize>) -> String {
    let n = page.map(|p| p.to_string()).unwrap_or_default();
    let mut args = vec!["-enc", "UTF-8"];
    if page.is_some() {
        args.extend(["-f", &n, "-l", &n]);
    }
    args.extend([path, "-"]);
    let text = stdout(&run("pdftotext", "poppler-utils", &args));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(path: &str) -> usize {
    let info = stdout(&run("pdfinfo", "poppler-utils", &[path]));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Fonts embedded, tagged, and not a single raster image (charts are vectors).
fn assert_accessible_vector_pdf(path: &str) {
    let fonts = stdout(&run("pdffonts", "poppler-utils", &[path]));
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
    let info = stdout(&run("pdfinfo", "poppler-utils", &[path]));
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
    let images = stdout(&run("pdfimages", "poppler-utils", &["-list", path]));
    // Only the two header lines: no image of any kind.
    assert_eq!(images.lines().count(), 2, "images found:\n{images}");
}

#[test]
fn status_report_is_tagged_vector_and_says_it_all_in_words() {
    let pdf = status_report_pdf(&status_report(), &ExportOptions::default()).unwrap();
    let (_dir, path) = save(&pdf);
    assert_accessible_vector_pdf(&path);

    let text = pdftotext(&path, None);
    for needle in [
        "Statusredegørelse 2026",
        "Fokusområde 8: Robust digitalt fundament",
        TITLE_8_1,
        YEAR_DECISION,
        // RAG and trend as words, never colour alone.
        "Gul",
        "Rød",
        "Grøn",
        "Grå (ikke rapporteret)",
        "↓ forværret",
        // The heat map: axes, band words in the cells and legend.
        "Sandsynlighed",
        "Konsekvens",
        "Høj (13–25)",
        "Middel (5–12)",
        "Lav (1–4)",
        // Risks with æøå, budget with variance.
        "Bjørn Ærbø",
        "Forsinket levering fra Ørestad-leverandøren",
        "+1.250.000",
        "−290.000",
        "+960.000",
        "Nåede milepæle",
        "Forsinkede milepæle",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    // The hostile reason is plain text.
    assert!(text.contains("<script>alert(1)</script>"), "{text}");

    // Both charts are Figures in the tag tree, with alternative text.
    // Lossy: poppler prints heading titles in their raw UTF-16.
    let tree = run("pdfinfo", "poppler-utils", &["-struct", &path]);
    let tree = String::from_utf8_lossy(&tree.stdout);
    assert_eq!(
        tree.lines().filter(|l| l.trim() == "Figure").count(),
        2,
        "{tree}"
    );
    let alts = alt_texts(&pdf);
    assert!(
        alts.iter()
            .any(|a| a.contains("sandsynlighed 4, konsekvens 5: 1 (Høj)")),
        "{alts:?}"
    );
    assert!(
        alts.iter()
            .any(|a| a.contains("8. Robust digitalt fundament: Grøn 1 · Gul 1")),
        "{alts:?}"
    );
}

/// The heat map's numbers are drawn where they belong: in the page's layout text the
/// row of likelihood 4 reads "4 0 0 0 0 1" left to right (the legend beside it has no
/// bare numbers).
#[test]
fn heat_map_counts_sit_in_their_cells() {
    let pdf = status_report_pdf(&status_report(), &ExportOptions::default()).unwrap();
    let (_dir, path) = save(&pdf);
    let page = (1..=pages(&path))
        .find(|p| pdftotext(&path, Some(*p)).contains("Sandsynlighed ↑"))
        .expect("a page with the heat map");
    let raw = stdout(&run(
        "pdftotext",
        "poppler-utils",
        &[
            "-enc",
            "UTF-8",
            "-layout",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            &path,
            "-",
        ],
    ));
    let rows: Vec<Vec<&str>> = raw
        .lines()
        .map(|l| {
            l.split_whitespace()
                .filter(|x| x.parse::<u32>().is_ok())
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() == 6)
        .collect();
    let expected: Vec<Vec<&str>> = vec![
        vec!["5", "0", "0", "0", "0", "0"],
        vec!["4", "0", "0", "0", "0", "1"],
        vec!["3", "0", "0", "1", "0", "0"],
        vec!["2", "0", "1", "0", "0", "0"],
        vec!["1", "0", "0", "0", "0", "0"],
    ];
    assert_eq!(rows, expected, "{raw}");
}

#[test]
fn every_page_of_a_demo_report_says_sample_data() {
    let big = big_status_report();
    for (opts, label) in [
        (ExportOptions::default(), "Eksempeldata"),
        (
            ExportOptions {
                language: Lang::En,
                ..ExportOptions::default()
            },
            "Sample data",
        ),
    ] {
        let (_dir, path) = save(&status_report_pdf(&big, &opts).unwrap());
        let n = pages(&path);
        assert!(n >= 4, "33 initiatives take several pages, got {n}");
        for p in 1..=n {
            let text = pdftotext(&path, Some(p));
            assert!(text.contains(label), "page {p} lacks {label:?}:\n{text}");
        }
        let last = pdftotext(&path, Some(n));
        assert!(
            last.contains(&format!("Side {n} af {n}"))
                || last.contains(&format!("Page {n} of {n}")),
            "{last}"
        );
    }

    // And a real workspace's report says nothing of the kind.
    let mut real = status_report();
    real.sample_data = false;
    let (_dir, path) = save(&status_report_pdf(&real, &ExportOptions::default()).unwrap());
    assert!(!pdftotext(&path, None).contains("Eksempeldata"));
}

#[test]
fn deliverables_and_highlight_pdfs() {
    let opts = ExportOptions::default();
    let (_d1, path) = save(&deliverables_pdf(&deliverables(), &opts).unwrap());
    assert_accessible_vector_pdf(&path);
    let text = pdftotext(&path, None);
    for needle in [
        "Leveranceoversigt 2026-H1",
        "2026-01-01 – 2026-06-30",
        "4 planlagt, 1 opfyldt, 2 forsinket",
        "Opfyldt for sent",
        "Forsinket",
        TITLE_8_1,
        "Eksempeldata",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }

    let (_d2, path) = save(&highlight_pdf(&highlight(), &opts).unwrap());
    assert_accessible_vector_pdf(&path);
    for p in 1..=pages(&path) {
        assert!(
            pdftotext(&path, Some(p)).contains("Eksempeldata"),
            "page {p}"
        );
    }
    let text = pdftotext(&path, None);
    for needle in [
        "Statusrapport (highlight report): 8.1 God data og effektiv datadeling",
        "Samlet status: Gul, ↓ forværret",
        "Tid Rød",
        "Gevinst Grå (ikke rapporteret)",
        "Problemer og afvigelser Intet at bemærke.",
        "Beslutninger, der ønskes",
        "Styregruppen bedes godkende en ny tidsplan",
        "Forsinket levering fra Ørestad-leverandøren",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
}

/// The Figures' /Alt strings, decoded from the PDF's UTF-16 hex strings.
fn alt_texts(pdf: &[u8]) -> Vec<String> {
    let raw = String::from_utf8_lossy(pdf);
    raw.match_indices("/Alt<FEFF")
        .map(|(i, m)| {
            let hex: String = raw[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
            let units: Vec<u16> = hex
                .as_bytes()
                .chunks(4)
                .map(|c| u16::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap())
                .collect();
            String::from_utf16_lossy(&units)
        })
        .collect()
}
