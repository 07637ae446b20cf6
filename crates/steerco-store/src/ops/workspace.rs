//! The workspace row: name, time zone, how many initiatives the portfolio plans.

use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::dates;
use crate::error::{Result, StoreError};
use crate::Store;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct WorkspaceInfo {
    pub id: String,
    pub name: String,
    pub time_zone: String,
    /// How many initiatives the portfolio is meant to hold (33 for the strategy).
    pub planned_initiatives: Option<i64>,
    pub source: Option<String>,
    /// The workspace holds illustrative sample data (the demo).
    pub sample: bool,
}

impl Store {
    pub fn workspace(&self) -> Result<WorkspaceInfo> {
        // Cached: every portfolio and every "today" asks.
        self.conn()
            .prepare_cached(
                "SELECT id, name, time_zone, planned_initiatives, source, sample
                 FROM workspace WHERE deleted = 0 ORDER BY id LIMIT 1",
            )?
            .query_row([], |r| {
                Ok(WorkspaceInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    time_zone: r.get(2)?,
                    planned_initiatives: r.get(3)?,
                    source: r.get(4)?,
                    sample: r.get(5)?,
                })
            })
            .optional()?
            .ok_or_else(|| StoreError::NotAWorkspace(self.path().to_path_buf()))
    }

    pub fn time_zone(&self) -> Result<Tz> {
        dates::parse_time_zone(&self.workspace()?.time_zone)
    }

    /// Today in the workspace's time zone, by the injected clock.
    pub fn today(&self) -> Result<NaiveDate> {
        Ok(dates::today_in(self.time_zone()?, self.now()))
    }
}
