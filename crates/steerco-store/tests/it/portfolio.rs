//! The portfolio read model and the demo.

use steerco_domain::{Dimension, Rag, Trend};
use steerco_store::ops::initiative::{InitiativeEdit, NewInitiative};
use steerco_store::ops::status::NewStatus;

use crate::{new_store, temp};

fn status(rag: Rag, date: &str) -> NewStatus {
    NewStatus {
        dimension: Dimension::Overall,
        rag,
        reason: None,
        date: Some(date.parse().unwrap()),
        sample: false,
    }
}

#[test]
fn latest_status_and_trend_per_dimension() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    s.add_initiative(NewInitiative {
        code: "1.1".into(),
        title: "T".into(),
        ..Default::default()
    })
    .unwrap();
    s.add_status("1.1", status(Rag::Green, "2026-01-10"))
        .unwrap();
    clock.advance(10);
    s.add_status("1.1", status(Rag::Red, "2026-02-10")).unwrap();
    clock.advance(10);
    // An older as-of date recorded later does not become the latest.
    s.add_status("1.1", status(Rag::Amber, "2026-01-20"))
        .unwrap();
    let p = s.portfolio().unwrap();
    let st = &p.initiatives[0].status[&Dimension::Overall];
    assert_eq!(
        (st.rag, st.trend, st.date.as_str()),
        (Rag::Red, Trend::Worsening, "2026-02-10")
    );
    assert!(
        !p.initiatives[0].status.contains_key(&Dimension::Cost),
        "never reported = grey"
    );
    // Future as-of dates are refused.
    let err = s
        .add_status("1.1", status(Rag::Green, "2026-03-02"))
        .unwrap_err();
    assert!(err.to_string().contains("future"), "{err}");
}

#[test]
fn the_demo_never_invents_titles_and_marks_sample_data() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    s.load_demo().unwrap();
    let p = s.portfolio().unwrap();
    assert_eq!(p.planned, Some(33));
    assert_eq!(p.focus_areas.len(), 9);
    assert_eq!(p.known, 18);
    assert_eq!(p.verified_titles, 12);
    assert!(p.has_sample);
    let one_two = p.initiatives.iter().find(|i| i.code == "1.2").unwrap();
    assert_eq!(
        one_two.display_title("da"),
        "Initiativ 1.2 (titel ikke verificeret)"
    );
    assert_eq!(
        one_two.display_title("en"),
        "Initiative 1.2 (title not verified)"
    );
    assert!(
        one_two.status.is_empty(),
        "no invented progress for an unknown entry"
    );
    let one_three = p.initiatives.iter().find(|i| i.code == "1.3").unwrap();
    assert_eq!(one_three.title, None, "a tentative title is not a title");
    let eight = p.initiatives.iter().find(|i| i.code == "8.1").unwrap();
    assert_eq!(
        eight.display_title("da"),
        "Gode data og effektiv datadeling"
    );
    assert_eq!(
        eight.display_title("en"),
        "Good data and efficient data sharing (translation)"
    );
    let three_three = p.initiatives.iter().find(|i| i.code == "3.3").unwrap();
    assert_eq!(
        three_three.display_title("da"),
        "Dissemination of digital welfare solutions"
    );
    // Every status, milestone and person the demo adds is sample data.
    for i in &p.initiatives {
        assert!(i.status.values().all(|st| st.sample));
        let d = s.initiative(&i.id).unwrap();
        assert!(d.milestones.iter().all(|m| m.sample));
    }
    assert!(s
        .people()
        .unwrap()
        .iter()
        .filter(|p| p.name != "Tester")
        .all(|p| p.sample));
}

#[test]
fn edits_are_validated_and_appear_in_the_history() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let id = s
        .add_initiative(NewInitiative {
            code: "1.1".into(),
            title: "T".into(),
            ..Default::default()
        })
        .unwrap();
    let err = s
        .add_initiative(NewInitiative {
            code: "1.1".into(),
            title: "Again".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), "duplicate_code");
    s.edit_initiative(
        "1.1",
        InitiativeEdit {
            title: Some("Ny titel".into()),
            lead: Some(Some("KL".into())),
            ..Default::default()
        },
    )
    .unwrap();
    let err = s
        .edit_initiative(
            "1.1",
            InitiativeEdit {
                start: Some(Some("2026-05-01".parse().unwrap())),
                end: Some(Some("2026-01-01".parse().unwrap())),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("before the start"), "{err}");
    let h = s.initiative_history(&id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].op, "update");
    assert_eq!(h[0].author.as_deref(), Some("Tester"));
    assert_eq!(h[0].fields["title"], "Ny titel");
    // A prefix of at least 6 characters addresses the initiative too.
    assert_eq!(s.find_initiative(&id[..6]).unwrap(), id);
    assert_eq!(s.find_initiative(&id[..5]).unwrap_err().code(), "not_found");
}
