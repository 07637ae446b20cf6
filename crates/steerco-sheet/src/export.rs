//! The initiatives and their focus areas as a spreadsheet, in the layout the
//! import reads (Danish headers, one budget and one actual column per year),
//! so a committee can export, edit in Excel and import with `--update`.
//! XLSX keeps dates as dates and amounts as numbers; CSV is what Danish
//! Excel opens by double-click: `;`-separated UTF-8 with a byte-order mark,
//! dates as dd-mm-yyyy, amounts as plain whole numbers.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use steerco_store::portfolio::code_key;
use steerco_store::Store;

use crate::error::{Result, SheetError};
use crate::values::phase_da;

/// A file format the export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Csv,
}

impl SheetFormat {
    /// By a file name's extension (`.xlsx` or `.csv`, any case).
    pub fn of_name(name: &str) -> Option<SheetFormat> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(SheetFormat::Xlsx),
            "csv" => Some(SheetFormat::Csv),
            _ => None,
        }
    }
}

enum Value {
    Text(String),
    Date(NaiveDate),
    Amount(i64),
    Blank,
}

/// The sheet as rows of values, header first.
fn table(store: &Store) -> Result<Vec<Vec<Value>>> {
    let portfolio = store.portfolio()?;
    let names: std::collections::HashMap<i64, String> = portfolio
        .focus_areas
        .iter()
        .map(|a| (a.number, a.name_da.clone()))
        .collect();
    let mut rows = Vec::new();
    let mut years = std::collections::BTreeSet::new();
    for s in &portfolio.initiatives {
        let d = store.initiative(&s.id)?;
        years.extend(d.budget.iter().map(|b| b.year));
        rows.push(d);
    }
    // Initiatives without a focus area last, as the portfolio shows them.
    rows.sort_by_key(|d| {
        (
            d.summary.focus_area.unwrap_or(i64::MAX),
            code_key(&d.summary.code),
        )
    });
    let mut header: Vec<Value> = [
        "Fokusområde",
        "Nr.",
        "Titel",
        "Ansvarlig",
        "Fase",
        "Start",
        "Slut",
    ]
    .iter()
    .map(|h| Value::Text(h.to_string()))
    .collect();
    for y in &years {
        header.push(Value::Text(format!("Budget {y}")));
        header.push(Value::Text(format!("Forbrug {y}")));
    }
    let text = |t: Option<&str>| t.map_or(Value::Blank, |t| Value::Text(t.to_string()));
    let date = |d: Option<NaiveDate>| d.map_or(Value::Blank, Value::Date);
    let amount = |a: Option<i64>| a.map_or(Value::Blank, Value::Amount);
    let mut out = vec![header];
    for d in rows {
        let s = &d.summary;
        let focus = s.focus_area.map(|n| match names.get(&n) {
            Some(name) => format!("{n} {name}"),
            None => n.to_string(),
        });
        let mut row = vec![
            text(focus.as_deref()),
            Value::Text(s.code.clone()),
            text(s.title.as_deref()),
            text(s.lead.as_deref()),
            text(s.phase.map(phase_da)),
            date(d.start_date),
            date(d.end_date),
        ];
        for y in &years {
            let b = d.budget.iter().find(|b| b.year == *y);
            row.push(amount(b.and_then(|b| b.budget)));
            row.push(amount(b.and_then(|b| b.actual)));
        }
        out.push(row);
    }
    Ok(out)
}

/// The spreadsheet's bytes in `format`.
pub fn export(store: &Store, format: SheetFormat) -> Result<Vec<u8>> {
    let table = table(store)?;
    match format {
        SheetFormat::Csv => csv_bytes(&table),
        SheetFormat::Xlsx => xlsx_bytes(&table).map_err(|e| SheetError::Write(e.to_string())),
    }
}

/// A text that a spreadsheet program would run as a formula gets a leading
/// apostrophe (the import drops it again).
fn guarded(t: &str) -> String {
    if t.starts_with(['=', '+', '-', '@']) {
        format!("'{t}")
    } else {
        t.to_string()
    }
}

fn csv_bytes(table: &[Vec<Value>]) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        for row in table {
            let cells = row.iter().map(|v| match v {
                Value::Text(t) => guarded(t),
                Value::Date(d) => d.format("%d-%m-%Y").to_string(),
                Value::Amount(a) => a.to_string(),
                Value::Blank => String::new(),
            });
            w.write_record(cells)
                .map_err(|e| SheetError::Write(e.to_string()))?;
        }
        w.flush().map_err(|e| SheetError::Write(e.to_string()))?;
    }
    Ok(out)
}

fn xlsx_bytes(table: &[Vec<Value>]) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Initiativer")?;
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("dd-mm-yyyy");
    let kroner = Format::new().set_num_format("#,##0");
    for (r, row) in table.iter().enumerate() {
        let r = r as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Value::Text(t) if r == 0 => {
                    sheet.write_string_with_format(r, c, t, &bold)?;
                }
                // Codes stay text: "8.10" as a number would read back as 8.1.
                Value::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Value::Date(d) => {
                    let when =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, c, &when, &day)?;
                }
                Value::Amount(a) => {
                    sheet.write_number_with_format(r, c, *a as f64, &kroner)?;
                }
                Value::Blank => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    book.save_to_buffer()
}
