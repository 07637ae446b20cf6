//! The narrative of a highlight report (PRINCE2 style), per initiative and
//! period: edited in the app, merged like any long text.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use super::initiative::derived_id;
use crate::error::Result;
use crate::refusal::Refusal;
use crate::{RowChange, Store};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct HighlightText {
    pub status_summary: String,
    pub this_period: String,
    pub next_period: String,
    pub issues: String,
    pub decisions_needed: String,
}

/// A period as the reports name it: `YYYY-Qn`, `YYYY-Hn` or `YYYY-MM`.
pub fn check_period(p: &str) -> Result<()> {
    let ok = match p.split_once('-') {
        Some((y, rest)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => {
            matches!(rest, "Q1" | "Q2" | "Q3" | "Q4" | "H1" | "H2")
                || (rest.len() == 2 && rest.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Refusal::NotAPeriod {
            value: p.to_string(),
        }
        .into())
    }
}

impl Store {
    /// The current quarter, e.g. `2026-Q1`.
    pub fn current_quarter(&self) -> Result<String> {
        use chrono::Datelike;
        let today = self.today()?;
        Ok(format!("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1))
    }

    pub fn highlight_text(&self, initiative: &str, period: &str) -> Result<HighlightText> {
        check_period(period)?;
        let initiative = self.find_initiative(initiative)?;
        let id = derived_id(&format!("highlight/{initiative}/{period}"));
        let row = self
            .conn()
            .query_row(
                "SELECT status_summary, this_period, next_period, issues, decisions_needed
                 FROM highlight WHERE id = ?1 AND deleted = 0",
                [&id],
                |r| {
                    let s = |i: usize| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
                    Ok(HighlightText {
                        status_summary: s(0)?,
                        this_period: s(1)?,
                        next_period: s(2)?,
                        issues: s(3)?,
                        decisions_needed: s(4)?,
                    })
                },
            )
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    /// Save the narrative; only the fields that changed are written.
    pub fn set_highlight_text(
        &mut self,
        initiative: &str,
        period: &str,
        text: HighlightText,
    ) -> Result<()> {
        check_period(period)?;
        let before = self.highlight_text(initiative, period)?;
        let initiative = self.find_initiative(initiative)?;
        let id = derived_id(&format!("highlight/{initiative}/{period}"));
        let exists: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM highlight WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })?;
        let mut change = if exists == 1 {
            RowChange::update("highlight", id)
        } else {
            RowChange::insert("highlight", id)
                .set("initiative_id", initiative)
                .set("period", period.to_string())
        };
        let fields: [(&'static str, &String, &String); 5] = [
            (
                "status_summary",
                &text.status_summary,
                &before.status_summary,
            ),
            ("this_period", &text.this_period, &before.this_period),
            ("next_period", &text.next_period, &before.next_period),
            ("issues", &text.issues, &before.issues),
            (
                "decisions_needed",
                &text.decisions_needed,
                &before.decisions_needed,
            ),
        ];
        let mut changed = false;
        for (name, new, old) in fields {
            if new != old {
                change = change.set(name, Some(new.clone()).filter(|s| !s.is_empty()));
                changed = true;
            }
        }
        if changed {
            self.write(vec![change])?;
        }
        Ok(())
    }
}
