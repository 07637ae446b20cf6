//! A meeting as an iCalendar (RFC 5545) file, to add to Outlook or any calendar.

use chrono::{Duration, FixedOffset, NaiveDateTime};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, Property};

use crate::model::MeetingEvent;

/// The meeting as a one-event calendar. CRLF line endings, lines folded at 75 octets and
/// text escaped, all by the `icalendar` crate.
///
/// Times are local times with `TZID=<time_zone>`, so the entry keeps its wall-clock time
/// in the organiser's zone. RFC 5545 wants a VTIMEZONE for each TZID; this crate has no
/// time-zone database, so the VTIMEZONE holds one observance: the UTC offset in force at
/// the meeting (known from `starts_at`). That is exact for a single, non-recurring event,
/// and calendars that know the IANA name use their own rules anyway. A time-zone name
/// that is not IANA-shaped is not written as a TZID; UTC times are used instead.
pub fn meeting_ics(ev: &MeetingEvent) -> String {
    let start = ev.starts_at;
    let end = start + Duration::minutes(i64::from(ev.duration_min));
    let tzid = valid_tzid(&ev.time_zone).then_some(ev.time_zone.as_str());

    let at = |local: NaiveDateTime| -> CalendarDateTime {
        match tzid {
            Some(tz) => CalendarDateTime::WithTimezone {
                date_time: local,
                tzid: tz.to_string(),
            },
            None => CalendarDateTime::Utc(local.and_utc() - *start.offset()),
        }
    };

    let mut event = icalendar::Event::new();
    event
        .uid(&ev.uid)
        // DTSTAMP passed in: icalendar would otherwise stamp the current time.
        .timestamp(ev.stamp)
        .summary(&format!("{}: {}", ev.committee, ev.title))
        .description(&ev.description)
        .starts(at(start.naive_local()))
        .ends(at(end.naive_local()));
    if let Some(loc) = &ev.location {
        event.location(loc);
    }

    // Calendar::new() would add its own PRODID; ours names the product.
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("PRODID", "-//Steerco//Steerco//EN"))
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .push(event.done());
    let text = cal.to_string();

    match tzid {
        // icalendar cannot write a VTIMEZONE itself (it would add a random UID to it),
        // so the block is put in before the event; its lines are short and need no folding.
        Some(tz) => text.replacen(
            "BEGIN:VEVENT\r\n",
            &format!("{}BEGIN:VEVENT\r\n", vtimezone(tz, *start.offset())),
            1,
        ),
        None => text,
    }
}

/// A VTIMEZONE with a single observance of `offset`, valid from 1970 on.
fn vtimezone(tzid: &str, offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    let off = format!("{sign}{h:02}{m:02}");
    format!(
        "BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
         TZOFFSETFROM:{off}\r\nTZOFFSETTO:{off}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
}

/// IANA names are letters, digits, `/`, `_`, `-` and `+`. Anything else (`;`, `:`, `"`,
/// a line break) could break out of the TZID parameter, so it is not used as one.
fn valid_tzid(tz: &str) -> bool {
    !tz.is_empty()
        && tz.len() <= 64
        && tz
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tzid_shape() {
        assert!(valid_tzid("Europe/Copenhagen"));
        assert!(valid_tzid("Etc/GMT+1"));
        assert!(!valid_tzid("Europe/X\r\nBEGIN:VEVENT"));
        assert!(!valid_tzid(""));
    }

    #[test]
    fn vtimezone_offsets() {
        let v = vtimezone(
            "America/St_Johns",
            FixedOffset::west_opt(3 * 3600 + 1800).unwrap(),
        );
        assert!(v.contains("TZOFFSETTO:-0330\r\n"), "{v}");
    }
}
