//! Minutes as a tagged PDF (fonts embedded, A4); the layout engine, fonts, charts and
//! renderer are shared with the chair's reports (`status::pdf`).

pub(crate) mod charts;
pub(crate) mod fonts;
pub(crate) mod layout;
pub(crate) mod render;

use krilla::tagging::Tag;

use crate::error::ReportError;
use crate::model::{ExportOptions, Minutes};
use crate::text::{self, labels};
use layout::{Column, Geometry, Layout, Op, ParaStyle, Span};

pub(crate) const SAMPLE_FILL: layout::Rgb = (253, 236, 234);
pub(crate) const SAMPLE_TEXT: layout::Rgb = (176, 0, 32);
pub(crate) const MUTED: layout::Rgb = (90, 90, 90);

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
        if m.meeting.sample_data {
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
        for (label, body) in text::item_lines(item, lang) {
            lay.paragraph(
                &[Span::bold(label), Span::plain(&body)],
                ParaStyle {
                    indent: 14.0,
                    ..ParaStyle::body()
                },
            );
        }
        if item.follow_up {
            follow_up(&mut lay, m, lang);
        }
        lay.close();
    }
    if !any {
        lay.paragraph(&[Span::plain(l.no_items)], ParaStyle::body());
    }
    if text::follow_up_orphaned(m) {
        lay.open(Tag::Section);
        lay.space(4.0);
        lay.heading(3, l.follow_up, 12.0);
        follow_up(&mut lay, m, lang);
        lay.close();
    }
    lay.close();

    let header_left = text::running_head(&m.meeting);
    let furniture = Furniture {
        header: fit(lay.fonts(), &header_left, 8.0, 340.0),
        footer: fit(lay.fonts(), &title, 8.0, 380.0),
        sample: m.meeting.sample_data.then_some(l.sample_data),
        page: l.page,
        of: l.of,
    };
    let laid = lay.finish(|page, i, count| furniture.draw(&fonts, page, i, count));
    render::render(
        laid,
        &fonts,
        &render::Info {
            title: &title,
            lang: text::lang_tag(lang),
        },
    )
}

/// The carried-over actions with their state at the meeting, one indented line each.
fn follow_up(lay: &mut Layout, m: &Minutes, lang: crate::model::Lang) {
    for f in &m.follow_up {
        let line = format!("• {}", text::follow_up_line(f, lang, true));
        lay.paragraph(
            &[Span::plain(&line)],
            ParaStyle {
                indent: 14.0,
                ..ParaStyle::body()
            },
        );
    }
}

/// The running header (left: where from; right: "Eksempeldata" for demo data) and
/// footer (left: the title; right: "Side i af n") of every page, as artifacts.
pub(crate) struct Furniture<'a> {
    pub header: String,
    pub footer: String,
    pub sample: Option<&'a str>,
    pub page: &'a str,
    pub of: &'a str,
}

impl Furniture<'_> {
    pub(crate) fn draw(&self, fonts: &fonts::Fonts, page: &mut Vec<Op>, i: usize, count: usize) {
        let g = Geometry::a4();
        let right = g.width - g.margin_x;
        let top = g.margin_top - 24.0;
        let bottom = g.height - g.margin_bottom + 28.0;
        let text = |page: &mut Vec<Op>, x, y, bold, color, s: String| {
            Layout::artifact_text(page, x, y, 8.0, bold, color, s)
        };
        text(page, g.margin_x, top, false, MUTED, self.header.clone());
        if let Some(s) = self.sample {
            let w = fonts.width(s, true, 8.0);
            text(page, right - w, top, true, SAMPLE_TEXT, s.to_string());
        }
        text(page, g.margin_x, bottom, false, MUTED, self.footer.clone());
        let n = format!("{} {} {} {}", self.page, i + 1, self.of, count);
        let w = fonts.width(&n, false, 8.0);
        text(page, right - w, bottom, false, MUTED, n);
    }
}

/// Shortens `s` with an ellipsis to fit `max` points (for one-line headers and footers).
pub(crate) fn fit(fonts: &fonts::Fonts, s: &str, size: f32, max: f32) -> String {
    if fonts.width(s, false, size) <= max {
        return s.to_string();
    }
    let mut out: String = s.to_string();
    while !out.is_empty() && fonts.width(&format!("{out}…"), false, size) > max {
        out.pop();
    }
    format!("{}…", out.trim_end())
}
