//! The Markdown, read back with pulldown-cmark (GFM tables on), which did not write it.

mod common;

use common::*;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
use steerco_reports::{minutes_markdown, ExportOptions, Lang};

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

#[test]
fn user_text_cannot_become_markup() {
    let md = minutes_markdown(&minutes(), &ExportOptions::default());
    let evs = events(&md);
    for e in &evs {
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
    let text = plain_text(&evs);
    // The hostile title and note survive as literal text.
    assert!(text.contains(EVIL_TITLE), "{text}");
    assert!(text.contains("*fed* _kursiv_ `kode` | rør & <b>"), "{text}");
}

#[test]
fn structure_labels_and_closed_items() {
    let md = minutes_markdown(&minutes(), &ExportOptions::default());
    let evs = events(&md);
    let h3 = evs
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H3,
                    ..
                })
            )
        })
        .count();
    assert_eq!(h3, 3, "one heading per item:\n{md}");
    assert!(
        evs.iter().any(|e| matches!(e, Event::Start(Tag::Table(_)))),
        "attendance table"
    );
    let text = plain_text(&evs);
    for needle in [
        "Referat: Møde nr. 4 – økonomi og fremdrift",
        "Eksempeldata",
        "Beslutning:",
        DECISION,
        "Handling: Send det reviderede budget til økonomiudvalget (ansvarlig Søren Ødegård, frist 2026-04-01)",
        "2. Fortrolig personalesag Østergård (lukket punkt)",
        "Åse Ærø Formand Til stede",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }

    let public = minutes_markdown(
        &minutes(),
        &ExportOptions {
            omit_closed: true,
            language: Lang::En,
        },
    );
    assert!(
        !public.contains("Fortrolig") && !public.contains(CLOSED_DECISION),
        "{public}"
    );
    assert!(
        public.contains("Decision:") && public.contains("Sample data"),
        "{public}"
    );
}
