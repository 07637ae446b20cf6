//! Which column holds what, matched by its header in Danish or English (any
//! case, a trailing `.` or `:` ignored). Columns the import does not know are
//! left alone and named in the preview, so a sheet with a notes column still
//! imports; a known column twice is refused (which one would count?).

use std::collections::BTreeMap;

use crate::error::{Column, SheetRefusal};
use crate::read::Cell;
use crate::values;

/// The header row read.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Each known column's position.
    pub at: BTreeMap<Column, usize>,
    /// Headers not known, as written.
    pub ignored: Vec<String>,
}

fn column(header: &str) -> Result<Option<Column>, SheetRefusal> {
    let h = header
        .trim()
        .trim_end_matches(['.', ':'])
        .trim()
        .to_lowercase();
    let h: String = h.split_whitespace().collect::<Vec<_>>().join(" ");
    let fixed = match h.as_str() {
        "fokusområde" | "fokusomraade" | "focus area" | "focus" => Some(Column::FocusArea),
        "nr" | "nummer" | "kode" | "code" | "no" => Some(Column::Code),
        "titel" | "title" | "navn" | "name" => Some(Column::Title),
        "ansvarlig" | "lead" | "projektleder" | "owner" => Some(Column::Lead),
        "fase" | "phase" => Some(Column::Phase),
        "start" | "startdato" | "start date" => Some(Column::Start),
        "slut" | "slutdato" | "end" | "end date" => Some(Column::End),
        _ => None,
    };
    if fixed.is_some() {
        return Ok(fixed);
    }
    let Some((word, year)) = h.rsplit_once(' ') else {
        return Ok(None);
    };
    let Ok(year) = year.parse::<i64>() else {
        return Ok(None);
    };
    let make: fn(i64) -> Column = match word {
        "budget" => Column::Budget,
        "forbrug" | "actual" => Column::Actual,
        _ => return Ok(None),
    };
    if !(1900..=2200).contains(&year) {
        return Err(SheetRefusal::ColumnYear {
            header: header.trim().to_string(),
            year,
        });
    }
    Ok(Some(make(year)))
}

impl Columns {
    pub fn read(header: &[Cell]) -> Result<Columns, SheetRefusal> {
        let mut out = Columns::default();
        for (i, cell) in header.iter().enumerate() {
            let Some(text) = values::text(cell) else {
                continue;
            };
            match column(&text)? {
                Some(c) => {
                    if out.at.insert(c, i).is_some() {
                        return Err(SheetRefusal::ColumnTwice { header: text });
                    }
                }
                None => out.ignored.push(text),
            }
        }
        for needed in [Column::Code, Column::Title] {
            if !out.at.contains_key(&needed) {
                return Err(SheetRefusal::NoColumn { column: needed });
            }
        }
        Ok(out)
    }

    /// The cell of `column` in `row` (Empty where the row is short or the
    /// column absent).
    pub fn cell<'a>(&self, row: &'a [Cell], column: Column) -> &'a Cell {
        const EMPTY: &Cell = &Cell::Empty;
        self.at
            .get(&column)
            .and_then(|&i| row.get(i))
            .unwrap_or(EMPTY)
    }

    /// The years with a budget or an actual column, in order.
    pub fn years(&self) -> Vec<i64> {
        let mut years: Vec<i64> = self
            .at
            .keys()
            .filter_map(|c| match c {
                Column::Budget(y) | Column::Actual(y) => Some(*y),
                _ => None,
            })
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<Cell> {
        names.iter().map(|n| Cell::Text(n.to_string())).collect()
    }

    #[test]
    fn danish_and_english_headers() {
        let c = Columns::read(&header(&[
            "Fokusområde",
            "Nr.",
            "Titel",
            "Noter",
            "Budget 2026",
            "Forbrug 2026",
            "actual 2027",
        ]))
        .unwrap();
        assert_eq!(c.at[&Column::Code], 1);
        assert_eq!(c.at[&Column::Actual(2027)], 6);
        assert_eq!(c.ignored, vec!["Noter".to_string()]);
        assert_eq!(c.years(), vec![2026, 2027]);
        let c = Columns::read(&header(&["Focus area", "CODE", "title", "End date"])).unwrap();
        assert_eq!(c.at[&Column::End], 3);
    }

    #[test]
    fn refusals() {
        assert_eq!(
            Columns::read(&header(&["Titel"])).unwrap_err(),
            SheetRefusal::NoColumn {
                column: Column::Code
            }
        );
        assert!(matches!(
            Columns::read(&header(&["Nr", "Titel", "titel"])).unwrap_err(),
            SheetRefusal::ColumnTwice { .. }
        ));
        assert!(matches!(
            Columns::read(&header(&["Nr", "Titel", "Budget 26"])).unwrap_err(),
            SheetRefusal::ColumnYear { year: 26, .. }
        ));
    }
}
