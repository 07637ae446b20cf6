//! The import as a plan: every row's outcome against the workspace as it is
//! (new, update, unchanged or bad with its reasons), the focus areas to
//! create, and the row changes that carry it out in one `Store::write`
//! batch. Nothing is written while planning, so the preview and the import
//! are the same computation and cannot disagree.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use steerco_domain::{Phase, Value};
use steerco_store::ops::initiative::derived_id;
use steerco_store::{new_id, RowChange, Store};

use crate::columns::Columns;
use crate::error::{BadRow, Column, Result, RowProblem, SheetRefusal};
use crate::read::{Cell, Grid};
use crate::values::{self, FocusRef};

/// What importing a row does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(rename = "SheetRowOutcome")]
pub enum Outcome {
    New,
    /// Changes an existing initiative: the columns whose value differs.
    Update {
        columns: Vec<Column>,
    },
    Unchanged,
    Bad {
        problems: Vec<RowProblem>,
    },
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "SheetRow")]
pub struct RowPreview {
    /// The row's number as a spreadsheet program shows it (header: row 1).
    pub row: usize,
    pub code: String,
    pub title: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SheetNewFocusArea")]
pub struct NewFocusArea {
    pub number: i64,
    pub name: String,
}

/// An existing focus area the sheet names otherwise (renamed with `--update`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SheetRenamedFocusArea")]
pub struct RenamedFocusArea {
    pub number: i64,
    pub from: String,
    pub to: String,
}

/// What an import would do, row by row; nothing is written.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "SheetImportPreview")]
pub struct Preview {
    pub rows: Vec<RowPreview>,
    pub new_focus_areas: Vec<NewFocusArea>,
    pub renamed_focus_areas: Vec<RenamedFocusArea>,
    /// Headers of columns the import does not read.
    pub ignored_columns: Vec<String>,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub bad: usize,
}

impl Preview {
    /// Every bad row, in order.
    pub fn bad_rows(&self) -> Vec<BadRow> {
        self.rows
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Bad { problems } => Some(BadRow {
                    row: r.row,
                    problems: problems.clone(),
                }),
                _ => None,
            })
            .collect()
    }
}

/// A plan: the preview and the changes that carry it out.
pub struct Plan {
    pub preview: Preview,
    changes: Vec<RowChange>,
}

/// One row's values; a blank cell is None.
struct Values {
    code: String,
    title: Option<String>,
    lead: Option<String>,
    phase: Option<Phase>,
    focus: Option<FocusRef>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    /// year -> (budget, actual)
    amounts: BTreeMap<i64, (Option<i64>, Option<i64>)>,
}

/// A row's values, or every problem found in its cells.
type RowValues = std::result::Result<Values, Vec<RowProblem>>;

fn row_values(cols: &Columns, cells: &[Cell]) -> RowValues {
    let mut problems = Vec::new();
    // Every problem of the row is collected, not just the first.
    fn ok<T>(r: std::result::Result<T, RowProblem>, problems: &mut Vec<RowProblem>) -> Option<T> {
        r.map_err(|p| problems.push(p)).ok()
    }
    let cell = |c| cols.cell(cells, c);
    let code = ok(values::code(cell(Column::Code)), &mut problems);
    let phase = ok(values::phase(cell(Column::Phase)), &mut problems).flatten();
    let focus = ok(values::focus(cell(Column::FocusArea)), &mut problems).flatten();
    let start = ok(
        values::date(cell(Column::Start), Column::Start),
        &mut problems,
    )
    .flatten();
    let end = ok(values::date(cell(Column::End), Column::End), &mut problems).flatten();
    let mut amounts = BTreeMap::new();
    for year in cols.years() {
        let (bc, ac) = (Column::Budget(year), Column::Actual(year));
        let b = ok(values::amount(cell(bc), bc), &mut problems).flatten();
        let a = ok(values::amount(cell(ac), ac), &mut problems).flatten();
        if b.is_some() || a.is_some() {
            amounts.insert(year, (b, a));
        }
    }
    match code {
        Some(code) if problems.is_empty() => Ok(Values {
            code,
            title: values::text(cell(Column::Title)),
            lead: values::text(cell(Column::Lead)),
            phase,
            focus,
            start,
            end,
            amounts,
        }),
        _ => Err(problems),
    }
}

/// An initiative as the workspace holds it.
struct Existing {
    id: String,
    title: Option<String>,
    lead: Option<String>,
    phase: Option<Phase>,
    focus: Option<i64>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    amounts: BTreeMap<i64, (Option<i64>, Option<i64>)>,
}

