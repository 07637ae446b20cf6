//! Dates as the CLI and the store spell them: `YYYY-MM-DD`.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::error::{Result, StoreError};

pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| StoreError::invalid(format!("{s:?} is not a date; use YYYY-MM-DD")))
}

pub fn parse_time_zone(s: &str) -> Result<Tz> {
    s.parse::<Tz>().map_err(|_| {
        StoreError::invalid(format!(
            "{s:?} is not a time zone; use an IANA name such as Europe/Copenhagen"
        ))
    })
}

/// Today's date in the workspace's time zone.
pub fn today_in(tz: Tz, now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    tz.from_utc_datetime(&now.naive_utc()).date_naive()
}
