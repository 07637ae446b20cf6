//! The chair's reports as DOCX, read back by LibreOffice (which did not write them).
//! LibreOffice takes seconds to start, so each conversion handles several files.

mod common;

use std::path::Path;

use common::status::*;
use common::*;
use steerco_reports::*;

/// Converts every file in `inputs` to `filter` with one LibreOffice run.
fn convert(dir: &Path, filter: &str, inputs: &[String]) {
    // A private profile, so parallel runs (and a user's open LibreOffice) don't collide.
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let outdir = dir.to_str().unwrap().to_string();
    let mut args = vec![
        "--headless",
        "--norestore",
        &profile,
        "--convert-to",
        filter,
        "--outdir",
        &outdir,
    ];
    args.extend(inputs.iter().map(String::as_str));
    run("soffice", "libreoffice-writer-nogui", &args);
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    flat(&out)
}

#[test]
fn libreoffice_reads_the_three_reports() {
    let opts = ExportOptions::default();
    let status = status_report_docx(&status_report(), &opts).unwrap();
    let files = [
        ("status.docx", status.clone()),
        (
            "deliverables.docx",
            deliverables_docx(&deliverables(), &opts).unwrap(),
        ),
        (
            "highlight.docx",
            highlight_docx(&highlight(), &opts).unwrap(),
        ),
    ];

    // docx-rs stores the parts uncompressed: the markup can be checked in the bytes.
    let raw = String::from_utf8_lossy(&status);
    for style in ["Heading1", "Heading2", "Heading3"] {
        assert!(raw.contains(&format!(r#"w:styleId="{style}""#)), "{style}");
    }
    assert!(raw.contains("<w:tbl>"), "tables");
    // "Eksempeldata" in the page header part, so every printed page says it.
    let header = raw.find("<w:hdr").expect("a page header");
    let header_end = raw[header..].find("</w:hdr>").unwrap() + header;
    assert!(raw[header..header_end].contains("Eksempeldata"));

    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<String> = files
        .iter()
        .map(|(name, bytes)| write(dir.path(), name, bytes))
        .collect();
    convert(dir.path(), "txt:Text (encoded):UTF8", &inputs);
    let read = |name: &str| {
        let text = std::fs::read_to_string(dir.path().join(name))
            .unwrap_or_else(|e| panic!("LibreOffice wrote {name}: {e}"));
        flat(&text)
    };

    let text = read("status.txt");
    for needle in [
        "Statusredegørelse 2026",
        "Eksempeldata",
        TITLE_8_1,
        YEAR_DECISION,
        "Grå (ikke rapporteret)",
        "↓ forværret",
        "Sandsynlighed ↓ / Konsekvens →",
        "Høj (13–25)",
        "Bjørn Ærbø",
        "+1.250.000",
        "<script>alert(1)</script>",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    let text = read("deliverables.txt");
    for needle in ["Leveranceoversigt 2026-H1", "Opfyldt for sent", TITLE_8_1] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    let text = read("highlight.txt");
    for needle in [
        "Statusrapport (highlight report): 8.1 God data og effektiv datadeling",
        "Beslutninger, der ønskes",
        "Styregruppen bedes godkende en ny tidsplan",
        RISK_DANISH,
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }

    // The heat map is a real 6x6 table: axis labels, then likelihood 5 to 1 down the
    // side, each cell its count and band word.
    convert(dir.path(), "html", &inputs[..1]);
    let html = std::fs::read_to_string(dir.path().join("status.html")).unwrap();
    let at = html.find("Sandsynlighed ↓").expect("heat map table");
    let start = html[..at].rfind("<table").unwrap();
    let end = html[at..].find("</table>").unwrap() + at;
    let rows: Vec<Vec<String>> = html[start..end]
        .split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| strip_tags(&format!("<td{cell}")))
                .collect()
        })
        .collect();
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec!["Sandsynlighed ↓ / Konsekvens →", "1", "2", "3", "4", "5"],
            vec!["5", "0 Middel", "0 Middel", "0 Høj", "0 Høj", "0 Høj"],
            vec!["4", "0 Lav", "0 Middel", "0 Middel", "0 Høj", "1 Høj"],
            vec!["3", "0 Lav", "0 Middel", "1 Middel", "0 Middel", "0 Høj"],
            vec!["2", "0 Lav", "1 Lav", "0 Middel", "0 Middel", "0 Middel"],
            vec!["1", "0 Lav", "0 Lav", "0 Lav", "0 Lav", "0 Middel"],
        ]
    );
}
