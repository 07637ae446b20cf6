//! A report [`Doc`] as an editable Word document: Word's heading styles, real tables
//! (the risk map too: a 5x5 table with counts, band words and labelled axes), tinted
//! cells that also say their status in words.

use docx_rs::{
    AlignmentType, Docx, Header, Paragraph, Run, Shading, Table as DocxTable, TableCell, TableRow,
    VAlignType, WidthType,
};

use super::doc::{BarFigure, Block, Cell, Doc, HeatFigure, Table, Tone};
use super::words::words;
use crate::docx::{clean, heading, heading_style, plain, sample_paragraph};
use crate::error::ReportError;

/// Text width of an A4 page with docx-rs' default margins, in twentieths of a point.
const WIDTH: f32 = 9000.0;

pub(crate) fn write(doc: &Doc) -> Result<Vec<u8>, ReportError> {
    let w = words(doc.lang);
    let mut d = Docx::new()
        .add_style(heading_style(1, 32))
        .add_style(heading_style(2, 26))
        .add_style(heading_style(3, 23))
        .default_size(20);
    if doc.sample {
        // The page header repeats on every printed page.
        d = d.header(Header::new().add_paragraph(sample_paragraph(w.sample_data)));
    }
    for (k, block) in doc.blocks.iter().enumerate() {
        d = match block {
            Block::Heading(level, text) => d.add_paragraph(heading(usize::from(*level), text)),
            Block::Facts(facts) => facts.iter().fold(d, |d, (label, value)| {
                d.add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_text(format!("{}: ", clean(label))).bold())
                        .add_run(Run::new().add_text(clean(value))),
                )
            }),
            Block::Banner(text) => d.add_paragraph(sample_paragraph(text)),
            Block::Para(text) => d.add_paragraph(plain(text)),
            Block::Note(text) => d.add_paragraph(
                Paragraph::new().add_run(Run::new().add_text(clean(text)).italic().size(18)),
            ),
            Block::Table(t) => d.add_table(table(t)).add_paragraph(Paragraph::new()),
            Block::HeatMap(h) => heat_map(d, h),
            Block::Bars(b) => d
                .add_paragraph(
                    Paragraph::new()
                        .keep_next(true)
                        .add_run(Run::new().add_text(clean(&b.caption)).bold()),
                )
                .add_table(bars(b))
                .add_paragraph(Paragraph::new()),
        };
        if k == 0 && doc.sample {
            d = d.add_paragraph(sample_paragraph(w.sample_data));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    d.build()
        .pack(&mut out)
        .map_err(|e| ReportError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

fn grid(shares: impl Iterator<Item = f32>) -> Vec<usize> {
    shares.map(|s| (s * WIDTH).round() as usize).collect()
}

fn cell(text: &str, width: usize, bold: bool, tone: Option<Tone>, right: bool) -> TableCell {
    let mut run = Run::new().add_text(clean(text));
    if bold {
        run = run.bold();
    }
    let mut para = Paragraph::new().add_run(run);
    if right {
        para = para.align(AlignmentType::Right);
    }
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(para);
    if let Some(t) = tone {
        c = c.shading(Shading::new().fill(t.hex()));
    }
    c
}

fn header_row(titles: impl Iterator<Item = String>, widths: &[usize]) -> TableRow {
    TableRow::new(
        titles
            .zip(widths)
            .map(|(t, w)| cell(&t, *w, true, None, false).shading(Shading::new().fill("D9D9D9")))
            .collect(),
    )
}

fn table(t: &Table) -> DocxTable {
    let widths = grid(t.cols.iter().map(|(_, s)| *s));
    let mut rows = vec![header_row(t.cols.iter().map(|(c, _)| c.clone()), &widths)];
    rows.extend(t.rows.iter().map(|r| {
        TableRow::new(
            r.iter()
                .zip(&widths)
                .map(|(c, w): (&Cell, _)| cell(&c.text, *w, false, c.tone, c.numeric))
                .collect(),
        )
    }));
    DocxTable::new(rows).set_grid(widths)
}

/// Caption, then the grid: the corner names both axes, the first column likelihood 5
/// down to 1, the header row impact 1 to 5; each cell the count in bold over its band.
fn heat_map(d: Docx, h: &HeatFigure) -> Docx {
    let caption = Paragraph::new()
        .keep_next(true)
        .add_run(Run::new().add_text(clean(&h.caption)).bold());
    let widths = grid([0.25f32, 0.15, 0.15, 0.15, 0.15, 0.15].into_iter());
    let corner = format!("{} ↓ / {} →", h.likelihood, h.impact);
    let mut rows = vec![header_row(
        std::iter::once(corner).chain((1..=5).map(|i| i.to_string())),
        &widths,
    )];
    for l in (0..5).rev() {
        let mut cells = vec![cell(&(l + 1).to_string(), widths[0], true, None, false)
            .shading(Shading::new().fill("D9D9D9"))];
        for (i, (n, band, tone)) in h.cells[l].iter().enumerate() {
            let mut c = TableCell::new()
                .width(widths[i + 1], WidthType::Dxa)
                .vertical_align(VAlignType::Center)
                .add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(count_run(*n)),
                )
                .add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text(clean(band)).size(16)),
                );
            if let Some(t) = tone {
                c = c.shading(Shading::new().fill(t.hex()));
            }
            cells.push(c);
        }
        rows.push(TableRow::new(cells));
    }
    let legend: Vec<&str> = h.legend.iter().map(|(w, _)| w.as_str()).collect();
    d.add_paragraph(caption)
        .add_table(DocxTable::new(rows).set_grid(widths))
        .add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(clean(&legend.join(" · "))).size(18)),
        )
        .add_paragraph(Paragraph::new())
}

/// A cell's count: occupied cells in bold so they stand out from the zeros.
fn count_run(n: u32) -> Run {
    let run = Run::new().add_text(n.to_string()).size(24);
    if n > 0 {
        run.bold()
    } else {
        run
    }
}

/// A bar chart is data first: in Word it is a table of counts, each column tinted as in
/// the PDF's bars.
fn bars(b: &BarFigure) -> DocxTable {
    let n = b.series.len() as f32;
    let widths = grid(std::iter::once(0.4f32).chain(b.series.iter().map(|_| 0.6 / n)));
    let titles =
        std::iter::once(b.rows_title.clone()).chain(b.series.iter().map(|s| s.name.clone()));
    let mut rows = vec![header_row(titles, &widths)];
    for (label, values) in &b.rows {
        let mut cells = vec![cell(label, widths[0], false, None, false)];
        for (k, v) in values.iter().enumerate() {
            let tone = (*v > 0).then_some(b.series[k].tone);
            cells.push(cell(&v.to_string(), widths[k + 1], false, tone, true));
        }
        rows.push(TableRow::new(cells));
    }
    DocxTable::new(rows).set_grid(widths)
}
