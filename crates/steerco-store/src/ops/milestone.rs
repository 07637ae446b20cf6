//! Milestones: a planned date with its history (append-only `milestone_plan`),
//! and a done date.

use chrono::{NaiveDate, SecondsFormat};

use crate::error::Result;
use crate::refusal::{Entity, Missing, Refusal};
use crate::{new_id, RowChange, Store};

impl Store {
    pub fn find_milestone(&self, key: &str) -> Result<String> {
        // Titles repeat across initiatives: address milestones by id only.
        self.find_by_id("milestone", "deleted = 0", Entity::Milestone, key)
    }

    fn plan_row(&self, milestone_id: &str, date: NaiveDate) -> RowChange {
        RowChange::insert("milestone_plan", new_id())
            .set("milestone_id", milestone_id)
            .set("planned_date", date.to_string())
            .set(
                "recorded_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            )
            .set("author_id", self.me().map(str::to_string))
    }

    pub fn add_milestone(
        &mut self,
        initiative: &str,
        title: &str,
        due: NaiveDate,
        sample: bool,
    ) -> Result<String> {
        let initiative = self.find_initiative(initiative)?;
        let title = title.trim();
        if title.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::MilestoneTitle,
            }
            .into());
        }
        let id = new_id();
        let plan = self.plan_row(&id, due);
        self.write(vec![
            RowChange::insert("milestone", id.clone())
                .set("initiative_id", initiative)
                .set("title", title)
                .set("planned_date", due.to_string())
                .set("sample", sample),
            plan,
        ])?;
        Ok(id)
    }

    /// Move the planned date; the old one stays in the plan history.
    pub fn replan_milestone(&mut self, key: &str, due: NaiveDate) -> Result<()> {
        let id = self.find_milestone(key)?;
        let plan = self.plan_row(&id, due);
        self.write(vec![
            RowChange::update("milestone", id).set("planned_date", due.to_string()),
            plan,
        ])?;
        Ok(())
    }

    pub fn complete_milestone(&mut self, key: &str, on: Option<NaiveDate>) -> Result<()> {
        let id = self.find_milestone(key)?;
        let today = self.today()?;
        let on = on.unwrap_or(today);
        if on > today {
            return Err(Refusal::MilestoneDoneInFuture {
                date: on.to_string(),
                today: today.to_string(),
            }
            .into());
        }
        self.write(vec![
            RowChange::update("milestone", id).set("done_date", on.to_string())
        ])?;
        Ok(())
    }
}

impl Store {
    /// Correct a milestone's title, and with `due` re-plan it (the plan
    /// history keeps the old date), in one change.
    pub fn edit_milestone(
        &mut self,
        key: &str,
        title: Option<&str>,
        due: Option<NaiveDate>,
    ) -> Result<()> {
        let id = self.find_milestone(key)?;
        if title.is_none() && due.is_none() {
            return Err(Refusal::NothingToChange.into());
        }
        let mut change = RowChange::update("milestone", id.clone());
        if let Some(title) = title.map(str::trim) {
            if title.is_empty() {
                return Err(Refusal::Missing {
                    what: Missing::MilestoneTitle,
                }
                .into());
            }
            change = change.set("title", title);
        }
        let mut batch = Vec::new();
        if let Some(due) = due {
            change = change.set("planned_date", due.to_string());
            batch.push(self.plan_row(&id, due));
        }
        batch.insert(0, change);
        self.write(batch)?;
        Ok(())
    }

    /// Delete a milestone: a tombstone; its plan history (append-only)
    /// stays, so a restore brings the milestone back as it was.
    pub fn delete_milestone(&mut self, key: &str) -> Result<()> {
        let id = self.find_milestone(key)?;
        self.write(vec![RowChange::delete("milestone", id)])?;
        Ok(())
    }
}
