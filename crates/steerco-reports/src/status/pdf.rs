//! A report [`Doc`] as a tagged PDF, on the minutes' layout engine: headings,
//! paragraphs and tables in the tag tree, charts as vector Figures with alternative
//! text, "Eksempeldata" in every page header of a demo report.

use super::doc::{Block, Doc, Table};
use super::words::words;
use crate::error::ReportError;
use crate::pdf::layout::{CellStyle, Column, Geometry, Layout, ParaStyle, Span};
use crate::pdf::{charts, fit, fonts, render, Furniture, MUTED, SAMPLE_FILL, SAMPLE_TEXT};
use crate::text::lang_tag;

pub(crate) fn write(doc: &Doc) -> Result<Vec<u8>, ReportError> {
    let w = words(doc.lang);
    let fonts = fonts::Fonts::load()?;
    let mut lay = Layout::new(&fonts, Geometry::a4());
    for (k, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(level, text) => {
                let size = match level {
                    1 => 18.0,
                    2 => 14.0,
                    _ => 11.5,
                };
                lay.space(if *level == 2 { 8.0 } else { 3.0 });
                // Keep the heading with the start of what it introduces.
                lay.ensure(size * 2.0 + need(&doc.blocks[k + 1..]));
                lay.heading(u16::from(*level), text, size);
            }
            Block::Facts(facts) => {
                for (label, value) in facts {
                    let label = format!("{label}:");
                    let style = ParaStyle {
                        space_after: 1.0,
                        ..ParaStyle::body()
                    };
                    lay.paragraph(&[Span::bold(&label), Span::plain(value)], style);
                }
                lay.space(8.0);
            }
            Block::Banner(text) => lay.banner(text, SAMPLE_FILL, SAMPLE_TEXT),
            Block::Para(text) => lay.paragraph(&[Span::plain(text)], ParaStyle::body()),
            Block::Note(text) => lay.paragraph(&[Span::plain(text)], note()),
            Block::Table(t) => table(&mut lay, t),
            Block::HeatMap(h) => {
                caption(&mut lay, &h.caption, charts::heat_map_height());
                lay.figure(charts::heat_map_height(), &h.alt, |x, y, _| {
                    charts::heat_map(&fonts, h, x, y)
                });
                lay.space(6.0);
            }
            Block::Bars(b) => {
                caption(&mut lay, &b.caption, charts::bars_height(b));
                lay.figure(charts::bars_height(b), &b.alt, |x, y, width| {
                    charts::bars(&fonts, b, x, y, width)
                });
                lay.space(6.0);
            }
        }
        if k == 0 && doc.sample {
            lay.banner(w.sample_data, SAMPLE_FILL, SAMPLE_TEXT);
        }
    }
    let furniture = Furniture {
        header: fit(&fonts, &doc.running_head, 8.0, 360.0),
        footer: fit(&fonts, &doc.title, 8.0, 380.0),
        sample: doc.sample.then_some(w.sample_data),
        page: w.page,
        of: w.of,
    };
    let laid = lay.finish(|page, i, count| furniture.draw(&fonts, page, i, count));
    render::render(
        laid,
        &fonts,
        &render::Info {
            title: &doc.title,
            lang: lang_tag(doc.lang),
        },
    )
}

/// Roughly the height of the start of `blocks` that must not be parted from a heading
/// before it: a table's header and first row, a whole chart, a subheading and what
/// follows it; text paragraphs are kept by the heading itself.
fn need(blocks: &[Block]) -> f32 {
    match blocks.first() {
        Some(Block::Table(_)) => 64.0,
        Some(Block::HeatMap(_)) => charts::heat_map_height() + 20.0,
        Some(Block::Bars(b)) => charts::bars_height(b) + 20.0,
        Some(Block::Heading(_, _)) => 30.0 + need(&blocks[1..]),
        _ => 0.0,
    }
}

fn note() -> ParaStyle {
    ParaStyle {
        size: 8.5,
        color: MUTED,
        ..ParaStyle::body()
    }
}

/// A chart's caption, kept on the page of its chart.
fn caption(lay: &mut Layout, text: &str, chart_height: f32) {
    lay.ensure(chart_height + 20.0);
    lay.paragraph(&[Span::bold(text)], ParaStyle::body());
}

fn table(lay: &mut Layout, t: &Table) {
    let cols: Vec<Column> = t
        .cols
        .iter()
        .map(|(title, share)| Column {
            title,
            share: *share,
        })
        .collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.clone()).collect())
        .collect();
    let styles: Vec<Vec<CellStyle>> = t
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| CellStyle {
                    fill: c.tone.map(|t| t.rgb()),
                    right: c.numeric,
                })
                .collect()
        })
        .collect();
    lay.table_styled(&cols, &rows, &styles, 9.0);
}
