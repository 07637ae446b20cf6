//! Adding, finding and editing initiatives.

use chrono::NaiveDate;
use steerco_domain::{Phase, Value};

use crate::error::{Result, StoreError};
use crate::refusal::{Entity, Missing, Refusal, Vocabulary};
use crate::{new_id, RowChange, Store};

#[derive(Debug, Clone, Default)]
pub struct NewInitiative {
    pub code: String,
    pub title: String,
    pub focus_area: Option<i64>,
    pub lead: Option<String>,
    pub phase: Option<Phase>,
    pub description: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// Fields to change; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct InitiativeEdit {
    pub title: Option<String>,
    pub title_en: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub lead: Option<Option<String>>,
    pub phase: Option<Option<Phase>>,
    pub focus_area: Option<Option<i64>>,
    pub start: Option<Option<NaiveDate>>,
    pub end: Option<Option<NaiveDate>>,
}

/// The initiative form as the app edits it: every field as typed (an empty
/// string is "no value"). Saving it changes only the fields that differ, so
/// the change log records what the user actually changed.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, ts_rs::TS)]
pub struct InitiativeForm {
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub lead: String,
    /// analysis, tender, implementation, operation, closed or "".
    pub phase: String,
    /// A focus area number, or "".
    pub focus_area: String,
    /// YYYY-MM-DD or "".
    pub start_date: String,
    pub end_date: String,
}

fn opt_text(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn check_code(code: &str) -> Result<()> {
    let ok = !code.is_empty()
        && code.len() <= 16
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Refusal::NotAnInitiativeCode {
            value: code.to_string(),
        }
        .into())
    }
}

fn check_span(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Result<()> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => Err(Refusal::EndBeforeStart {
            start: s.to_string(),
            end: e.to_string(),
        }
        .into()),
        _ => Ok(()),
    }
}

fn date_value(d: Option<NaiveDate>) -> Value {
    d.map(|d| d.to_string()).into()
}

