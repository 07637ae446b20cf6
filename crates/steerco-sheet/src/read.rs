//! A spreadsheet file as rows of cells, whatever wrote it: XLSX (recognised
//! by its ZIP signature, read with calamine) or CSV text in UTF-8, with or
//! without a byte-order mark, or Windows-1252 (what Excel's "CSV" writes on a
//! Danish Windows), separated by `;` (Danish Excel and LibreOffice), `,` or
//! tabs. The file's name is never consulted: a renamed file still reads.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::error::SheetRefusal;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell (XLSX only: CSV holds text).
    Number(f64),
    /// A date cell (XLSX only).
    Date(NaiveDate),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// Rows with their number as a spreadsheet program shows it (1 = the first
/// row of the sheet), blank rows left out.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<(usize, Vec<Cell>)>,
}

const ZIP: &[u8] = b"PK\x03\x04";
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Read a spreadsheet file's first sheet.
pub fn grid(bytes: &[u8]) -> Result<Grid, SheetRefusal> {
    let mut grid = if bytes.starts_with(ZIP) {
        xlsx(bytes)?
    } else {
        csv_grid(&text(bytes))?
    };
    grid.rows
        .retain(|(_, cells)| !cells.iter().all(Cell::is_blank));
    Ok(grid)
}

/// CSV bytes as text: UTF-8 when they are valid UTF-8 (a BOM dropped), else
/// Windows-1252. Text in Windows-1252 with letters beyond ASCII is never
/// valid UTF-8 by accident in practice ("æ" is a lone 0xE6), so the test
/// is safe for Danish.
fn text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The separator is the one of `;`, `,` and tab that the header line holds
/// most of (outside quotes); a header has several columns, so it tells.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b';', b',', b'\t'][best]
}

fn csv_grid(text: &str) -> Result<Grid, SheetRefusal> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // A spreadsheet row is a record (a quoted cell may span lines), and an
    // empty line is an empty row, which the csv reader skips: a record's
    // position is where the reader started looking for it, so the empty
    // lines from there on are rows before it.
    let mut row = 0;
    for record in reader.records() {
        let record = record.map_err(|e| SheetRefusal::NotASpreadsheet {
            detail: e.to_string(),
        })?;
        let from = record.position().map_or(0, |p| p.byte() as usize);
        let mut ahead = text.get(from..).unwrap_or_default();
        // The reader stops a CRLF record at its CR: the LF ends that record,
        // it is no empty line.
        if text.as_bytes().get(from.wrapping_sub(1)) == Some(&b'\r') {
            ahead = ahead.strip_prefix('\n').unwrap_or(ahead);
        }
        row += 1 + empty_lines(ahead);
        let cells = record
            .iter()
            .map(|c| {
                if c.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect();
        rows.push((row, cells));
    }
    Ok(Grid { rows })
}

/// How many empty lines `text` starts with.
fn empty_lines(mut text: &str) -> usize {
    let mut n = 0;
    while let Some(rest) = text
        .strip_prefix("\r\n")
        .or_else(|| text.strip_prefix('\n'))
        .or_else(|| text.strip_prefix('\r'))
    {
        n += 1;
        text = rest;
    }
    n
}

fn xlsx(bytes: &[u8]) -> Result<Grid, SheetRefusal> {
    let bad = |e: &dyn std::fmt::Display| SheetRefusal::NotASpreadsheet {
        detail: e.to_string(),
    };
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| bad(&e))?;
    let Some(range) = book.worksheet_range_at(0) else {
        return Ok(Grid::default());
    };
    let range = range.map_err(|e| bad(&e))?;
    // The range starts at the first used cell; row numbers count from the
    // sheet's top, as the spreadsheet program shows them.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(cell));
        rows.push((top as usize + i + 1, cells));
    }
    Ok(Grid { rows })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => Cell::Date(t.date()),
            None => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(g: &Grid) -> Vec<(usize, Vec<String>)> {
        g.rows
            .iter()
            .map(|(n, cells)| {
                let t = cells
                    .iter()
                    .map(|c| match c {
                        Cell::Text(t) => t.clone(),
                        Cell::Empty => String::new(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                (*n, t)
            })
            .collect()
    }

    #[test]
    fn csv_with_bom_semicolons_and_a_blank_row() {
        let g = grid("\u{feff}Nr.;Titel\n1.1;\"Æble; pære\"\n;\n1.2;Ø\n".as_bytes()).unwrap();
        assert_eq!(
            texts(&g),
            vec![
                (1, vec!["Nr.".into(), "Titel".into()]),
                (2, vec!["1.1".into(), "Æble; pære".into()]),
                (4, vec!["1.2".into(), "Ø".into()]),
            ]
        );
    }

    #[test]
    fn windows_1252_and_commas() {
        // "Fokusområde,Titel\n1,Sundhed på tværs" in Windows-1252.
        let mut bytes = b"Fokusomr\xE5de,Titel\n1,Sundhed p\xE5 tv\xE6rs\n".to_vec();
        bytes.extend_from_slice(b"2,\"a\nb\"\n3,c\n");
        let g = grid(&bytes).unwrap();
        let t = texts(&g);
        assert_eq!(t[0].1, vec!["Fokusområde", "Titel"]);
        assert_eq!(t[1].1, vec!["1", "Sundhed på tværs"]);
        // A cell over two lines is one row: the next is row 4.
        assert_eq!(t[3], (4, vec!["3".into(), "c".into()]));
    }

    #[test]
    fn empty_lines_are_rows_and_quoted_lines_are_not() {
        let g = grid(b"Nr;Titel\n\n1;\"a\nb\nc\"\r\n\r\n\n2;d\n").unwrap();
        let numbers: Vec<usize> = g.rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1, 3, 6]);
    }

    #[test]
    fn the_header_decides_the_separator() {
        assert_eq!(delimiter("a;b;c,d\n1,2,3,4,5"), b';');
        assert_eq!(delimiter("\"a;b\",c,d"), b',');
        assert_eq!(delimiter("a\tb"), b'\t');
    }
}
