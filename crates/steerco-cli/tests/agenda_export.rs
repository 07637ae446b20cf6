//! `steerco export agenda` (PDF, DOCX, Markdown) and `export ics` as an invitation,
//! through the real binary; the PDF read back by pdftotext, the DOCX by LibreOffice
//! (a tool that did not write it), the calendar by the `ical` parser.

mod common;

use std::io::BufReader;
use std::path::Path;

use common::{docx_text, pdf_text, Ws};

/// A committee of three (two with an e-mail address), a closed earlier meeting with an
/// open action, and the next meeting with a place, a presenter, durations and a closed
/// item. Returns the workspace and the next meeting's id.
fn workspace() -> (Ws, String) {
    let ws = Ws::empty("Kommunen");
    ws.committee("Styregruppen", "steering");
    for (name, role) in [
        ("Åse Ærø", "chair"),
        ("Bo Bech", "secretary"),
        ("Carl Ravn", "observer"),
    ] {
        ws.member("Styregruppen", name, role);
    }
    ws.ok(&["person", "set", "Åse Ærø", "--email", "aase@kommune.dk"]);
    ws.ok(&["person", "set", "Bo Bech", "--email", "bo@kommune.dk"]);

    let m1 = &ws.id(&[
        "meeting",
        "add",
        "--committee",
        "Styregruppen",
        "--title",
        "Møde 1",
        "--at",
        "2026-02-02T10:00",
    ]);
    ws.ok(&["agenda", "add", m1, "--title", "Status"]);
    ws.ok(&["meeting", "state", m1, "open"]);
    ws.ok(&[
        "outcome",
        "add",
        m1,
        "--item",
        "2",
        "--action",
        "Opdatér risikolog",
        "--owner",
        "Åse Ærø",
        "--due",
        "2026-04-01",
    ]);
    ws.ok(&["meeting", "state", m1, "in-progress"]);
    ws.ok(&["meeting", "state", m1, "closed"]);

    let m2 = ws.id(&[
        "meeting",
        "add",
        "--committee",
        "Styregruppen",
        "--title",
        "Møde 2",
        "--at",
        "2026-03-04T10:00",
        "--duration",
        "120",
        "--location",
        "Lokale 2.14, Rådhuset",
    ]);
    ws.ok(&[
        "agenda",
        "add",
        &m2,
        "--title",
        "Budget 2026",
        "--presenter",
        "Bo Bech",
        "--duration",
        "30",
    ]);
    ws.ok(&[
        "agenda",
        "add",
        &m2,
        "--title",
        "Fortrolig personalesag",
        "--duration",
        "20",
        "--closed",
    ]);
    ws.ok(&[
        "agenda",
        "add",
        &m2,
        "--title",
        "Eventuelt",
        "--duration",
        "10",
    ]);
    (ws, m2)
}

