//! `steerco report status | deliverables | highlight` on the demo, each file
//! checked by tools that did not write it (poppler-utils, LibreOffice).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{docx_text, tool};

const NOW: &str = "2026-03-01T09:00:00Z";

fn steerco(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_NOW", NOW)
        .env("STEERCO_USER", "Formand Test")
        .output()
        .unwrap()
}

fn ok(ws: &Path, args: &[&str]) -> String {
    let out = steerco(ws, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_annual_status_report_from_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo.steerco");
    ok(&ws, &["init", "--demo"]);
    let pdf = dir.path().join("status-2017.pdf");
    let p = pdf.to_str().unwrap();
    ok(
        &ws,
        &[
            "report", "status", "--year", "2017", "--format", "pdf", "-o", p,
        ],
    );
    let info = tool("pdfinfo", "poppler-utils", &[p]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(pages >= 2, "{info}");
    // Charts are vector graphics: not one raster image.
    let images = tool("pdfimages", "poppler-utils", &["-list", p]);
    assert_eq!(images.lines().count(), 2, "only the header lines: {images}");
    for row in tool("pdffonts", "poppler-utils", &[p]).lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
    // Built from the demo: every page says it holds sample data.
    for page in 1..=pages {
        let n = page.to_string();
        let text = tool("pdftotext", "poppler-utils", &["-f", &n, "-l", &n, p, "-"]);
        assert!(
            text.contains("Eksempeldata"),
            "page {page} lacks the sample-data notice"
        );
    }
    let text = tool("pdftotext", "poppler-utils", &[p, "-"]);
    for expected in [
        "Statusredegørelse 2017",
        "Robust digitalt fundament",
        "Sandsynlighed",
    ] {
        assert!(text.contains(expected), "{expected} missing");
    }

    // DOCX: LibreOffice converts it; the heat map is a table there.
    let docx = dir.path().join("status-2017.docx");
    ok(
        &ws,
        &[
            "report",
            "status",
            "--year",
            "2017",
            "--format",
            "docx",
            "-o",
            docx.to_str().unwrap(),
        ],
    );
    let text = docx_text(&docx);
    assert!(text.contains("Gode data og effektiv datadeling") && text.contains("Eksempeldata"));

    let md = ok(
        &ws,
        &["report", "status", "--year", "2017", "--format", "md"],
    );
    assert!(md.starts_with("> **Eksempeldata**"), "{md}");
}

#[test]
fn deliverables_and_highlight_reports_and_bad_requests() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo.steerco");
    ok(&ws, &["init", "--demo"]);
    let md = ok(
        &ws,
        &[
            "report",
            "deliverables",
            "--half",
            "2017-H1",
            "--format",
            "md",
        ],
    );
    assert!(md.contains("Analyse afsluttet (eksempel)"), "{md}");
    let pdf = dir.path().join("lev.pdf");
    ok(
        &ws,
        &[
            "report",
            "deliverables",
            "--half",
            "2017-H2",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    let text = tool("pdftotext", "poppler-utils", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Udbud offentliggjort (eksempel)"), "{text}");
    let md = ok(
        &ws,
        &[
            "report",
            "highlight",
            "8.1",
            "--period",
            "2026-Q1",
            "--format",
            "md",
        ],
    );
    assert!(
        md.contains("8.1") && md.contains("Leverandøren leverer for sent (eksempel)"),
        "{md}"
    );
    for (args, says) in [
        (
            vec![
                "report",
                "deliverables",
                "--half",
                "2017-H3",
                "--format",
                "pdf",
            ],
            "not a half-year",
        ),
        (vec!["report", "highlight", "9.9", "--format", "md"], "9.9"),
        (
            vec![
                "report",
                "highlight",
                "8.1",
                "--period",
                "2026-Q5",
                "--format",
                "md",
            ],
            "not a period",
        ),
        (
            vec!["report", "status", "--year", "2017", "--format", "odt"],
            "not a format",
        ),
    ] {
        let out = steerco(&ws, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(says) && err.trim().lines().count() == 1,
            "{args:?}: {err}"
        );
    }
}

/// The tables of a Markdown document, read by a parser that did not write
/// it: each a list of rows of cell texts (the header row first).
fn md_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables = Vec::new();
    let (mut table, mut row, mut cell): (Vec<Vec<String>>, Vec<String>, String) =
        (Vec::new(), Vec::new(), String::new());
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => {
                table = Vec::new();
                cell.clear();
            }
            Event::Start(Tag::TableCell) => cell.clear(),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut table)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row))
            }
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut cell).trim().to_string()),
            Event::Text(t) | Event::Code(t) => cell.push_str(&t),
            _ => {}
        }
    }
    tables
}

#[test]
fn the_numbers_in_the_report_equal_the_numbers_in_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo.steerco");
    ok(&ws, &["init", "--demo"]);
    let md = ok(
        &ws,
        &["report", "status", "--year", "2017", "--format", "md"],
    );
    let tables = md_tables(&md);
    let data: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["dashboard", "--json", "--as-of", "2017-12-31"])).unwrap();
    // RAG counts per focus area.
    let counts = tables
        .iter()
        .find(|t| t[0][0] == "Fokusområde")
        .expect("the counts per focus area");
    for f in data["focus_areas"].as_array().unwrap() {
        let number = f["number"].as_i64().unwrap();
        let row = counts
            .iter()
            .find(|r| r[0].starts_with(&format!("{number}. ")))
            .unwrap_or_else(|| panic!("focus area {number} missing: {counts:?}"));
        let got: Vec<i64> = row[1..5].iter().map(|c| c.parse().unwrap()).collect();
        let want: Vec<i64> = ["green", "amber", "red", "grey"]
            .iter()
            .map(|k| f[*k].as_i64().unwrap())
            .collect();
        assert_eq!(got, want, "focus area {number}");
    }
    // The heat map: every cell's count.
    let map: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["risk", "heatmap", "--residual", "--json"])).unwrap();
    let heat = tables
        .iter()
        .find(|t| t[0][0].starts_with("Sandsynlighed"))
        .expect("the heat map table");
    for row in &heat[1..] {
        let l: usize = row[0].parse().unwrap();
        for i in 1..=5 {
            let n: i64 = row[i].split_whitespace().next().unwrap().parse().unwrap();
            assert_eq!(
                n,
                map["counts"][l - 1][i - 1].as_i64().unwrap(),
                "cell {l}x{i}"
            );
        }
    }
    // A page of the PDF as a picture, for people to look at.
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let pdf = dir.path().join("status.pdf");
    ok(
        &ws,
        &[
            "report",
            "status",
            "--year",
            "2017",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    let pages = tool("pdftotext", "poppler-utils", &[pdf.to_str().unwrap(), "-"]);
    let page = pages
        .split('\u{c}')
        .position(|p| p.contains("Sandsynlighed"))
        .expect("a page with the heat map")
        + 1;
    let n = page.to_string();
    tool(
        "pdftoppm",
        "poppler-utils",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            &n,
            "-l",
            &n,
            "-singlefile",
            pdf.to_str().unwrap(),
            shots.join("report-status-heatmap").to_str().unwrap(),
        ],
    );
    assert!(shots.join("report-status-heatmap.png").exists());
}
