//! Dates as the CLI and the store spell them: `YYYY-MM-DD`; and stored
//! instants (RFC 3339, UTC) as people read them, in the workspace's zone.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::Result;
use crate::refusal::Refusal;

pub fn parse_date(s: &str) -> Result<NaiveDate> {
    if let Some(date) = plain_date(s) {
        return Ok(date);
    }
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Refusal::NotADate {
            value: s.to_string(),
        }
        .into()
    })
}

/// A date spelt exactly `YYYY-MM-DD`, as the store writes every date, read
/// without chrono's format parser (a merge checks every date it receives);
/// None for any other spelling or a day the calendar lacks, which the
/// parser then reads or refuses, so the answer is the parser's either way.
fn plain_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..])?)
}

pub fn parse_time_zone(s: &str) -> Result<Tz> {
    s.parse::<Tz>().map_err(|_| {
        Refusal::NotATimeZone {
            value: s.to_string(),
        }
        .into()
    })
}

/// Today's date in the workspace's time zone.
pub fn today_in(tz: Tz, now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    tz.from_utc_datetime(&now.naive_utc()).date_naive()
}

/// An instant as people read it: the wall time in the workspace's zone and the
/// zone's abbreviation, e.g. `2026-11-29 19:54 CET` for 18:54 UTC in
/// Europe/Copenhagen (`CEST` in summer, `+03` where a zone has no letters).
/// The abbreviation keeps the hour after a DST change, or for a reader in
/// another zone, unambiguous; seconds are left out, as no one reads them.
/// The one place such text is made: the CLI's tables and the minutes use it,
/// while `--json`, the canonical export, CSV and iCalendar keep RFC 3339.
pub fn local_time(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// [`local_time`] of a stored RFC 3339 text. Text that is not one (a damaged
/// or empty value) is shown as it is rather than hidden.
pub fn local_time_of(tz: Tz, rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(at) => local_time(tz, at.with_timezone(&Utc)),
        Err(_) => rfc3339.to_string(),
    }
}

/// The calendar day (`YYYY-MM-DD`) of a stored RFC 3339 instant in the
/// workspace's zone: a meeting at 00:30 in Copenhagen is on that day, not on
/// the UTC day before. Text that is not an instant is shown as it is.
pub fn local_day_of(tz: Tz, rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(at) => at.with_timezone(&tz).format("%Y-%m-%d").to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CPH: Tz = chrono_tz::Europe::Copenhagen;

    #[test]
    fn a_plain_date_reads_as_the_parser_reads_it() {
        let mut samples: Vec<String> = [
            "2026-02-28",
            "2026-02-29",
            "2024-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-04-31",
            "0000-01-01",
            "9999-12-31",
            " 2026-01-05",
            "2026-1-05",
            "+2026-01-05",
            "2026/01/05",
            "2026-01-0a",
            "202６-01-05",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every day of four years, and each with one character changed.
        let mut day = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
        for k in 0..1500 {
            let text = day.format("%Y-%m-%d").to_string();
            let mut bytes = text.clone().into_bytes();
            bytes[k % 10] = b"0123456789-x"[k % 12];
            samples.push(String::from_utf8(bytes).unwrap());
            samples.push(text);
            day = day.succ_opt().unwrap();
        }
        for s in &samples {
            let parser = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
            assert_eq!(parse_date(s).ok(), parser, "{s:?}");
            if let Some(plain) = plain_date(s) {
                assert_eq!(Some(plain), parser, "{s:?}");
            }
        }
        assert!(plain_date("2026-02-28").is_some());
    }

    #[test]
    fn instants_read_in_the_workspace_zone() {
        // Winter: UTC+1; summer: UTC+2, each with its abbreviation.
        assert_eq!(
            local_time_of(CPH, "2026-11-29T18:54:58.316Z"),
            "2026-11-29 19:54 CET"
        );
        assert_eq!(
            local_time_of(CPH, "2026-06-15T10:30:00Z"),
            "2026-06-15 12:30 CEST"
        );
        // An offset other than Z is the same instant.
        assert_eq!(
            local_time_of(CPH, "2026-11-29T20:54:58+02:00"),
            "2026-11-29 19:54 CET"
        );
        assert_eq!(
            local_time_of(chrono_tz::Asia::Tokyo, "2026-11-29T18:54:58Z"),
            "2026-11-30 03:54 JST"
        );
        assert_eq!(local_time_of(CPH, "not a time"), "not a time");
    }

    #[test]
    fn the_day_is_the_local_one() {
        assert_eq!(local_day_of(CPH, "2026-03-01T23:30:00Z"), "2026-03-02");
        assert_eq!(local_day_of(CPH, "2026-03-01T12:00:00Z"), "2026-03-01");
    }
}
