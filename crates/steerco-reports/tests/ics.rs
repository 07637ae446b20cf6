//! The iCalendar file, read back with the `ical` crate (which did not write it).

mod common;

use std::io::BufReader;

use common::*;
use steerco_reports::meeting_ics;

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> &'a ical::property::Property {
    props
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} missing: {props:?}"))
}

#[test]
fn parses_with_tzid_and_vtimezone() {
    let ics = meeting_ics(&event());

    // RFC 5545: CRLF everywhere, lines at most 75 octets (longer ones folded).
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break: {line:?}"
        );
        assert!(line.len() <= 75, "unfolded line: {line:?}");
    }

    let mut cals = ical::IcalParser::new(BufReader::new(ics.as_bytes()));
    let cal = cals.next().expect("one calendar").expect("parses");
    assert!(cals.next().is_none());
    assert_eq!(
        prop(&cal.properties, "VERSION").value.as_deref(),
        Some("2.0")
    );
    assert!(prop(&cal.properties, "PRODID")
        .value
        .as_deref()
        .unwrap()
        .contains("Steerco"));

    assert_eq!(cal.timezones.len(), 1);
    let tz = &cal.timezones[0];
    assert_eq!(
        prop(&tz.properties, "TZID").value.as_deref(),
        Some("Europe/Copenhagen")
    );
    let obs = &tz.transitions[0];
    assert_eq!(
        prop(&obs.properties, "TZOFFSETTO").value.as_deref(),
        Some("+0100")
    );

    assert_eq!(cal.events.len(), 1);
    let ev = &cal.events[0].properties;
    assert_eq!(
        prop(ev, "UID").value.as_deref(),
        Some("6f1c2a3e-1111-4b2c-9d3e-0123456789ab@steerco")
    );
    assert_eq!(
        prop(ev, "DTSTAMP").value.as_deref(),
        Some("20260220T083000Z")
    );
    for (name, value) in [("DTSTART", "20260304T100000"), ("DTEND", "20260304T113000")] {
        let p = prop(ev, name);
        assert_eq!(p.value.as_deref(), Some(value), "{name}");
        let params = p.params.as_ref().expect("TZID parameter");
        assert!(
            params
                .iter()
                .any(|(k, v)| k == "TZID" && v == &["Europe/Copenhagen"]),
            "{name}: {params:?}"
        );
    }
    // Text is escaped on the wire (`;` `,` and line breaks) and unfolds intact.
    assert_eq!(
        prop(ev, "SUMMARY").value.as_deref(),
        Some(r"Styregruppe for fælles it: Møde nr. 4\; økonomi\, fremdrift")
    );
    let desc = prop(ev, "DESCRIPTION").value.clone().unwrap();
    assert!(desc.contains(r"2. Fremdrift i porteføljen\, herunder status på alle initiativer med rød eller gul vurdering\n3. Eventuelt"), "{desc}");
    assert_eq!(
        prop(ev, "LOCATION").value.as_deref(),
        Some(r"Lokale 2.14\, Ørestad")
    );
}

#[test]
fn odd_time_zone_name_falls_back_to_utc() {
    let mut ev = event();
    ev.time_zone = "Europe/X;\r\nATTACH:evil".into();
    let ics = meeting_ics(&ev);
    assert!(!ics.contains("evil") && !ics.contains("VTIMEZONE"), "{ics}");
    assert!(ics.contains("DTSTART:20260304T090000Z\r\n"), "{ics}");
}

/// #16: no text reaches the file with a control character of its own: a bare CR
/// (which some calendars take for the end of a line, so text could add a property),
/// NUL, ESC, DEL or a C1 control, in any field.
#[test]
fn control_characters_are_stripped_from_every_text() {
    let nasty = "a\rATTACH:http://x\u{0}\u{1b}[31m\u{7f}\u{85}\u{9b}\tb";
    let mut ev = event();
    ev.uid = format!("{nasty}@steerco");
    ev.title = nasty.into();
    ev.committee = nasty.into();
    ev.location = Some(nasty.into());
    ev.description = format!("{nasty}\r\nnæste linje");
    ev.organizer = Some(steerco_reports::CalendarPerson {
        name: nasty.into(),
        email: "sek@kl.dk".into(),
        role: None,
    });
    let ics = meeting_ics(&ev);
    let body = ics.replace("\r\n", "");
    let bad: Vec<char> = body.chars().filter(|c| c.is_control()).collect();
    assert!(bad.is_empty(), "{bad:?} in {ics}");
    // Still one calendar with the text in it, and no property of its own.
    let mut cals = ical::IcalParser::new(BufReader::new(ics.as_bytes()));
    let cal = cals.next().expect("one calendar").expect("parses");
    let ev = &cal.events[0].properties;
    assert!(ev.iter().all(|p| p.name != "ATTACH"), "{ev:?}");
    let summary = prop(ev, "SUMMARY").value.clone().unwrap();
    assert!(summary.contains("ATTACH:http://x[31m"), "{summary}");
}
