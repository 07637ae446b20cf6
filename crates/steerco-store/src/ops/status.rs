//! Status updates: append-only, one per dimension and date.

use chrono::NaiveDate;
use chrono::SecondsFormat;
use steerco_domain::{Dimension, Rag};

use crate::error::Result;
use crate::refusal::Refusal;
use crate::{new_id, RowChange, Store};

#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
pub struct NewStatus {
    pub dimension: Dimension,
    pub rag: Rag,
    pub reason: Option<String>,
    /// The date the status is as of; today when None.
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub sample: bool,
}

impl Store {
    pub fn add_status(&mut self, key: &str, status: NewStatus) -> Result<String> {
        let initiative = self.find_initiative(key)?;
        let today = self.today()?;
        let date = status.date.unwrap_or(today);
        if date > today {
            return Err(Refusal::StatusInFuture {
                date: date.to_string(),
                today: today.to_string(),
            }
            .into());
        }
        let reason = status
            .reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        let id = new_id();
        let recorded_at = self.now().to_rfc3339_opts(SecondsFormat::Millis, true);
        self.write(vec![RowChange::insert("status_update", id.clone())
            .set("initiative_id", initiative)
            .set("dimension", status.dimension.as_str())
            .set("rag", status.rag.as_str())
            .set("reason", reason)
            .set("date", date.to_string())
            .set("author_id", self.me().map(str::to_string))
            .set("recorded_at", recorded_at)
            .set("sample", status.sample)])?;
        Ok(id)
    }
}
