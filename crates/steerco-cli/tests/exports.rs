//! `steerco export minutes | ics | csv` through the real binary, each file
//! checked by a tool that did not write it: pdftotext, pdffonts and pdfinfo
//! (poppler-utils), LibreOffice headless, the `ical` parser, the csv reader.

mod common;

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{docx_text, pdf_text, tool};

const NOW: &str = "2026-03-01T09:00:00Z";

fn steerco(ws: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco"))
        .args(args)
        .env("STEERCO_WORKSPACE", ws)
        .env("STEERCO_NOW", NOW)
        .env("STEERCO_USER", "Sekretær Test")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A demo workspace with one approved meeting: an open item with a note, a
/// decision and an action, and a closed item with a decision.
fn meeting(dir: &Path) -> (PathBuf, String) {
    let ws = dir.join("ws.steerco");
    steerco(&ws, &["init", "--demo"]);
    steerco(
        &ws,
        &[
            "committee",
            "add",
            "--name",
            "Styregruppen for data",
            "--kind",
            "steering",
        ],
    );
    steerco(
        &ws,
        &[
            "member",
            "add",
            "--committee",
            "Styregruppen for data",
            "--name",
            "Åse Ærø",
            "--role",
            "chair",
        ],
    );
    let m = steerco(
        &ws,
        &[
            "meeting",
            "add",
            "--committee",
            "Styregruppen for data",
            "--title",
            "Møde om grunddata",
            "--at",
            "2026-03-02T10:00",
            "--duration",
            "90",
        ],
    );
    steerco(
        &ws,
        &[
            "meeting",
            "attend",
            &m,
            "--name",
            "Åse Ærø",
            "--status",
            "present",
        ],
    );
    steerco(
        &ws,
        &[
            "agenda",
            "add",
            &m,
            "--title",
            "Status på grunddataprogrammet",
            "--initiative",
            "8.1",
        ],
    );
    steerco(
        &ws,
        &[
            "agenda",
            "add",
            &m,
            "--title",
            "Fortroligt udbudsforhold",
            "--closed",
        ],
    );
    steerco(&ws, &["meeting", "state", &m, "open"]);
    steerco(
        &ws,
        &[
            "outcome",
            "add",
            &m,
            "--item",
            "2",
            "--note",
            "Programmet følger planen.",
        ],
    );
    steerco(
        &ws,
        &[
            "outcome",
            "add",
            &m,
            "--item",
            "2",
            "--decision",
            "Styregruppen godkender den reviderede tidsplan for grunddata.",
        ],
    );
    steerco(
        &ws,
        &[
            "outcome",
            "add",
            &m,
            "--item",
            "2",
            "--action",
            "=Opdatér risikolog",
            "--owner",
            "Åse Ærø",
            "--due",
            "2026-04-01",
        ],
    );
    steerco(
        &ws,
        &[
            "outcome",
            "add",
            &m,
            "--item",
            "3",
            "--decision",
            "Hemmelig beslutning om leverandørvalg.",
        ],
    );
    steerco(&ws, &["meeting", "state", &m, "in-progress"]);
    steerco(&ws, &["meeting", "state", &m, "closed"]);
    steerco(&ws, &["meeting", "state", &m, "approved"]);
    (ws, m)
}

#[test]
fn minutes_as_pdf_docx_and_markdown_with_and_without_closed_items() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, m) = meeting(dir.path());
    let full = dir.path().join("referat.pdf");
    let open = dir.path().join("referat-aaben.pdf");
    steerco(
        &ws,
        &[
            "export",
            "minutes",
            &m,
            "--format",
            "pdf",
            "-o",
            full.to_str().unwrap(),
        ],
    );
    steerco(
        &ws,
        &[
            "export",
            "minutes",
            &m,
            "--format",
            "pdf",
            "--omit-closed",
            "-o",
            open.to_str().unwrap(),
        ],
    );
    let text = pdf_text(&full);
    assert!(text.contains("reviderede tidsplan"), "{text}");
    assert!(text.contains("Fortroligt udbudsforhold") && text.contains("leverandørvalg"));
    let text = pdf_text(&open);
    assert!(text.contains("reviderede tidsplan"), "{text}");
    assert!(
        !text.contains("Fortroligt") && !text.contains("leverandørvalg"),
        "a closed item left the machine: {text}"
    );
    // Every font embedded; tagged for accessibility.
    let fonts = tool("pdffonts", "poppler-utils", &[full.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: "emb" is 5th from the end.
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
    let info = tool("pdfinfo", "poppler-utils", &[full.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );

    // DOCX: LibreOffice converts it, and its text holds the decision.
    let docx = dir.path().join("referat.docx");
    steerco(
        &ws,
        &[
            "export",
            "minutes",
            &m,
            "--format",
            "docx",
            "--omit-closed",
            "-o",
            docx.to_str().unwrap(),
        ],
    );
    let text = docx_text(&docx);
    assert!(text.contains("reviderede tidsplan"), "{text}");
    assert!(!text.contains("leverandørvalg"));

    // Markdown to stdout.
    let md = steerco(
        &ws,
        &["export", "minutes", &m, "--format", "md", "--lang", "en"],
    );
    assert!(
        md.contains("reviderede tidsplan") && md.contains("Åse Ærø"),
        "{md}"
    );
}

#[test]
fn a_meeting_as_icalendar_and_registers_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, m) = meeting(dir.path());
    let ics = dir.path().join("moede.ics");
    steerco(&ws, &["export", "ics", &m, "-o", ics.to_str().unwrap()]);
    let file = std::fs::File::open(&ics).unwrap();
    let cal = ical::IcalParser::new(BufReader::new(file))
        .next()
        .expect("one calendar")
        .expect("an iCalendar file the parser reads");
    assert_eq!(cal.timezones.len(), 1, "with its time zone");
    let event = &cal.events[0];
    let prop = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone()
    };
    assert_eq!(
        prop("SUMMARY").value.as_deref(),
        Some("Styregruppen for data: Møde om grunddata")
    );
    let start = prop("DTSTART");
    assert_eq!(start.value.as_deref(), Some("20260302T100000"));
    let tzid = start.params.unwrap_or_default();
    assert!(
        tzid.iter()
            .any(|(k, v)| k == "TZID" && v == &["Europe/Copenhagen"]),
        "{tzid:?}"
    );
    let description = prop("DESCRIPTION").value.unwrap_or_default();
    assert!(description.contains("Status på grunddataprogrammet"));
    assert!(
        !description.contains("Fortroligt"),
        "closed titles stay off calendars"
    );

    let csv = dir.path().join("handlinger.csv");
    steerco(
        &ws,
        &["export", "csv", "tasks", "-o", csv.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains("'=Opdatér risikolog"),
        "formula neutralised: {text}"
    );
    assert!(!text
        .lines()
        .any(|l| l.split(',').any(|c| c.starts_with('='))));
    let decisions = steerco(&ws, &["export", "csv", "decisions"]);
    assert!(decisions.contains("reviderede tidsplan"), "{decisions}");
}
