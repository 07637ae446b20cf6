//! A spreadsheet import's or export's error as the app gets it.

use steerco_sheet::{SheetError, SheetRefusal};

use super::{ApiError, Problem};

impl From<SheetError> for ApiError {
    fn from(e: SheetError) -> ApiError {
        let message = e.to_string();
        let problem = match e {
            SheetError::Store(e) => return ApiError::from(e),
            SheetError::Write(detail) => Problem::ExportFailed { detail },
            SheetError::Refused(r) => match r {
                SheetRefusal::NotASpreadsheet { detail } => Problem::NotASpreadsheet { detail },
                SheetRefusal::NoHeader => Problem::SheetNoHeader,
                SheetRefusal::NoColumn { column } => Problem::SheetNoColumn { column },
                SheetRefusal::ColumnTwice { header } => Problem::SheetColumnTwice { header },
                SheetRefusal::ColumnYear { header, year } => {
                    Problem::SheetColumnYear { header, year }
                }
                SheetRefusal::BadRows { rows } => Problem::SheetBadRows { rows },
            },
        };
        ApiError::new(problem, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use steerco_sheet::{BadRow, Column, RowProblem};

    /// The UI gets every bad row with its number and typed reasons.
    #[test]
    fn bad_rows_reach_the_app_typed() {
        let e = ApiError::from(SheetError::from(SheetRefusal::BadRows {
            rows: vec![BadRow {
                row: 3,
                problems: vec![RowProblem::BadDate {
                    column: Column::Start,
                    value: "32-01-2026".into(),
                }],
            }],
        }));
        assert_eq!(e.code(), "sheet_bad_rows");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["params"]["rows"][0]["row"], 3);
        assert_eq!(
            v["params"]["rows"][0]["problems"][0],
            serde_json::json!({"code": "bad_date", "params": {"column": {"kind": "start"}, "value": "32-01-2026"}})
        );
        assert!(
            e.message.starts_with("nothing was imported: row 3: start:"),
            "{}",
            e.message
        );
    }
}