impl Store {
    /// The id of a live initiative by code, id or id prefix.
    pub fn find_initiative(&self, key: &str) -> Result<String> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, code FROM initiative WHERE deleted = 0")?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        super::resolve(
            Entity::Initiative,
            key,
            rows.iter().map(|(id, code)| (id.as_str(), code.as_str())),
        )
    }

    /// The id of a focus area by its number.
    pub fn focus_area_id(&self, number: i64) -> Result<String> {
        use rusqlite::OptionalExtension;
        self.conn()
            .query_row(
                "SELECT id FROM focus_area WHERE number = ?1 AND deleted = 0",
                [number],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                kind: Entity::FocusArea,
                key: number.to_string(),
            })
    }

    fn code_taken(&self, code: &str) -> Result<bool> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM initiative WHERE code = ?1 AND deleted = 0",
            [code],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    pub fn add_initiative(&mut self, new: NewInitiative) -> Result<String> {
        let code = new.code.trim().to_string();
        check_code(&code)?;
        let title = new.title.trim();
        if title.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::InitiativeTitle,
            }
            .into());
        }
        check_span(new.start, new.end)?;
        if self.code_taken(&code)? {
            return Err(StoreError::DuplicateCode(code));
        }
        let focus = new.focus_area.map(|n| self.focus_area_id(n)).transpose()?;
        let id = new_id();
        self.write(vec![RowChange::insert("initiative", id.clone())
            .set("code", code.as_str())
            .set("code_verified", true)
            .set("title", title)
            .set("title_verified", true)
            .set("title_en_verified", false)
            .set("focus_area_id", focus)
            .set("lead", new.lead)
            .set("phase", new.phase.map(|p| p.as_str()))
            .set("description", new.description)
            .set("start_date", date_value(new.start))
            .set("end_date", date_value(new.end))])?;
        Ok(id)
    }

    pub fn edit_initiative(&mut self, key: &str, edit: InitiativeEdit) -> Result<()> {
        let id = self.find_initiative(key)?;
        let current = self.initiative(&id)?;
        let start = edit.start.unwrap_or(current.start_date);
        let end = edit.end.unwrap_or(current.end_date);
        check_span(start, end)?;
        let mut change = RowChange::update("initiative", id);
        if let Some(title) = edit.title {
            let title = title.trim().to_string();
            if title.is_empty() {
                return Err(Refusal::Missing {
                    what: Missing::InitiativeTitle,
                }
                .into());
            }
            // A title typed by a user is, by definition, the verified one.
            change = change.set("title", title).set("title_verified", true);
        }
        if let Some(v) = edit.title_en {
            change = change.set("title_en", v).set("title_en_verified", true);
        }
        if let Some(v) = edit.description {
            change = change.set("description", v);
        }
        if let Some(v) = edit.lead {
            change = change.set("lead", v);
        }
        if let Some(v) = edit.phase {
            change = change.set("phase", v.map(|p| p.as_str()));
        }
        if let Some(v) = edit.focus_area {
            let focus = v.map(|n| self.focus_area_id(n)).transpose()?;
            change = change.set("focus_area_id", focus);
        }
        if let Some(v) = edit.start {
            change = change.set("start_date", date_value(v));
        }
        if let Some(v) = edit.end {
            change = change.set("end_date", date_value(v));
        }
        if change.fields.is_empty() {
            return Err(Refusal::NothingToChange.into());
        }
        self.write(vec![change])?;
        Ok(())
    }

    /// The form's current values for an initiative.
    pub fn initiative_form(&self, key: &str) -> Result<InitiativeForm> {
        let id = self.find_initiative(key)?;
        let d = self.initiative(&id)?;
        let s = d.summary;
        Ok(InitiativeForm {
            title: s.title.filter(|_| s.title_verified).unwrap_or_default(),
            title_en: s.title_en.unwrap_or_default(),
            description: d.description.unwrap_or_default(),
            lead: s.lead.unwrap_or_default(),
            phase: s.phase.map(|p| p.as_str().to_string()).unwrap_or_default(),
            focus_area: s.focus_area.map(|n| n.to_string()).unwrap_or_default(),
            start_date: d.start_date.map(|d| d.to_string()).unwrap_or_default(),
            end_date: d.end_date.map(|d| d.to_string()).unwrap_or_default(),
        })
    }

    /// Save the form: validate every field, then write the ones that changed
    /// in one change. Returns how many fields changed.
    pub fn save_initiative_form(&mut self, key: &str, form: InitiativeForm) -> Result<usize> {
        let id = self.find_initiative(key)?;
        let old = self.initiative_form(&id)?;
        let date = |s: &str| {
            opt_text(s)
                .map(|d| crate::dates::parse_date(&d))
                .transpose()
        };
        let phase = opt_text(&form.phase)
            .map(|p| {
                p.parse::<Phase>().map_err(|_| {
                    let all: Vec<&str> = Phase::ALL.iter().map(|p| p.as_str()).collect();
                    StoreError::from(Refusal::not_one_of(p.trim(), Vocabulary::Phase, &all))
                })
            })
            .transpose()?;
        let focus = opt_text(&form.focus_area)
            .map(|n| {
                n.parse::<i64>()
                    .map_err(|_| StoreError::from(Refusal::NotAFocusArea { value: n.clone() }))
            })
            .transpose()?;
        let (start, end) = (date(&form.start_date)?, date(&form.end_date)?);
        let changed = |a: &str, b: &str| a.trim() != b.trim();
        let mut edit = InitiativeEdit::default();
        if changed(&form.title, &old.title) {
            edit.title = Some(form.title.clone());
        }
        if changed(&form.title_en, &old.title_en) {
            edit.title_en = Some(opt_text(&form.title_en));
        }
        if changed(&form.description, &old.description) {
            edit.description = Some(opt_text(&form.description));
        }
        if changed(&form.lead, &old.lead) {
            edit.lead = Some(opt_text(&form.lead));
        }
        if changed(&form.phase, &old.phase) {
            edit.phase = Some(phase);
        }
        if changed(&form.focus_area, &old.focus_area) {
            edit.focus_area = Some(focus);
        }
        if changed(&form.start_date, &old.start_date) {
            edit.start = Some(start);
        }
        if changed(&form.end_date, &old.end_date) {
            edit.end = Some(end);
        }
        let n = [
            edit.title.is_some(),
            edit.title_en.is_some(),
            edit.description.is_some(),
            edit.lead.is_some(),
            edit.phase.is_some(),
            edit.focus_area.is_some(),
            edit.start.is_some(),
            edit.end.is_some(),
        ]
        .iter()
        .filter(|c| **c)
        .count();
        if n > 0 {
            self.edit_initiative(&id, edit)?;
        }
        Ok(n)
    }

    pub fn delete_initiative(&mut self, key: &str) -> Result<()> {
        let id = self.find_initiative(key)?;
        self.write(vec![RowChange::delete("initiative", id)])?;
        Ok(())
    }

    /// The id of a deleted initiative by code, id or id prefix: what a
    /// restore names (a live one is not deleted, so it is not found here).
    fn find_deleted_initiative(&self, key: &str) -> Result<String> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, code FROM initiative WHERE deleted = 1")?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        super::resolve(
            Entity::DeletedInitiative,
            key,
            rows.iter().map(|(id, code)| (id.as_str(), code.as_str())),
        )
    }

    /// Undo a delete: the tombstone comes back to life as a new change
    /// through the write path, so it syncs like any edit and the history
    /// keeps both the delete and the restore. Its milestones, statuses and
    /// budget years were never deleted, so they come back with it. Refused
    /// while a live initiative holds its code (two would share one code).
    pub fn restore_initiative(&mut self, key: &str) -> Result<String> {
        let id = self.find_deleted_initiative(key)?;
        let (code, focus): (String, Option<String>) = self.conn().query_row(
            "SELECT code, focus_area_id FROM initiative WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if self.code_taken(&code)? {
            return Err(StoreError::DuplicateCode(code));
        }
        let mut changes = vec![RowChange::restore("initiative", id.clone())];
        // A focus area deleted meanwhile stays deleted: the initiative comes
        // back without one rather than under an area nobody sees.
        if let Some(focus) = focus {
            let live: i64 = self.conn().query_row(
                "SELECT count(*) FROM focus_area WHERE id = ?1 AND deleted = 0",
                [&focus],
                |r| r.get(0),
            )?;
            if live == 0 {
                changes.push(
                    RowChange::update("initiative", id.clone()).set("focus_area_id", Value::Null),
                );
            }
        }
        self.write(changes)?;
        Ok(id)
    }

    /// Budget and actual spend for one year (DKK); the row id is derived from
    /// (initiative, year) so concurrent entries of one year meet in one row.
    pub fn set_budget(
        &mut self,
        key: &str,
        year: i64,
        budget: Option<i64>,
        actual: Option<i64>,
    ) -> Result<()> {
        if !(1900..=2200).contains(&year) {
            return Err(Refusal::ImplausibleYear { year }.into());
        }
        if budget.is_none() && actual.is_none() {
            return Err(Refusal::NoAmount.into());
        }
        if budget.is_some_and(|b| b < 0) || actual.is_some_and(|a| a < 0) {
            return Err(Refusal::NegativeAmount.into());
        }
        let id = self.find_initiative(key)?;
        let row_id = derived_id(&format!("initiative_year/{id}/{year}"));
        let exists: i64 = self.conn().query_row(
            "SELECT count(*) FROM initiative_year WHERE id = ?1 AND deleted = 0",
            [&row_id],
            |r| r.get(0),
        )?;
        let mut change = if exists == 1 {
            RowChange::update("initiative_year", row_id)
        } else {
            RowChange::insert("initiative_year", row_id)
                .set("initiative_id", id)
                .set("year", year)
        };
        if let Some(b) = budget {
            change = change.set("budget", b);
        }
        if let Some(a) = actual {
            change = change.set("actual", a);
        }
        self.write(vec![change])?;
        Ok(())
    }
}

/// A stable id for a row whose identity is its natural key.
pub fn derived_id(key: &str) -> String {
    uuid::Uuid::new_v5(&STEERCO_NAMESPACE, key.as_bytes()).to_string()
}

/// UUID namespace for ids Steerco derives from natural keys.
pub const STEERCO_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5f1c_2a9e_53e4_4c0b_9d51_6e3a_7c10_0001);
