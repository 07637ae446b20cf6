//! `steerco export pack` through the real binary: papers attached with `attachment add`
//! (PDFs that steerco itself exported, and a Word file), the pack read back by tools
//! that did not write it (pdfinfo for the pages, qpdf for the bookmarks, pdftotext).

mod common;

use std::path::Path;

use common::{pdf_text, tool, Ws};
use serde_json::Value;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn pages(pdf: &Path) -> usize {
    tool("pdfinfo", "poppler-utils", &[s(pdf)])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo prints Pages:")
        .trim()
        .parse()
        .unwrap()
}

/// The bookmarks as (title, 1-based target page), depth first.
fn bookmarks(pdf: &Path) -> Vec<(String, u64)> {
    let json = tool("qpdf", "qpdf", &["--json", "--json-key=outlines", s(pdf)]);
    let v: Value = serde_json::from_str(&json).unwrap();
    fn walk(nodes: &Value, out: &mut Vec<(String, u64)>) {
        for n in nodes.as_array().unwrap() {
            let title = n["title"].as_str().unwrap().to_string();
            out.push((title, n["destpageposfrom1"].as_u64().unwrap()));
            walk(&n["kids"], out);
        }
    }
    let mut out = Vec::new();
    walk(&v["outlines"], &mut out);
    out
}

#[test]
fn export_pack_bundles_the_pdf_papers_in_agenda_order() {
    let ws = Ws::empty("Kommunen");
    ws.committee("Styregruppen", "steering");
    let m = ws.meeting("Styregruppen", "Møde 4", "2026-03-10T09:00", &[]);
    let open = ws.id(&["agenda", "add", &m, "--title", "Økonomi"]);
    let closed = ws.id(&["agenda", "add", &m, "--title", "Personalesag", "--closed"]);
    // Papers: real PDFs (steerco's own agenda and minutes exports; the open item's
    // paper does not name the closed item) and a Word file.
    let dir = ws.dir();
    let agenda_pdf = dir.join("dagsorden.pdf");
    let minutes_pdf = dir.join("referat.pdf");
    ws.ok(&[
        "export",
        "agenda",
        &m,
        "--format",
        "pdf",
        "--omit-closed",
        "-o",
        s(&agenda_pdf),
    ]);
    ws.ok(&[
        "export",
        "minutes",
        &m,
        "--format",
        "pdf",
        "-o",
        s(&minutes_pdf),
    ]);
    let docx = dir.join("notat.docx");
    std::fs::write(&docx, b"PK\x03\x04 a word file").unwrap();
    let (a, b) = (pages(&agenda_pdf), pages(&minutes_pdf));
    ws.ok(&[
        "attachment",
        "add",
        &open,
        s(&agenda_pdf),
        "--title",
        "Budgetnotat",
    ]);
    ws.ok(&["attachment", "add", &open, s(&docx), "--title", "Notat"]);
    ws.ok(&[
        "attachment",
        "add",
        &closed,
        s(&minutes_pdf),
        "--title",
        "Sagsakter",
    ]);

    let pack = dir.join("pack.pdf");
    let out = ws.run(&["export", "pack", &m, "-o", s(&pack)]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("notat.docx"), "{stderr}");
    let total = pages(&pack);
    let front = total - a - b;
    assert!(front >= 2, "{total} pages");
    let marks = bookmarks(&pack);
    let at = |t: &str| {
        marks
            .iter()
            .find(|m| m.0 == t)
            .unwrap_or_else(|| panic!("{t}: {marks:?}"))
            .1 as usize
    };
    assert_eq!(at("Budgetnotat"), front + 1);
    assert_eq!(at("Sagsakter"), front + a + 1);
    assert!(at("2. Økonomi") <= front);
    assert!(marks
        .iter()
        .any(|m| m.0 == "Notat (ikke medtaget: notat.docx)"));
    let text = pdf_text(&pack);
    assert!(text.contains("Personalesag"), "{text}");

    // --omit-closed: the closed item and its paper are gone.
    let public = dir.join("public.pdf");
    ws.ok(&["export", "pack", &m, "-o", s(&public), "--omit-closed"]);
    assert_eq!(pages(&public), front + a);
    let marks = bookmarks(&public);
    assert!(
        marks
            .iter()
            .all(|m| m.0 != "Sagsakter" && !m.0.contains("Personalesag")),
        "{marks:?}"
    );
    assert!(!pdf_text(&public).contains("Personalesag"));

    // An unknown meeting is refused, and nothing is written.
    let none = dir.join("none.pdf");
    let out = ws.run(&["export", "pack", "no-such-meeting", "-o", s(&none)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!none.exists());
}
