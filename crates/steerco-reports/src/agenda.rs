//! A meeting's agenda ("Dagsorden"), sent before the meeting: built once as the
//! format-neutral blocks of the chair's reports (`status::doc`), which the PDF, DOCX
//! and Markdown writers only lay out, so the three formats say the same.

use chrono::{DateTime, Duration, FixedOffset};

use crate::error::ReportError;
use crate::model::{Agenda, AttendanceStatus, ExportOptions, Lang};
use crate::status::doc::{Block, Cell, Doc, Table};
use crate::status::{docx, md, pdf};
use crate::text::{self, labels, one_line};

/// The agenda as a tagged PDF.
pub fn agenda_pdf(a: &Agenda, opts: &ExportOptions) -> Result<Vec<u8>, ReportError> {
    pdf::write(&build(a, opts))
}

/// The agenda as an editable Word document.
pub fn agenda_docx(a: &Agenda, opts: &ExportOptions) -> Result<Vec<u8>, ReportError> {
    docx::write(&build(a, opts))
}

/// The agenda as Markdown.
pub fn agenda_md(a: &Agenda, opts: &ExportOptions) -> String {
    md::write(&build(a, opts))
}

/// Each item's start: the meeting's start plus the planned minutes of every item before
/// it (closed ones too, whether shown or not: their time passes all the same; an item
/// without a duration takes none).
pub fn agenda_start_times(a: &Agenda) -> Vec<DateTime<FixedOffset>> {
    let mut at = a.meeting.starts_at;
    a.items
        .iter()
        .map(|i| {
            let start = at;
            at += Duration::minutes(i64::from(i.duration_min.unwrap_or(0)));
            start
        })
        .collect()
}

/// "Dagsorden: <title>", "(aflyst)" added when the meeting is cancelled.
fn title(a: &Agenda, lang: Lang) -> String {
    let l = labels(lang);
    let mut t = format!("{}: {}", l.agenda, one_line(&a.meeting.title));
    if a.cancelled {
        t.push_str(&format!(" ({})", l.cancelled.to_lowercase()));
    }
    t
}

pub(crate) fn build(a: &Agenda, opts: &ExportOptions) -> Doc {
    let lang = opts.language;
    let l = labels(lang);
    let title = title(a, lang);
    let mut b = vec![Block::Heading(1, title.clone())];
    if a.cancelled {
        b.push(Block::Banner(l.cancelled_notice.to_string()));
    }
    let h = &a.meeting;
    let mut facts: Vec<(String, String)> = text::meeting_facts(h, lang)
        .into_iter()
        .map(|(label, value)| (label.to_string(), value))
        .collect();
    if a.cancelled {
        facts.push((l.state.to_string(), l.cancelled.to_string()));
    }
    b.push(Block::Facts(facts));

    b.push(Block::Heading(2, l.attendance.to_string()));
    if a.participants.is_empty() {
        b.push(Block::Para(l.no_participants.to_string()));
    } else {
        // Attendance is shown once anything was recorded (apologies before the meeting).
        let recorded = a
            .participants
            .iter()
            .any(|p| p.status != AttendanceStatus::Invited);
        let mut cols = vec![(l.name.to_string(), 0.5), (l.role.to_string(), 0.5)];
        if recorded {
            cols = vec![
                (l.name.to_string(), 0.42),
                (l.role.to_string(), 0.33),
                (l.status.to_string(), 0.25),
            ];
        }
        let rows = a
            .participants
            .iter()
            .map(|p| {
                let mut row = vec![
                    Cell::text(one_line(&p.name)),
                    Cell::text(one_line(&text::vocabulary(
                        p.role.as_deref().unwrap_or(""),
                        lang,
                    ))),
                ];
                if recorded {
                    row.push(Cell::text(text::attendance_status(p.status, lang)));
                }
                row
            })
            .collect();
        b.push(Block::Table(Table { cols, rows }));
    }

    b.push(Block::Heading(2, l.items.to_string()));
    let starts = agenda_start_times(a);
    let mut any = false;
    for (item, start) in a.items.iter().zip(starts) {
        if opts.omit_closed && item.closed {
            continue;
        }
        any = true;
        b.push(Block::Heading(3, text::item_heading(item, lang)));
        let mut meta = match item.duration_min {
            Some(d) => format!(
                "{} {}–{}",
                l.at,
                start.format("%H:%M"),
                (start + Duration::minutes(i64::from(d))).format("%H:%M")
            ),
            None => format!("{} {}", l.at, start.format("%H:%M")),
        };
        if let Some(rest) = text::item_meta(item, lang) {
            meta.push_str(" · ");
            meta.push_str(&rest);
        }
        b.push(Block::Note(meta));
        if item.follow_up {
            follow_up(&mut b, a, lang);
        }
    }
    if !any {
        b.push(Block::Para(l.no_items.to_string()));
    }
    // No follow-up item on the agenda: the carried-over actions still go out.
    if !a.follow_up.is_empty() && !a.items.iter().any(|i| i.follow_up) {
        b.push(Block::Heading(3, l.follow_up.to_string()));
        follow_up(&mut b, a, lang);
    }

    Doc {
        lang,
        running_head: text::running_head(h),
        title,
        sample: h.sample_data,
        blocks: b,
    }
}

/// The open actions carried over: title, owner, due date and the meeting they came from.
fn follow_up(b: &mut Vec<Block>, a: &Agenda, lang: Lang) {
    let l = labels(lang);
    if a.follow_up.is_empty() {
        b.push(Block::Para(l.no_follow_up.to_string()));
        return;
    }
    let rows = a
        .follow_up
        .iter()
        .map(|f| {
            vec![
                Cell::text(one_line(&f.title)),
                Cell::text(f.owner.as_deref().map(one_line).unwrap_or_default()),
                Cell::text(
                    f.due
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                ),
                Cell::text(text::from_meeting(f)),
            ]
        })
        .collect();
    b.push(Block::Table(Table {
        cols: vec![
            (l.action_col.to_string(), 0.4),
            (l.owner_col.to_string(), 0.2),
            (l.due_col.to_string(), 0.14),
            (l.from_meeting.to_string(), 0.26),
        ],
        rows,
    }));
}

#[cfg(test)]
mod tests;
