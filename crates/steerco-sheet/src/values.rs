//! A cell's value as the import needs it, read the way Danish and English
//! spreadsheets write it. Each parser answers None for a blank cell and a
//! `RowProblem` for a value it cannot read.

use chrono::{Datelike, Days, NaiveDate};
use steerco_domain::Phase;

use crate::error::{Column, RowProblem};
use crate::read::Cell;

/// Text of a cell; numbers as a spreadsheet shows them (`8.1`, `3`).
pub fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(t) => {
            let t = t.trim();
            // A leading apostrophe is how the CSV export keeps a text that
            // starts like a formula from being run; it is not part of it.
            let t = match t.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                _ => t,
            };
            Some(t.to_string()).filter(|t| !t.is_empty())
        }
        Cell::Number(n) => Some(number_text(*n)),
        Cell::Date(d) => Some(d.format("%d-%m-%Y").to_string()),
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The day an XLSX date number stands for (the 1900 date system, as Excel
/// and LibreOffice write it: day 1 is 1900-01-01, counted from 1899-12-30
/// because of Lotus's 1900 leap day).
fn serial_date(n: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(n.floor() as u64))
}

pub fn date(cell: &Cell, column: Column) -> Result<Option<NaiveDate>, RowProblem> {
    let bad = |value: String| RowProblem::BadDate { column, value };
    match cell {
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => serial_date(*n)
            .map(Some)
            .ok_or_else(|| bad(number_text(*n))),
        _ => {
            let Some(t) = text(cell) else { return Ok(None) };
            // A date with a time of day (an ISO date-time cell) counts by its day.
            let day = t.split(['T', ' ']).next().unwrap_or(&t);
            ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(day, f).ok())
                .filter(|d| (1900..=2200).contains(&d.year()))
                .map(Some)
                .ok_or_else(|| bad(t))
        }
    }
}

/// An amount in whole kroner. Danish: thousands dots and a decimal comma
/// (`1.250.000,00`); English: thousands commas and a decimal point; spaces
/// and a `kr.`/`DKK` unit are ignored. A single separator followed by three
/// digits is a thousands separator only when it is a dot (Danish); a single
/// comma is a decimal comma.
pub fn amount(cell: &Cell, column: Column) -> Result<Option<i64>, RowProblem> {
    let bad = |value: String| RowProblem::BadAmount { column, value };
    // The value, and the cell as written (what a refusal quotes).
    let (value, written) = match cell {
        Cell::Number(n) => (*n, number_text(*n)),
        _ => {
            let Some(t) = text(cell) else { return Ok(None) };
            (parse_amount(&t).ok_or_else(|| bad(t.clone()))?, t)
        }
    };
    if value < 0.0 {
        return Err(RowProblem::NegativeAmount { column });
    }
    if value.fract() != 0.0 || value > 1e15 {
        return Err(bad(written));
    }
    Ok(Some(value as i64))
}

fn parse_amount(t: &str) -> Option<f64> {
    let mut s: String = t
        .trim()
        .trim_end_matches("DKK")
        .trim_end_matches("kr.")
        .trim_end_matches("kr")
        .trim_start_matches("kr.")
        .trim_start_matches("DKK")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\'')
        .collect();
    let negative = s.starts_with('-');
    if negative {
        s.remove(0);
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (dots, commas) = (s.matches('.').count(), s.matches(',').count());
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    // The decimal separator, if any: the later of the two kinds when both
    // appear, else a lone comma, else a lone dot not followed by exactly three
    // digits.
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (None, Some(_)) if commas == 1 => Some(','),
        (Some(d), None) if dots == 1 && s.len() - d - 1 != 3 => Some('.'),
        _ => None,
    };
    let thousands = match decimal {
        Some('.') => ',',
        Some(_) => '.',
        // Only one kind appears and it is no decimal separator.
        None if dots > 0 => '.',
        None => ',',
    };
    let (int, frac) = match decimal {
        Some(d) => {
            let (a, b) = s.rsplit_once(d)?;
            (a.to_string(), b.to_string())
        }
        None => (s.clone(), String::new()),
    };
    // Thousands separators must group by three.
    let groups: Vec<&str> = int.split(thousands).collect();
    let grouped = groups.len() == 1
        || (groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped || frac.contains(['.', ',']) || groups.iter().any(|g| g.contains(['.', ','])) {
        return None;
    }
    let number: f64 = format!(
        "{}.{}",
        groups.concat(),
        if frac.is_empty() { "0" } else { frac.as_str() }
    )
    .parse()
    .ok()?;
    Some(if negative { -number } else { number })
}

/// A phase in Danish or English, any case.
pub fn phase(cell: &Cell) -> Result<Option<Phase>, RowProblem> {
    let Some(t) = text(cell) else { return Ok(None) };
    let p = match t.to_lowercase().as_str() {
        "analyse" | "analysis" => Phase::Analysis,
        "udbud" | "tender" => Phase::Tender,
        "implementering" | "implementation" => Phase::Implementation,
        "drift" | "operation" => Phase::Operation,
        "afsluttet" | "closed" => Phase::Closed,
        _ => return Err(RowProblem::BadPhase { value: t }),
    };
    Ok(Some(p))
}

