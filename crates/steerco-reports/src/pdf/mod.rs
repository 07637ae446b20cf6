//! Minutes as a tagged PDF (fonts embedded, A4).

mod fonts;
mod layout;
mod render;

use krilla::tagging::Tag;

use crate::error::ReportError;
use crate::model::{ExportOptions, Minutes};
use crate::text::{self, labels};
use layout::{Column, Geometry, Layout, Op, ParaStyle, Span};

const SAMPLE_FILL: layout::Rgb = (253, 236, 234);
const SAMPLE_TEXT: layout::Rgb = (176, 0, 32);
const MUTED: layout::Rgb = (90, 90, 90);

/// The minutes as a PDF: tagged (headings, paragraphs and tables in the structure tree,
/// page furniture marked as artifacts), DejaVu Sans embedded (subset), same bytes for
/// the same input.
pub fn minutes_pdf(m: &Minutes, opts: &ExportOptions) -> Result<Vec<u8>, ReportError> {
    let lang = opts.language;
    let l = labels(lang);
    let fonts = fonts::Fonts::load()?;
    let mut lay = Layout::new(&fonts, Geometry::a4());
    let title = text::document_title(m, lang);
    let sample = |lay: &mut Layout| {
        if m.sample_data {
            lay.banner(l.sample_data, SAMPLE_FILL, SAMPLE_TEXT);
        }
    };

    lay.heading(1, &title, 18.0);
    sample(&mut lay);
    for (label, value) in text::facts(m, lang) {
        let label = format!("{label}:");
        lay.paragraph(
            &[Span::bold(&label), Span::plain(&value)],
            ParaStyle {
                space_after: 1.0,
                ..ParaStyle::body()
            },
        );
    }
    lay.space(10.0);

    lay.open(Tag::Section);
    lay.heading(2, l.attendance, 14.0);
    sample(&mut lay);
    if m.attendance.is_empty() {
        lay.paragraph(&[Span::plain(l.no_attendance)], ParaStyle::body());
    } else {
        let rows: Vec<Vec<String>> = m
            .attendance
            .iter()
            .map(|a| {
                vec![
                    text::one_line(&a.name),
                    text::one_line(&text::vocabulary(a.role.as_deref().unwrap_or(""), lang)),
                    text::attendance_status(a.status, lang).to_string(),
                ]
            })
            .collect();
        let cols = [
            Column {
                title: l.name,
                share: 0.42,
            },
            Column {
                title: l.role,
                share: 0.36,
            },
            Column {
                title: l.status,
                share: 0.22,
            },
        ];
        lay.table(&cols, &rows, 10.0);
    }
    lay.close();
    lay.space(6.0);

    lay.open(Tag::Section);
    lay.heading(2, l.agenda, 14.0);
    sample(&mut lay);
    let mut any = false;
    for item in text::visible_items(m, opts) {
        any = true;
        lay.open(Tag::Section);
        lay.space(4.0);
        lay.heading(3, &text::item_heading(item, lang), 12.0);
        if let Some(meta) = text::item_meta(item, lang) {
            lay.paragraph(
                &[Span::plain(&meta)],
                ParaStyle {
                    size: 9.0,
                    color: MUTED,
                    ..ParaStyle::body()
                },
            );
        }
        for o in &item.outcomes {
            let (label, body) = text::outcome_parts(o, lang);
            lay.paragraph(
                &[Span::bold(label), Span::plain(&body)],
                ParaStyle {
                    indent: 14.0,
                    ..ParaStyle::body()
                },
            );
        }
        lay.close();
    }
    if !any {
        lay.paragraph(&[Span::plain(l.no_items)], ParaStyle::body());
    }
    lay.close();

    let header_left = format!(
        "{} · {}",
        text::one_line(&m.workspace),
        text::one_line(&m.committee)
    );
    let header_left = fit(lay.fonts(), &header_left, 8.0, 340.0);
    let footer_left = fit(lay.fonts(), &title, 8.0, 380.0);
    let sample_label = m.sample_data.then_some(l.sample_data);
    let measure_right = |s: &str, bold: bool| fonts.width(s, bold, 8.0);
    let laid = lay.finish(|page: &mut Vec<Op>, i, count| {
        let g = Geometry::a4();
        let right = g.width - g.margin_x;
        let top = g.margin_top - 24.0;
        let bottom = g.height - g.margin_bottom + 28.0;
        Layout::artifact_text(
            page,
            g.margin_x,
            top,
            8.0,
            false,
            MUTED,
            header_left.clone(),
        );
        if let Some(s) = sample_label {
            let w = measure_right(s, true);
            Layout::artifact_text(page, right - w, top, 8.0, true, SAMPLE_TEXT, s.to_string());
        }
        Layout::artifact_text(
            page,
            g.margin_x,
            bottom,
            8.0,
            false,
            MUTED,
            footer_left.clone(),
        );
        let n = format!("{} {} {} {}", l.page, i + 1, l.of, count);
        let w = measure_right(&n, false);
        Layout::artifact_text(page, right - w, bottom, 8.0, false, MUTED, n);
    });
    render::render(
        laid,
        &fonts,
        &render::Info {
            title: &title,
            lang: text::lang_tag(lang),
        },
    )
}

/// Shortens `s` with an ellipsis to fit `max` points (for one-line headers and footers).
fn fit(fonts: &fonts::Fonts, s: &str, size: f32, max: f32) -> String {
    if fonts.width(s, false, size) <= max {
        return s.to_string();
    }
    let mut out: String = s.to_string();
    while !out.is_empty() && fonts.width(&format!("{out}…"), false, size) > max {
        out.pop();
    }
    format!("{}…", out.trim_end())
}
