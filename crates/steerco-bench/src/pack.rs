//! The board pack: a meeting's agenda with 20 papers of 200 pages in all, made into one
//! PDF by the function the CLI and the app call. The papers are PDFs written here (a
//! page of text lines each, its font embedded, as a typical report's pages are).

use std::time::{Duration, Instant};

use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use steerco_reports::{
    board_pack_pdf, BoardPack, ExportOptions, MeetingHeader, PackItem, PackPaper,
};

use crate::{human_bytes, ms};

/// A paper of `pages` A4 pages, 45 lines of text each.
fn paper(k: usize, pages: usize) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let font = Font::new(dejavu::sans::regular().into(), 0).ok_or("DejaVu Sans")?;
    let mut doc = Document::new();
    for p in 0..pages {
        let mut page = doc.start_page_with(PageSettings::from_wh(595.0, 842.0).ok_or("size")?);
        let mut s = page.surface();
        for line in 0..45 {
            let text = format!(
                "Bilag {k}, side {}, linje {line}: styregruppen drøfter økonomi, tidsplan og risici.",
                p + 1
            );
            let at = Point::from_xy(56.0, 70.0 + 16.0 * line as f32);
            s.draw_text(at, font.clone(), 10.0, &text, false, TextDirection::Auto);
        }
        s.finish();
        page.finish();
    }
    Ok(doc.finish().map_err(|e| format!("{e:?}"))?)
}

pub fn run(quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    // Quick (the smoke run in make test): 5 papers of 4 pages.
    let (papers, per_paper, runs) = if quick { (5, 4, 1) } else { (20, 10, 3) };
    let mut items = Vec::new();
    for k in 0..papers {
        items.push(PackItem {
            position: k as u32 + 1,
            title: format!("Punkt {}", k + 1),
            presenter: Some("Sekretariatet".into()),
            closed: false,
            papers: vec![PackPaper {
                title: format!("Bilag {}", k + 1),
                file_name: format!("bilag-{}.pdf", k + 1),
                media_type: "application/pdf".into(),
                bytes: paper(k + 1, per_paper)?,
            }],
        });
    }
    let pack = BoardPack {
        meeting: MeetingHeader {
            workspace: "Bench".into(),
            sample_data: false,
            committee: "Styregruppe".into(),
            title: "Møde med mødemappe".into(),
            starts_at: chrono::DateTime::parse_from_rfc3339("2026-03-04T10:00:00+01:00")?,
            time_zone: "Europe/Copenhagen".into(),
            duration_min: 120,
            location: None,
        },
        items,
    };
    let input: usize = pack.items.iter().map(|i| i.papers[0].bytes.len()).sum();
    let mut times: Vec<Duration> = Vec::new();
    let mut made = None;
    for _ in 0..runs {
        let start = Instant::now();
        made = Some(board_pack_pdf(&pack, &ExportOptions::default())?);
        times.push(start.elapsed());
    }
    times.sort();
    let made = made.ok_or("no run")?;
    println!(
        "board pack ({papers} papers, {} pages of papers, {} of papers in): {} pages, {} in median {} (target under 3 s)",
        papers * per_paper,
        human_bytes(input as u64),
        made.pages,
        human_bytes(made.bytes.len() as u64),
        ms(times[times.len() / 2])
    );
    Ok(())
}