fn existing(store: &Store) -> Result<HashMap<String, Existing>> {
    let mut out = HashMap::new();
    for s in store.portfolio()?.initiatives {
        let d = store.initiative(&s.id)?;
        let amounts = d
            .budget
            .iter()
            .map(|y| (y.year, (y.budget, y.actual)))
            .collect();
        out.insert(
            s.code.clone(),
            Existing {
                id: s.id,
                title: s.title,
                lead: s.lead,
                phase: s.phase,
                focus: s.focus_area,
                start: d.start_date,
                end: d.end_date,
                amounts,
            },
        );
    }
    Ok(out)
}

/// The focus areas the sheet names: existing ones by number or name, new
/// ones created once each (a name without a number gets the next free one).
struct Focus {
    by_number: HashMap<i64, String>,
    /// The existing ones' names, and the other names the sheet gives them
    /// (with the first row that does).
    existing_names: HashMap<i64, String>,
    renamed: BTreeMap<i64, (String, usize)>,
    names: HashMap<String, i64>,
    new: BTreeMap<i64, (String, usize)>,
    next: i64,
}

impl Focus {
    fn new(store: &Store) -> Result<Focus> {
        let mut f = Focus {
            by_number: HashMap::new(),
            existing_names: HashMap::new(),
            renamed: BTreeMap::new(),
            names: HashMap::new(),
            new: BTreeMap::new(),
            next: 1,
        };
        for a in store.focus_areas()? {
            f.names.insert(a.name_da.to_lowercase(), a.number);
            f.existing_names.insert(a.number, a.name_da);
            f.by_number.insert(a.number, a.id);
            f.next = f.next.max(a.number + 1);
        }
        Ok(f)
    }

    /// First pass: a number with a name that is not there yet is created.
    fn declare(&mut self, r: &FocusRef, row: usize) -> std::result::Result<(), RowProblem> {
        let (Some(n), Some(name)) = (r.number, &r.name) else {
            return Ok(());
        };
        let differs = |a: &str, b: &str| a.to_lowercase() != b.to_lowercase();
        let known = match self.existing_names.get(&n) {
            Some(old) if differs(old, name) => &mut self.renamed,
            Some(_) => return Ok(()),
            None => &mut self.new,
        };
        match known.get(&n) {
            Some((other, other_row)) if differs(other, name) => Err(RowProblem::FocusAreaNames {
                number: n,
                name: other.clone(),
                other: name.clone(),
                other_row: *other_row,
            }),
            Some(_) => Ok(()),
            None => {
                known.insert(n, (name.clone(), row));
                self.names.entry(name.to_lowercase()).or_insert(n);
                self.next = self.next.max(n + 1);
                Ok(())
            }
        }
    }

    /// Second pass: the number a row's focus area has (or will have).
    fn resolve(&mut self, r: &FocusRef, row: usize) -> std::result::Result<i64, RowProblem> {
        match (r.number, &r.name) {
            (Some(n), _) if self.by_number.contains_key(&n) || self.new.contains_key(&n) => Ok(n),
            (Some(n), _) => Err(RowProblem::NoSuchFocusArea { number: n }),
            (None, Some(name)) => {
                if let Some(n) = self.names.get(&name.to_lowercase()) {
                    return Ok(*n);
                }
                let n = self.next;
                self.next += 1;
                self.new.insert(n, (name.clone(), row));
                self.names.insert(name.to_lowercase(), n);
                Ok(n)
            }
            (None, None) => Err(RowProblem::BadFocusArea {
                value: String::new(),
            }),
        }
    }

    /// The id of a focus area by number, giving new ones their ids.
    fn id(&mut self, n: i64) -> String {
        self.by_number.entry(n).or_insert_with(new_id).clone()
    }
}

fn date_value(d: Option<NaiveDate>) -> Value {
    d.map(|d| d.to_string()).into()
}

