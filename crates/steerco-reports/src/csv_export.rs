//! The decision register and the task list as CSV, for spreadsheets.

use crate::model::{DecisionRow, TaskRow};

/// UTF-8 byte-order mark. Excel opens a CSV without one in the machine's legacy code
/// page (Windows-1252 on Danish Windows), which garbles æøå; with it Excel reads UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The decision register. Columns: id, date, committee, meeting, text, status,
/// supersedes, initiative.
pub fn decisions_csv(rows: &[DecisionRow]) -> Vec<u8> {
    write(
        &[
            "id",
            "date",
            "committee",
            "meeting",
            "text",
            "status",
            "supersedes",
            "initiative",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                r.date.format("%Y-%m-%d").to_string(),
                r.committee.clone(),
                r.meeting.clone(),
                r.text.clone(),
                r.status.clone(),
                r.supersedes.clone().unwrap_or_default(),
                r.initiative.clone().unwrap_or_default(),
            ]
        }),
    )
}

/// The task list. Columns: id, title, owner, due, state, committee, meeting, initiative,
/// overdue (`true`/`false`).
pub fn tasks_csv(rows: &[TaskRow]) -> Vec<u8> {
    write(
        &[
            "id",
            "title",
            "owner",
            "due",
            "state",
            "committee",
            "meeting",
            "initiative",
            "overdue",
        ],
        rows.iter().map(|r| {
            vec![
                r.id.clone(),
                r.title.clone(),
                r.owner.clone(),
                r.due
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                r.state.clone(),
                r.committee.clone(),
                r.meeting.clone().unwrap_or_default(),
                r.initiative.clone().unwrap_or_default(),
                r.overdue.to_string(),
            ]
        }),
    )
}

fn write(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            // CRLF: what RFC 4180 and Excel expect.
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to a Vec cannot fail, and every record has the header's length.
        w.write_record(header).expect("CSV header to a Vec");
        for row in rows {
            w.write_record(row.iter().map(|c| neutralise(c).into_owned()))
                .expect("CSV row to a Vec");
        }
        w.flush().expect("flush to a Vec");
    }
    out
}

/// Guards against formula injection: a spreadsheet runs a cell that starts with `=`, `+`,
/// `-` or `@` as a formula (and some treat a leading tab or carriage return the same way),
/// so user text like `=HYPERLINK(…)` could run when the file is opened. A leading `'`
/// makes the spreadsheet show the text as text.
pub(crate) fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn neutralises_formula_starts_only() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("a=b"), "a=b");
        assert_eq!(neutralise(""), "");
    }
}
