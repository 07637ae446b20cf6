//! A meeting as an iCalendar (RFC 5545) file, to add to Outlook or any calendar.

use chrono::{Duration, FixedOffset, NaiveDateTime};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, EventStatus, Property};

use crate::model::{CalendarPerson, MeetingEvent};

/// The meeting as a one-event calendar, an invitation (METHOD:REQUEST) to the members
/// with an e-mail address, or its cancellation (METHOD:CANCEL, STATUS:CANCELLED). The
/// UID never changes; SEQUENCE counts the changes, so calendars replace their copy.
/// CRLF line endings, lines folded at 75 octets and text escaped, all by the `icalendar`
/// crate; names in parameters are made safe by [`param_text`], addresses checked by
/// [`mailto`].
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
        .uid(&line_text(&ev.uid))
        // DTSTAMP passed in: icalendar would otherwise stamp the current time.
        .timestamp(ev.stamp)
        .summary(&line_text(&format!("{}: {}", ev.committee, ev.title)))
        .description(&lines_text(&ev.description))
        .starts(at(start.naive_local()))
        .ends(at(end.naive_local()))
        .sequence(ev.sequence)
        .status(if ev.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if let Some(loc) = &ev.location {
        event.location(&line_text(loc));
    }
    if let Some(org) = &ev.organizer {
        if let Some(addr) = mailto(&org.email) {
            let mut p = Property::new("ORGANIZER", &addr);
            p.add_parameter("CN", &param_text(&org.name));
            event.append_property(p.done());
        }
    }
    for person in &ev.attendees {
        let Some(addr) = mailto(&person.email) else {
            continue;
        };
        let mut p = Property::new("ATTENDEE", &addr);
        p.add_parameter("CN", &param_text(&person.name))
            .add_parameter("ROLE", attendee_role(person))
            .add_parameter("CUTYPE", "INDIVIDUAL");
        if !ev.cancelled {
            p.add_parameter("PARTSTAT", "NEEDS-ACTION")
                .add_parameter("RSVP", "TRUE");
        }
        event.append_multi_property(p.done());
    }

    // Calendar::new() would add its own PRODID; ours names the product.
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("PRODID", "-//Steerco//Steerco//EN"))
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new(
            "METHOD",
            if ev.cancelled { "CANCEL" } else { "REQUEST" },
        ))
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

/// RFC 5545's ROLE by committee role: the chair chairs, an observer only listens.
fn attendee_role(p: &CalendarPerson) -> &'static str {
    match p.role.as_deref() {
        Some("chair") => "CHAIR",
        Some("observer") => "NON-PARTICIPANT",
        _ => "REQ-PARTICIPANT",
    }
}

/// `mailto:` + the address, or None for an address that is not one. The value is
/// written as is (a CAL-ADDRESS is not escaped), so only a plain `local@domain` of
/// letters, digits and `. _ - + '` gets through: a line break or `;` in a stored address
/// must not make a property of its own, and `?` would add mail headers to the URI.
fn mailto(email: &str) -> Option<String> {
    let email = email.trim();
    let (local, domain) = email.split_once('@')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '\''))
    };
    (plain(local) && plain(domain) && !domain.contains('@')).then(|| format!("mailto:{email}"))
}

/// A name as a parameter value: RFC 5545 allows no DQUOTE and no control characters
/// there (the `icalendar` crate quotes values holding `:`, `;` or `,`), so quotes become
/// apostrophes and line breaks spaces.
fn param_text(s: &str) -> String {
    crate::text::one_line(s)
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect()
}

/// A text value of one line: line breaks become spaces and every other control
/// character goes. `icalendar` escapes `\n` but writes a bare CR, a NUL or an ESC as
/// is; some calendars take a bare CR for the end of a line, so text could add
/// properties of its own.
fn line_text(s: &str) -> String {
    lines_text(s).replace('\n', " ")
}

/// A text value that may keep its line breaks (the description): CRLF and bare CR
/// become LF (escaped as `\n` by `icalendar`), tabs and the Unicode line and paragraph
/// separators spaces or breaks, and every other control character goes.
fn lines_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
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
    fn addresses_and_names_cannot_break_out() {
        assert_eq!(mailto(" aase@kl.dk ").as_deref(), Some("mailto:aase@kl.dk"));
        assert_eq!(mailto("søren@ø.dk").as_deref(), Some("mailto:søren@ø.dk"));
        for bad in [
            "",
            "x",
            "a@b@c",
            "a b@c.dk",
            "a@c.dk\r\nATTACH:x",
            "a;x=y@c.dk",
            "\"a\"@c.dk",
            "a@c:d",
        ] {
            assert_eq!(mailto(bad), None, "{bad:?}");
        }
        assert_eq!(param_text("Åse \"Chef\"\r\nÆrø"), "Åse 'Chef' Ærø");
    }

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
