//! Why a spreadsheet, or a row of it, is refused. Typed like the store's
//! refusals (`{code, params}`), so the app says each in Danish or English
//! from its code and the CLI prints the English `Display`.

use serde::Serialize;
use steerco_store::StoreError;

/// A column the import knows, by what it holds (the header may be Danish or
/// English; `columns.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(tag = "kind", content = "year", rename_all = "snake_case")]
#[ts(rename = "SheetColumn")]
pub enum Column {
    FocusArea,
    Code,
    Title,
    Lead,
    Phase,
    Start,
    End,
    Budget(i64),
    Actual(i64),
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Column::FocusArea => f.write_str("focus area"),
            Column::Code => f.write_str("code"),
            Column::Title => f.write_str("title"),
            Column::Lead => f.write_str("lead"),
            Column::Phase => f.write_str("phase"),
            Column::Start => f.write_str("start"),
            Column::End => f.write_str("end"),
            Column::Budget(y) => write!(f, "budget {y}"),
            Column::Actual(y) => write!(f, "actual {y}"),
        }
    }
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, ts_rs::TS)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
#[ts(rename = "SheetRowProblem")]
pub enum RowProblem {
    #[error("no code")]
    NoCode,
    #[error("{value:?} is not an initiative code (letters, digits, '.' or '-', at most 16)")]
    BadCode { value: String },
    #[error("a new initiative needs a title")]
    NoTitle,
    #[error("{column}: {value:?} is not a date (dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd)")]
    BadDate { column: Column, value: String },
    #[error("the end date {end} is before the start date {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("{value:?} is not a phase (analyse/analysis, udbud/tender, implementering/implementation, drift/operation, afsluttet/closed)")]
    BadPhase { value: String },
    #[error("{column}: {value:?} is not an amount in whole kroner")]
    BadAmount { column: Column, value: String },
    #[error("{column}: amounts may not be negative")]
    NegativeAmount { column: Column },
    #[error("{value:?} is not a focus area (a number, a name, or both: \"3 Data\")")]
    BadFocusArea { value: String },
    #[error("no focus area number {number}; give its name too to create it")]
    NoSuchFocusArea { number: i64 },
    #[error("focus area {number} is named {name:?} in row {other_row} and {other:?} here")]
    FocusAreaNames {
        number: i64,
        name: String,
        other: String,
        other_row: usize,
    },
    #[error(
        "focus area {number} is named {name:?}; import with --update to rename it to {new_name:?}"
    )]
    FocusAreaRenamed {
        number: i64,
        name: String,
        new_name: String,
    },
    #[error("code {code} is in row {first_row} already")]
    CodeTwice { code: String, first_row: usize },
    #[error("initiative {code} exists and differs; import with --update to change it")]
    CodeExists { code: String },
}

/// A row refused, by its number as a spreadsheet program shows it (the
/// header is row 1), with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SheetBadRow")]
pub struct BadRow {
    pub row: usize,
    pub problems: Vec<RowProblem>,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: ", self.row)?;
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Why a spreadsheet is not imported (or exported). Nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Refused(#[from] SheetRefusal),
    /// The XLSX writer failed (its own English text).
    #[error("could not write the spreadsheet: {0}")]
    Write(String),
}

/// A spreadsheet refused as a whole, typed for the app's texts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, ts_rs::TS)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum SheetRefusal {
    /// Neither a readable XLSX workbook nor CSV text.
    #[error("not a spreadsheet this program reads (CSV or XLSX): {detail}")]
    NotASpreadsheet { detail: String },
    #[error("the spreadsheet has no header row")]
    NoHeader,
    #[error("the spreadsheet has no {column} column")]
    NoColumn { column: Column },
    #[error("the column {header:?} appears twice")]
    ColumnTwice { header: String },
    #[error("{header:?}: {year} is not a plausible year")]
    ColumnYear { header: String, year: i64 },
    /// Every bad row; nothing was imported.
    #[error("nothing was imported: {}", .rows.iter().map(|r| r.to_string()).collect::<Vec<_>>().join("; "))]
    BadRows { rows: Vec<BadRow> },
}

pub type Result<T> = std::result::Result<T, SheetError>;