/// Plan importing `grid`: with `update`, rows whose code exists change it
/// (a blank cell keeps the old value); without, such a row is bad unless it
/// changes nothing.
pub fn plan(store: &Store, grid: &Grid, update: bool) -> Result<Plan> {
    let mut rows = grid.rows.iter();
    let (_, header) = rows.next().ok_or(SheetRefusal::NoHeader)?;
    let cols = Columns::read(header)?;
    let existing = existing(store)?;
    let mut focus = Focus::new(store)?;

    // Every row read first: focus areas named with a number in any row are
    // known before rows that name them by number only.
    let parsed: Vec<(usize, &[Cell], RowValues)> = rows
        .map(|(n, cells)| (*n, cells.as_slice(), row_values(&cols, cells)))
        .collect();
    let mut declared: HashMap<usize, RowProblem> = HashMap::new();
    for (n, _, v) in &parsed {
        if let Ok(Values { focus: Some(r), .. }) = v {
            if let Err(p) = focus.declare(r, *n) {
                declared.insert(*n, p);
            }
        }
    }

    let mut previews = Vec::new();
    let mut changes = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, cells, v) in parsed {
        let shown_code = values::text(cols.cell(cells, Column::Code)).unwrap_or_default();
        let shown_title = values::text(cols.cell(cells, Column::Title)).unwrap_or_default();
        let mut problems = match &v {
            Ok(_) => Vec::new(),
            Err(p) => p.clone(),
        };
        problems.extend(declared.remove(&n));
        let outcome = match v {
            Err(_) => Outcome::Bad { problems },
            Ok(v) => {
                if let Some(first_row) = seen.get(&v.code) {
                    problems.push(RowProblem::CodeTwice {
                        code: v.code.clone(),
                        first_row: *first_row,
                    });
                } else {
                    seen.insert(v.code.clone(), n);
                }
                // A name for an existing focus area that differs from its
                // own renames it, which only --update may do.
                if let Some(FocusRef {
                    number: Some(n),
                    name: Some(new_name),
                }) = &v.focus
                {
                    if let (Some(name), false) = (focus.existing_names.get(n), update) {
                        if focus.renamed.contains_key(n) {
                            problems.push(RowProblem::FocusAreaRenamed {
                                number: *n,
                                name: name.clone(),
                                new_name: new_name.clone(),
                            });
                        }
                    }
                }
                let area = match &v.focus {
                    Some(r) => match focus.resolve(r, n) {
                        Ok(a) => Some(a),
                        Err(p) => {
                            problems.push(p);
                            None
                        }
                    },
                    None => None,
                };
                let old = existing.get(&v.code);
                let start = v.start.or(old.and_then(|o| o.start));
                let end = v.end.or(old.and_then(|o| o.end));
                if let (Some(s), Some(e)) = (start, end) {
                    if e < s {
                        problems.push(RowProblem::EndBeforeStart {
                            start: s.to_string(),
                            end: e.to_string(),
                        });
                    }
                }
                if old.is_none() && v.title.is_none() {
                    problems.push(RowProblem::NoTitle);
                }
                let columns = old.map(|o| differences(o, &v, area)).unwrap_or_default();
                if old.is_some() && !columns.is_empty() && !update {
                    problems.push(RowProblem::CodeExists {
                        code: v.code.clone(),
                    });
                }
                if !problems.is_empty() {
                    Outcome::Bad { problems }
                } else {
                    let area_id = area.map(|a| focus.id(a));
                    match old {
                        None => {
                            changes.extend(insert(&v, area_id));
                            Outcome::New
                        }
                        Some(_) if columns.is_empty() => Outcome::Unchanged,
                        Some(o) => {
                            changes.extend(edit(o, &v, &columns, area_id));
                            Outcome::Update { columns }
                        }
                    }
                }
            }
        };
        previews.push(RowPreview {
            row: n,
            code: shown_code,
            title: shown_title,
            outcome,
        });
    }

    // Focus areas go first in the batch: initiatives refer to them.
    let mut areas = Vec::new();
    let mut new_focus_areas = Vec::new();
    for (number, (name, _)) in std::mem::take(&mut focus.new) {
        // A focus area no good row uses is not created.
        let Some(id) = focus.by_number.get(&number) else {
            continue;
        };
        areas.push(
            RowChange::insert("focus_area", id.clone())
                .set("number", number)
                .set("name_da", name.as_str())
                .set("name_en_verified", false),
        );
        new_focus_areas.push(NewFocusArea { number, name });
    }
    let mut renamed_focus_areas = Vec::new();
    for (number, (to, _)) in std::mem::take(&mut focus.renamed) {
        let (Some(id), Some(from)) = (
            focus.by_number.get(&number),
            focus.existing_names.get(&number),
        ) else {
            continue;
        };
        areas.push(RowChange::update("focus_area", id.clone()).set("name_da", to.as_str()));
        renamed_focus_areas.push(RenamedFocusArea {
            number,
            from: from.clone(),
            to,
        });
    }
    areas.extend(changes);
    let count = |f: fn(&Outcome) -> bool| previews.iter().filter(|r| f(&r.outcome)).count();
    let preview = Preview {
        new: count(|o| matches!(o, Outcome::New)),
        updated: count(|o| matches!(o, Outcome::Update { .. })),
        unchanged: count(|o| matches!(o, Outcome::Unchanged)),
        bad: count(|o| matches!(o, Outcome::Bad { .. })),
        rows: previews,
        new_focus_areas,
        renamed_focus_areas,
        ignored_columns: cols.ignored,
    };
    Ok(Plan {
        preview,
        changes: areas,
    })
}