/// The Danish word the export writes for a phase.
pub fn phase_da(p: Phase) -> &'static str {
    match p {
        Phase::Analysis => "Analyse",
        Phase::Tender => "Udbud",
        Phase::Implementation => "Implementering",
        Phase::Operation => "Drift",
        Phase::Closed => "Afsluttet",
    }
}

/// An initiative code as the store accepts it.
pub fn code(cell: &Cell) -> Result<String, RowProblem> {
    let t = text(cell).ok_or(RowProblem::NoCode)?;
    let ok = t.len() <= 16
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(t)
    } else {
        Err(RowProblem::BadCode { value: t })
    }
}

/// How a row names its focus area: a number, a name, or both ("3 Data",
/// "3. Data", "3 - Data", "3: Data"), as the export writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusRef {
    pub number: Option<i64>,
    pub name: Option<String>,
}

pub fn focus(cell: &Cell) -> Result<Option<FocusRef>, RowProblem> {
    let Some(t) = text(cell) else { return Ok(None) };
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return Ok(Some(FocusRef {
            number: None,
            name: Some(t),
        }));
    }
    // Focus areas are numbered from 1, as the store numbers them.
    let number: i64 = digits
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| RowProblem::BadFocusArea { value: t.clone() })?;
    let rest = &t[digits.len()..];
    let starts_right = rest.is_empty() || rest.starts_with([' ', '.', '-', ':', '\u{2013}']);
    let name = rest
        .trim_start_matches(|c: char| c.is_whitespace() || ".-:\u{2013}".contains(c))
        .trim();
    if !starts_right || (name.is_empty() && !rest.trim().trim_end_matches('.').is_empty()) {
        return Err(RowProblem::BadFocusArea { value: t });
    }
    Ok(Some(FocusRef {
        number: Some(number),
        name: Some(name.to_string()).filter(|n| !n.is_empty()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn amounts_in_danish_and_english() {
        let a = |s: &str| amount(&t(s), Column::Budget(2026));
        assert_eq!(a("1.250.000"), Ok(Some(1_250_000)));
        assert_eq!(a("1.250.000,00"), Ok(Some(1_250_000)));
        assert_eq!(a("1250000"), Ok(Some(1_250_000)));
        assert_eq!(a("1,250,000.00"), Ok(Some(1_250_000)));
        assert_eq!(a("1 250 000 kr."), Ok(Some(1_250_000)));
        assert_eq!(a("1500,0"), Ok(Some(1500)));
        assert_eq!(a("1500.00"), Ok(Some(1500)));
        assert_eq!(a("2.500"), Ok(Some(2500)));
        assert_eq!(a(""), Ok(None));
        assert!(matches!(a("1,5"), Err(RowProblem::BadAmount { .. })));
        assert!(matches!(a("12.34.5"), Err(RowProblem::BadAmount { .. })));
        assert!(matches!(a("mange"), Err(RowProblem::BadAmount { .. })));
        assert_eq!(
            a("-5"),
            Err(RowProblem::NegativeAmount {
                column: Column::Budget(2026)
            })
        );
        assert_eq!(
            amount(&Cell::Number(300.0), Column::Actual(2026)),
            Ok(Some(300))
        );
    }

    #[test]
    fn dates_as_written() {
        let d = |c: Cell| date(&c, Column::Start);
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        for s in [
            "01-03-2026",
            "1-3-2026",
            "01.03.2026",
            "2026-03-01",
            "01/03/2026",
        ] {
            assert_eq!(d(t(s)), Ok(Some(day)), "{s}");
        }
        assert_eq!(d(Cell::Number(46082.0)), Ok(Some(day)));
        assert!(d(t("31-02-2026")).is_err());
        assert!(d(t("03-01-26")).is_err());
    }

    #[test]
    fn focus_area_cells() {
        let f = |s: &str| focus(&t(s));
        let r = |n: Option<i64>, name: Option<&str>| {
            Ok(Some(FocusRef {
                number: n,
                name: name.map(String::from),
            }))
        };
        assert_eq!(f("3 Data"), r(Some(3), Some("Data")));
        assert_eq!(f("3. Data og AI"), r(Some(3), Some("Data og AI")));
        assert_eq!(f("3 - Data"), r(Some(3), Some("Data")));
        assert_eq!(f("3"), r(Some(3), None));
        assert_eq!(f("3."), r(Some(3), None));
        assert_eq!(f("Data"), r(None, Some("Data")));
        assert!(f("3x").is_err());
        assert!(f("0 Nul").is_err());
        assert_eq!(focus(&Cell::Number(2.0)), r(Some(2), None));
    }

    #[test]
    fn phases_and_codes() {
        assert_eq!(phase(&t("Udbud")), Ok(Some(Phase::Tender)));
        assert_eq!(phase(&t("operation")), Ok(Some(Phase::Operation)));
        assert!(phase(&t("done")).is_err());
        assert_eq!(code(&Cell::Number(8.1)), Ok("8.1".into()));
        assert_eq!(code(&t(" 8.10 ")), Ok("8.10".into()));
        assert_eq!(code(&Cell::Empty), Err(RowProblem::NoCode));
        assert!(code(&t("8 1")).is_err());
    }

    #[test]
    fn formula_guard_is_dropped() {
        assert_eq!(text(&t("'=SUM(A1)")), Some("=SUM(A1)".into()));
        assert_eq!(text(&t("'quoted")), Some("'quoted".into()));
    }
}
