//! A report [`Doc`] as Markdown (GitHub-flavoured tables). All text, fixed words included,
//! goes through the minutes' [`escape`], so user text stays literal wherever it is shown.

use super::doc::{BarFigure, Block, Doc, HeatFigure, Table};
use super::words::words;
use crate::markdown::escape;

pub(crate) fn write(doc: &Doc) -> String {
    let mut out = String::new();
    if doc.sample {
        // The very first line, so even a preview of the file's top says it.
        out.push_str(&format!("> **{}**\n\n", words(doc.lang).sample_data));
    }
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                out.push_str(&format!("{hashes} {}\n\n", escape(text)));
            }
            Block::Facts(facts) => {
                for (label, value) in facts {
                    // Two trailing spaces: a hard break keeps one fact per line.
                    out.push_str(&format!("**{}:** {}  \n", escape(label), escape(value)));
                }
                out.push('\n');
            }
            Block::Banner(text) => out.push_str(&format!("> **{}**\n\n", escape(text))),
            Block::Para(text) => out.push_str(&format!("{}\n\n", escape(text))),
            Block::Note(text) => out.push_str(&format!("*{}*\n\n", escape(text))),
            Block::Table(t) => table(&mut out, t),
            Block::HeatMap(h) => heat_map(&mut out, h),
            Block::Bars(b) => bars(&mut out, b),
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    out.push('|');
    for c in cells {
        out.push_str(&format!(" {} |", escape(&c)));
    }
    out.push('\n');
}

fn rule(out: &mut String, right: impl IntoIterator<Item = bool>) {
    out.push('|');
    for r in right {
        out.push_str(if r { "---:|" } else { "---|" });
    }
    out.push('\n');
}

fn table(out: &mut String, t: &Table) {
    row(out, t.cols.iter().map(|(title, _)| title.clone()));
    let numeric: Vec<bool> = (0..t.cols.len())
        .map(|c| {
            t.rows
                .iter()
                .any(|r| r.get(c).is_some_and(|cell| cell.numeric))
        })
        .collect();
    rule(out, numeric);
    for r in &t.rows {
        row(out, r.iter().map(|c| c.text.clone()));
    }
    out.push('\n');
}

/// The map as a table: likelihood 5 (top) to 1 down the side, impact 1-5 across; each
/// cell "count (band)".
fn heat_map(out: &mut String, h: &HeatFigure) {
    out.push_str(&format!("**{}**\n\n", escape(&h.caption)));
    let corner = format!("{} ↓ / {} →", h.likelihood, h.impact);
    row(
        out,
        std::iter::once(corner).chain((1..=5).map(|i| i.to_string())),
    );
    rule(out, [false; 6]);
    for l in (0..5).rev() {
        let cells = h.cells[l]
            .iter()
            .map(|(n, band, _)| format!("{n} ({band})"));
        row(out, std::iter::once((l + 1).to_string()).chain(cells));
    }
    out.push('\n');
    let legend: Vec<String> = h.legend.iter().map(|(w, _)| w.clone()).collect();
    out.push_str(&format!("*{}*\n\n", escape(&legend.join(" · "))));
}

fn bars(out: &mut String, b: &BarFigure) {
    out.push_str(&format!("**{}**\n\n", escape(&b.caption)));
    row(
        out,
        std::iter::once(b.rows_title.clone()).chain(b.series.iter().map(|s| s.name.clone())),
    );
    rule(
        out,
        std::iter::once(false).chain(b.series.iter().map(|_| true)),
    );
    for (label, values) in &b.rows {
        row(
            out,
            std::iter::once(label.clone()).chain(values.iter().map(u32::to_string)),
        );
    }
    out.push('\n');
}