fn export(ws: &Ws, m: &str, format: &str, file: &Path, extra: &[&str]) {
    let mut args = vec![
        "export",
        "agenda",
        m,
        "--format",
        format,
        "-o",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ws.ok(&args);
}

#[test]
fn an_agenda_in_markdown_with_times_place_participants_and_follow_up() {
    let (ws, m) = workspace();
    let md = ws.ok(&["export", "agenda", &m, "--format", "md"]);
    assert!(md.starts_with("# Dagsorden: Møde 2\n"), "{md}");
    assert!(!md.contains("Referat"), "{md}");
    assert!(md.contains("**Sted:** Lokale 2.14, Rådhuset"), "{md}");
    assert!(md.contains("2026-03-04 10:00–12:00"), "{md}");
    for row in [
        "| Åse Ærø | Formand |",
        "| Bo Bech | Sekretær |",
        "| Carl Ravn | Observatør |",
    ] {
        assert!(md.contains(row), "{row}: {md}");
    }
    // The follow-up item (no length) first, then each item at its computed time.
    assert!(md.contains("### 1. Opfølgning"), "{md}");
    assert!(
        md.contains("| Opdatér risikolog | Åse Ærø | 2026-04-01 | Møde 1, 2026-02-02 |"),
        "{md}"
    );
    assert!(
        md.contains("*Kl. 10:00–10:30 · Oplæg: Bo Bech · 30 min*"),
        "{md}"
    );
    assert!(
        md.contains("### 3. Fortrolig personalesag (lukket punkt)"),
        "{md}"
    );
    assert!(md.contains("*Kl. 10:50–11:00 · 10 min*"), "{md}");

    let open = ws.ok(&["export", "agenda", &m, "--format", "md", "--omit-closed"]);
    assert!(!open.contains("Fortrolig"), "{open}");
    assert!(
        open.contains("*Kl. 10:50–11:00 · 10 min*"),
        "times stay true: {open}"
    );

    let en = ws.ok(&["export", "agenda", &m, "--format", "md", "--lang", "en"]);
    assert!(en.starts_with("# Agenda: Møde 2\n"), "{en}");
}

#[test]
fn an_agenda_as_pdf_and_docx() {
    let (ws, m) = workspace();
    let pdf = ws.dir().join("dagsorden.pdf");
    export(&ws, &m, "pdf", &pdf, &["--omit-closed"]);
    let text = pdf_text(&pdf);
    assert!(text.contains("Dagsorden: Møde 2"), "{text}");
    assert!(
        text.contains("Opdatér risikolog") && text.contains("Budget 2026"),
        "{text}"
    );
    assert!(
        !text.contains("Fortrolig") && !text.contains("Referat"),
        "{text}"
    );

    let docx = ws.dir().join("dagsorden.docx");
    export(&ws, &m, "docx", &docx, &[]);
    let text = docx_text(&docx);
    assert!(text.contains("Dagsorden: Møde 2"), "{text}");
    assert!(
        text.contains("Fortrolig personalesag (lukket punkt)"),
        "{text}"
    );
    assert!(text.contains("Lokale 2.14, Rådhuset"), "{text}");
}

#[test]
fn bad_requests_are_refused_and_write_nothing() {
    let (ws, m) = workspace();
    let file = ws.dir().join("nothing.pdf");
    let f = file.to_str().unwrap();
    ws.refused(
        &["export", "agenda", "ffffffff", "--format", "pdf", "-o", f],
        "meeting",
    );
    ws.refused(&["export", "agenda", &m, "--format", "odt", "-o", f], "odt");
    ws.refused(
        &[
            "export", "agenda", &m, "--format", "pdf", "--lang", "de", "-o", f,
        ],
        "language",
    );
    assert!(!file.exists(), "a refused export wrote a file");
    let out = ws.run(&["export", "agenda", &m, "-o", f]);
    assert_eq!(out.status.code(), Some(2), "--format is required");
    assert!(!file.exists());
}

fn calendar(ws: &Ws, m: &str) -> ical::parser::ical::component::IcalCalendar {
    let ics = ws.ok(&["export", "ics", m]);
    ical::IcalParser::new(BufReader::new(ics.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("parses")
}

fn value(props: &[ical::property::Property], name: &str) -> Option<String> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}

#[test]
fn the_invitation_carries_attendees_and_a_new_sequence_after_a_reschedule() {
    let (ws, m) = workspace();
    let cal = calendar(&ws, &m);
    assert_eq!(value(&cal.properties, "METHOD").as_deref(), Some("REQUEST"));
    let ev = &cal.events[0].properties;
    let uid = value(ev, "UID").unwrap();
    assert_eq!(value(ev, "SEQUENCE").as_deref(), Some("0"));
    assert_eq!(
        value(ev, "LOCATION").as_deref(),
        Some(r"Lokale 2.14\, Rådhuset")
    );
    let mut attendees: Vec<String> = ev
        .iter()
        .filter(|p| p.name == "ATTENDEE")
        .map(|p| p.value.clone().unwrap())
        .collect();
    attendees.sort();
    assert_eq!(
        attendees,
        ["mailto:aase@kommune.dk", "mailto:bo@kommune.dk"],
        "Carl has no address"
    );
    let chair = ev
        .iter()
        .find(|p| p.value.as_deref() == Some("mailto:aase@kommune.dk"))
        .unwrap();
    let params = chair.params.clone().unwrap_or_default();
    assert!(
        params.iter().any(|(k, v)| k == "ROLE" && v == &["CHAIR"]),
        "{params:?}"
    );
    assert!(
        params.iter().any(|(k, v)| k == "CN" && v == &["Åse Ærø"]),
        "{params:?}"
    );
    assert_eq!(
        value(ev, "ORGANIZER").as_deref(),
        Some("mailto:bo@kommune.dk")
    );

    ws.ok(&["meeting", "set", &m, "--at", "2026-03-05T09:00"]);
    let cal = calendar(&ws, &m);
    let ev = &cal.events[0].properties;
    assert_eq!(value(ev, "UID").unwrap(), uid);
    assert_eq!(value(ev, "SEQUENCE").as_deref(), Some("1"));
    assert_eq!(value(ev, "DTSTART").as_deref(), Some("20260305T090000"));

    ws.ok(&["meeting", "cancel", &m]);
    let cal = calendar(&ws, &m);
    assert_eq!(value(&cal.properties, "METHOD").as_deref(), Some("CANCEL"));
    let ev = &cal.events[0].properties;
    assert_eq!(value(ev, "UID").unwrap(), uid);
    assert_eq!(value(ev, "STATUS").as_deref(), Some("CANCELLED"));
    let seq: u32 = value(ev, "SEQUENCE").unwrap().parse().unwrap();
    assert!(seq >= 2, "{seq}");
    let md = ws.ok(&["export", "agenda", &m, "--format", "md"]);
    assert!(md.contains("AFLYST"), "{md}");
}
