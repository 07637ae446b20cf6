//! Focus areas: add, rename, renumber, reorder and delete.
//!
//! A focus area is addressed by its number, as the strategy and the CLI name
//! it ("Fokusområde 8"). Initiatives refer to the area's id, so a renumber
//! moves every initiative along and leaves their codes as they are (a code is
//! the committee's name for an initiative, not a derived value).

use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::order_key;
use crate::refusal::{Missing, Refusal};
use crate::{new_id, RowChange, Store};

/// A focus area with what the management view needs: its place in the
/// order and how many live initiatives it holds.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct FocusAreaRow {
    pub id: String,
    pub number: i64,
    pub name_da: String,
    pub name_en: Option<String>,
    /// 1-based place in the committee's order.
    pub place: usize,
    pub initiatives: i64,
}

/// The fields of a focus area to change; `None` leaves one as it is.
#[derive(Debug, Clone, Default)]
pub struct FocusAreaEdit {
    pub name: Option<String>,
    /// `Some(None)` clears the English name.
    pub name_en: Option<Option<String>>,
    pub number: Option<i64>,
}

fn check_number(number: i64) -> Result<()> {
    if number < 1 {
        return Err(Refusal::NotAFocusArea {
            value: number.to_string(),
        }
        .into());
    }
    Ok(())
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Refusal::Missing {
            what: Missing::FocusAreaName,
        }
        .into());
    }
    Ok(name.to_string())
}

impl Store {
    /// (id, number, order key) of every live focus area, in the committee's
    /// order: areas with a key by key, then those without by number.
    fn focus_area_keys(&self) -> Result<Vec<(String, i64, Option<String>)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, number, position FROM focus_area WHERE deleted = 0
             ORDER BY position IS NULL, position, number, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn number_taken(&self, number: i64) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM focus_area WHERE number = ?1 AND deleted = 0",
                [number],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Every focus area in order, with its place and its initiatives.
    pub fn focus_area_rows(&self) -> Result<Vec<FocusAreaRow>> {
        let counts: std::collections::HashMap<String, i64> = self
            .conn()
            .prepare_cached(
                "SELECT focus_area_id, count(*) FROM initiative
                 WHERE deleted = 0 AND focus_area_id IS NOT NULL GROUP BY focus_area_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(self
            .focus_areas()?
            .into_iter()
            .enumerate()
            .map(|(k, f)| FocusAreaRow {
                initiatives: counts.get(&f.id).copied().unwrap_or(0),
                id: f.id,
                number: f.number,
                name_da: f.name_da,
                name_en: f.name_en,
                place: k + 1,
            })
            .collect())
    }

    /// Add a focus area. It goes last in the order when the committee has
    /// ordered the areas by hand (every area has a key); otherwise it takes
    /// its place by number like the others.
    pub fn add_focus_area(&mut self, number: i64, name: &str) -> Result<String> {
        check_number(number)?;
        let name = check_name(name)?;
        if self.number_taken(number)? {
            return Err(Refusal::FocusAreaNumberTaken { number }.into());
        }
        let keys = self.focus_area_keys()?;
        let position = if !keys.is_empty() && keys.iter().all(|(_, _, k)| k.is_some()) {
            let last = keys.last().and_then(|(_, _, k)| k.as_deref());
            Some(order_key::between(last, None))
        } else {
            None
        };
        let id = new_id();
        self.write(vec![RowChange::insert("focus_area", id.clone())
            .set("number", number)
            .set("name_da", name)
            .set("name_en_verified", false)
            .set("position", position)])?;
        Ok(id)
    }

    /// Rename or renumber the focus area numbered `number`.
    pub fn edit_focus_area(&mut self, number: i64, edit: FocusAreaEdit) -> Result<()> {
        let id = self.focus_area_id(number)?;
        let mut change = RowChange::update("focus_area", id);
        if let Some(name) = edit.name {
            change = change.set("name_da", check_name(&name)?);
        }
        if let Some(name_en) = edit.name_en {
            let name_en = name_en
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty());
            // A name typed by a user is the verified one.
            change = change
                .set("name_en_verified", name_en.is_some())
                .set("name_en", name_en);
        }
        if let Some(new) = edit.number.filter(|n| *n != number) {
            check_number(new)?;
            if self.number_taken(new)? {
                return Err(Refusal::FocusAreaNumberTaken { number: new }.into());
            }
            change = change.set("number", new);
        }
        if change.fields.is_empty() {
            return Err(Refusal::NothingToChange.into());
        }
        self.write(vec![change])?;
        Ok(())
    }

    /// Move the focus area numbered `number` to 1-based place `to`. Areas
    /// that have no order key yet get one first, in the order they show, in
    /// the same batch: the order then holds on every replica.
    pub fn move_focus_area(&mut self, number: i64, to: usize) -> Result<()> {
        let id = self.focus_area_id(number)?;
        let keys = self.focus_area_keys()?;
        if to == 0 || to > keys.len() {
            return Err(Refusal::FocusAreaPlace {
                place: to,
                last: keys.len(),
            }
            .into());
        }
        let mut batch = Vec::new();
        let mut last: Option<String> = None;
        let mut keyed: Vec<(String, String)> = Vec::new();
        for (area, _, key) in keys {
            let key = match key {
                Some(k) => k,
                None => {
                    let k = order_key::between(last.as_deref(), None);
                    if area != id {
                        batch.push(
                            RowChange::update("focus_area", area.clone())
                                .set("position", k.clone()),
                        );
                    }
                    k
                }
            };
            last = Some(key.clone());
            keyed.push((area, key));
        }
        let others: Vec<&(String, String)> = keyed.iter().filter(|(a, _)| *a != id).collect();
        let before = to.checked_sub(2).and_then(|i| others.get(i));
        let after = others.get(to - 1);
        let position = order_key::between(
            before.map(|(_, k)| k.as_str()),
            after.map(|(_, k)| k.as_str()),
        );
        batch.push(RowChange::update("focus_area", id).set("position", position));
        self.write(batch)?;
        Ok(())
    }

    /// Delete (a tombstone) the focus area numbered `number`; refused while
    /// any live initiative is in it.
    pub fn delete_focus_area(&mut self, number: i64) -> Result<()> {
        let id = self.focus_area_id(number)?;
        let initiatives: i64 = self.conn().query_row(
            "SELECT count(*) FROM initiative WHERE focus_area_id = ?1 AND deleted = 0",
            [&id],
            |r| r.get(0),
        )?;
        if initiatives > 0 {
            return Err(Refusal::FocusAreaNotEmpty {
                number,
                initiatives,
            }
            .into());
        }
        self.write(vec![RowChange::delete("focus_area", id)])?;
        Ok(())
    }
}
