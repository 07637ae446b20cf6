//! The chair's reports as Markdown, read back with pulldown-cmark (GFM tables on),
//! which did not write them.

mod common;

use common::status::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use steerco_reports::*;

fn events(md: &str) -> Vec<Event<'_>> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    Parser::new_ext(md, opts).collect()
}

fn plain_text(evs: &[Event]) -> String {
    let mut s = String::new();
    for e in evs {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => s.push(' '),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_no_markup_from_user_text(md: &str) {
    for e in events(md) {
        assert!(
            !matches!(
                e,
                Event::Html(_)
                    | Event::InlineHtml(_)
                    | Event::Code(_)
                    | Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Strikethrough)
            ),
            "user text became markup: {e:?}\n{md}"
        );
    }
}

/// Each table's cells as text, row by row (header first).
fn tables(evs: &[Event]) -> Vec<Vec<Vec<String>>> {
    let mut out: Vec<Vec<Vec<String>>> = Vec::new();
    let mut cell: Option<String> = None;
    for e in evs {
        match e {
            Event::Start(Tag::Table(_)) => out.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                out.last_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(t);
                }
            }
            Event::End(TagEnd::TableCell) => {
                let row = out.last_mut().unwrap().last_mut().unwrap();
                row.push(cell.take().unwrap());
            }
            _ => {}
        }
    }
    out
}

#[test]
fn status_report_markdown() {
    let md = status_report_md(&status_report(), &ExportOptions::default());
    assert!(md.starts_with("> **Eksempeldata**\n"), "{md}");
    assert_no_markup_from_user_text(&md);
    let evs = events(&md);
    let text = plain_text(&evs);
    for needle in [
        "Statusredegørelse 2026",
        HOSTILE_REASON,
        YEAR_DECISION,
        TITLE_8_1,
        "↓ forværret",
        "Grå (ikke rapporteret)",
        RISK_DANISH,
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    let tables = tables(&evs);
    // Bars, three focus areas, reached, slipped, decisions, heat map, risks, budget.
    assert_eq!(tables.len(), 10, "{md}");
    let heat = tables
        .iter()
        .find(|t| t[0][0] == "Sandsynlighed ↓ / Konsekvens →")
        .expect("heat map table");
    assert_eq!(heat.len(), 6);
    assert_eq!(heat[0][1..], ["1", "2", "3", "4", "5"]);
    assert_eq!(
        heat[2],
        [
            "4",
            "0 (Lav)",
            "0 (Middel)",
            "0 (Middel)",
            "0 (Høj)",
            "1 (Høj)"
        ]
    );
    let budget = tables.last().unwrap();
    assert_eq!(
        budget.last().unwrap(),
        &["", "I alt", "", "16.500.000", "17.460.000", "+960.000"]
    );
}

#[test]
fn deliverables_and_highlight_markdown() {
    let opts = ExportOptions {
        language: Lang::En,
        ..ExportOptions::default()
    };
    let md = deliverables_md(&deliverables(), &opts);
    assert!(md.starts_with("> **Sample data**\n"), "{md}");
    assert_no_markup_from_user_text(&md);
    let text = plain_text(&events(&md));
    for needle in [
        "Deliverables overview 2026-H1",
        "Met late",
        "Slipped",
        TITLE_8_1,
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }

    let mut h = highlight();
    h.issues = "Leverandøren <b>mangler</b> [data](http://x)".into();
    let md = highlight_md(&h, &ExportOptions::default());
    assert_no_markup_from_user_text(&md);
    let text = plain_text(&events(&md));
    for needle in [
        "Statusrapport (highlight report): 8.1 God data og effektiv datadeling",
        "Leverandøren <b>mangler</b> [data](http://x)",
        "Tid Rød",
        "Styregruppen bedes godkende en ny tidsplan",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
}
