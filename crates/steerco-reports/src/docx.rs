//! Minutes as a Word document (.docx), for committees that edit or file in Word.
//!
//! Headings use Word's built-in heading styles ("heading 1"…), so the navigation pane,
//! a table of contents and screen readers see the structure; attendance is a real table.

use docx_rs::{
    AlignmentType, Docx, Header, Paragraph, Run, Shading, Style, StyleType, Table, TableCell,
    TableRow, WidthType,
};

use crate::error::ReportError;
use crate::model::{ExportOptions, Minutes};
use crate::text::{self, labels};

/// Column widths of the attendance table, in twentieths of a point (A4 minus margins ≈ 9000).
const ATTENDANCE_GRID: [usize; 3] = [3800, 3000, 2200];

/// The minutes as a .docx file. The bytes depend only on the input: docx-rs writes a
/// fixed creation date (1970) when none is given, and the zip entries' times are fixed
/// as long as the `zip` crate's "time" feature stays off in this build (it is not enabled
/// anywhere in the workspace; the determinism test would catch it).
pub fn minutes_docx(m: &Minutes, opts: &ExportOptions) -> Result<Vec<u8>, ReportError> {
    let lang = opts.language;
    let l = labels(lang);
    let mut doc = Docx::new()
        .add_style(heading_style(1, 32))
        .add_style(heading_style(2, 26))
        .add_style(heading_style(3, 23))
        .default_size(21);

    if m.meeting.sample_data {
        // In the page header too, so every printed page says it.
        doc = doc.header(Header::new().add_paragraph(sample_paragraph(l.sample_data)));
    }

    doc = doc.add_paragraph(heading(1, &text::document_title(m, lang)));
    if m.meeting.sample_data {
        doc = doc.add_paragraph(sample_paragraph(l.sample_data));
    }
    for (label, value) in text::facts(m, lang) {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("{label}: ")).bold())
                .add_run(Run::new().add_text(clean(&value))),
        );
    }

    doc = doc.add_paragraph(heading(2, l.attendance));
    if m.attendance.is_empty() {
        doc = doc.add_paragraph(plain(l.no_attendance));
    } else {
        let head = TableRow::new(
            [l.name, l.role, l.status]
                .iter()
                .zip(ATTENDANCE_GRID)
                .map(|(h, w)| {
                    TableCell::new()
                        .width(w, WidthType::Dxa)
                        .shading(Shading::new().fill("D9D9D9"))
                        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(*h).bold()))
                })
                .collect(),
        );
        let mut rows = vec![head];
        for a in &m.attendance {
            let cells = [
                clean(&a.name),
                clean(&text::vocabulary(a.role.as_deref().unwrap_or(""), lang)),
                text::attendance_status(a.status, lang).to_string(),
            ];
            rows.push(TableRow::new(
                cells
                    .into_iter()
                    .zip(ATTENDANCE_GRID)
                    .map(|(c, w)| {
                        TableCell::new()
                            .width(w, WidthType::Dxa)
                            .add_paragraph(plain(&c))
                    })
                    .collect(),
            ));
        }
        doc = doc.add_table(Table::new(rows).set_grid(ATTENDANCE_GRID.to_vec()));
    }

    doc = doc.add_paragraph(heading(2, l.agenda));
    let mut any = false;
    for item in text::visible_items(m, opts) {
        any = true;
        doc = doc.add_paragraph(heading(3, &text::item_heading(item, lang)));
        if let Some(meta) = text::item_meta(item, lang) {
            doc = doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(clean(&meta)).italic().color("555555")),
            );
        }
        for (label, body) in text::item_lines(item, lang) {
            doc = doc.add_paragraph(
                Paragraph::new()
                    .indent(Some(360), None, None, None)
                    .add_run(Run::new().add_text(format!("{label} ")).bold())
                    .add_run(Run::new().add_text(clean(&body))),
            );
        }
        if item.follow_up {
            doc = follow_up(doc, m, lang);
        }
    }
    if !any {
        doc = doc.add_paragraph(plain(l.no_items));
    }
    if text::follow_up_orphaned(m) {
        doc = follow_up(doc.add_paragraph(heading(3, l.follow_up)), m, lang);
    }

    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| ReportError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// The carried-over actions with their state at the meeting, one indented line each.
fn follow_up(doc: Docx, m: &Minutes, lang: crate::model::Lang) -> Docx {
    m.follow_up.iter().fold(doc, |doc, f| {
        doc.add_paragraph(
            Paragraph::new()
                .indent(Some(360), None, None, None)
                .add_run(
                    Run::new()
                        .add_text(format!("• {}", clean(&text::follow_up_line(f, lang, true)))),
                ),
        )
    })
}

/// Word's built-in "heading N" style (id "HeadingN"): the name is what Word and
/// LibreOffice match to treat it as a heading; the outline level puts it in the outline.
pub(crate) fn heading_style(level: usize, half_points: usize) -> Style {
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .outline_lvl(level - 1)
        .size(half_points)
        .bold()
}

pub(crate) fn heading(level: usize, s: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{level}"))
        .keep_next(true)
        .add_run(Run::new().add_text(clean(s)))
}

pub(crate) fn plain(s: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(clean(s)))
}

pub(crate) fn sample_paragraph(label: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(label).bold().color("B00020"))
}

/// Text safe for XML 1.0: control characters other than tab are not allowed there (and
/// would make Word refuse the file), so they are dropped. docx-rs escapes `<`, `&` etc.
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect()
}
