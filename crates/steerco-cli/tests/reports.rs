//! `steerco report status | deliverables | highlight` on the demo, each file
//! checked by tools that did not write it (poppler-utils, LibreOffice).

use std::path::Path;
use std::process::{Command, Output};

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

fn tool(program: &str, package: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}): install the Debian package {package} (tools/setup)")
        });
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
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
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    tool(
        "soffice",
        "libreoffice-writer-nogui",
        &[
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            dir.path().to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(dir.path().join("status-2017.txt")).unwrap();
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