/// The columns where a row's non-blank cells differ from the initiative.
fn differences(o: &Existing, v: &Values, area: Option<i64>) -> Vec<Column> {
    let mut out = Vec::new();
    let mut differs = |c: Column, d: bool| {
        if d {
            out.push(c);
        }
    };
    differs(Column::Title, v.title.is_some() && v.title != o.title);
    differs(Column::Lead, v.lead.is_some() && v.lead != o.lead);
    differs(Column::Phase, v.phase.is_some() && v.phase != o.phase);
    differs(Column::FocusArea, area.is_some() && area != o.focus);
    differs(Column::Start, v.start.is_some() && v.start != o.start);
    differs(Column::End, v.end.is_some() && v.end != o.end);
    for (year, (b, a)) in &v.amounts {
        let (ob, oa) = o.amounts.get(year).copied().unwrap_or_default();
        differs(Column::Budget(*year), b.is_some() && *b != ob);
        differs(Column::Actual(*year), a.is_some() && *a != oa);
    }
    out
}

fn budget_rows(
    id: &str,
    v: &Values,
    only: Option<&[Column]>,
    old: Option<&Existing>,
) -> Vec<RowChange> {
    let mut out = Vec::new();
    for (year, (b, a)) in &v.amounts {
        let wanted = |c: Column| only.is_none_or(|cols| cols.contains(&c));
        let b = b.filter(|_| wanted(Column::Budget(*year)));
        let a = a.filter(|_| wanted(Column::Actual(*year)));
        if b.is_none() && a.is_none() {
            continue;
        }
        // The same derived id as `set_budget`, so a year entered elsewhere
        // meets this one in one row.
        let row_id = derived_id(&format!("initiative_year/{id}/{year}"));
        let exists = old.is_some_and(|o| o.amounts.contains_key(year));
        let mut change = if exists {
            RowChange::update("initiative_year", row_id)
        } else {
            RowChange::insert("initiative_year", row_id)
                .set("initiative_id", id)
                .set("year", *year)
        };
        if let Some(b) = b {
            change = change.set("budget", b);
        }
        if let Some(a) = a {
            change = change.set("actual", a);
        }
        out.push(change);
    }
    out
}

fn insert(v: &Values, area: Option<String>) -> Vec<RowChange> {
    let id = new_id();
    let mut out = vec![RowChange::insert("initiative", id.clone())
        .set("code", v.code.as_str())
        .set("code_verified", true)
        .set("title", v.title.clone())
        .set("title_verified", true)
        .set("title_en_verified", false)
        .set("focus_area_id", area)
        .set("lead", v.lead.clone())
        .set("phase", v.phase.map(|p| p.as_str()))
        .set("start_date", date_value(v.start))
        .set("end_date", date_value(v.end))];
    out.extend(budget_rows(&id, v, None, None));
    out
}

fn edit(o: &Existing, v: &Values, columns: &[Column], area: Option<String>) -> Vec<RowChange> {
    let mut change = RowChange::update("initiative", o.id.clone());
    for c in columns {
        change = match c {
            // A title from the committee's own sheet is a verified one.
            Column::Title => change
                .set("title", v.title.clone())
                .set("title_verified", true),
            Column::Lead => change.set("lead", v.lead.clone()),
            Column::Phase => change.set("phase", v.phase.map(|p| p.as_str())),
            Column::FocusArea => change.set("focus_area_id", area.clone()),
            Column::Start => change.set("start_date", date_value(v.start)),
            Column::End => change.set("end_date", date_value(v.end)),
            Column::Code | Column::Budget(_) | Column::Actual(_) => change,
        };
    }
    let mut out = Vec::new();
    if !change.fields.is_empty() {
        out.push(change);
    }
    out.extend(budget_rows(&o.id, v, Some(columns), Some(o)));
    out
}

impl Plan {
    /// Carry the plan out in one batch (all or nothing); refused, with every
    /// bad row, when any row is bad.
    pub fn apply(self, store: &mut Store) -> Result<Preview> {
        let bad = self.preview.bad_rows();
        if !bad.is_empty() {
            return Err(SheetRefusal::BadRows { rows: bad }.into());
        }
        if !self.changes.is_empty() {
            store.write(self.changes)?;
        }
        Ok(self.preview)
    }
}
