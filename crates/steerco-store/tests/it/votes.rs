//! Votes on agenda items: who may vote (present voting members without a
//! declared interest; no observers), the quorum, the majority rule with
//! abstentions not counted, a tie and the chair's casting vote, and the
//! decision an adopted vote enters in the register.

use steerco_domain::{VoteChoice, VoteResult};
use steerco_store::ops::vote::{decision_of, VoteStanding};
use steerco_store::{Refusal, Store, StoreError};

use crate::{new_store, temp};

fn refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A steering group (chair Anne; members Bo, Carl, Dina; observer Olga)
/// in a meeting in progress with two items: Anne, Bo, Carl and Olga are
/// present, Dina sent apologies. Returns the meeting and the items.
fn meeting(s: &mut Store) -> (String, String, String) {
    s.add_committee("Styregruppe", "steering", None, None)
        .unwrap();
    for (name, role) in [
        ("Anne", "chair"),
        ("Bo", "member"),
        ("Carl", "member"),
        ("Dina", "member"),
        ("Olga", "observer"),
    ] {
        s.add_member("Styregruppe", name, role).unwrap();
    }
    let at = s.parse_datetime("2026-03-02T10:00").unwrap();
    let m = s
        .add_meeting("Styregruppe", "Styregruppemøde", at, 120)
        .unwrap();
    s.set_meeting_state(&m, "open", None).unwrap();
    s.set_meeting_state(&m, "in-progress", None).unwrap();
    let budget = s
        .add_agenda_item(&m, "Budget 2026", None, None, None, false)
        .unwrap();
    let plan = s
        .add_agenda_item(&m, "Plan for udbud", None, None, None, false)
        .unwrap();
    for (name, status) in [
        ("Anne", "present"),
        ("Bo", "present"),
        ("Carl", "present"),
        ("Olga", "present"),
        ("Dina", "apologies"),
    ] {
        s.set_attendance(&m, name, status).unwrap();
    }
    (m, budget, plan)
}

fn cast(s: &mut Store, vote: &str, votes: &[(&str, &str)]) {
    for (who, choice) in votes {
        s.cast_vote(vote, who, choice).unwrap();
    }
}

#[test]
fn the_quorum_counts_present_members_without_a_declared_interest() {
    let dir = temp();
    let (mut s, _clock) = new_store(dir.path(), "q");
    let (m, budget, _) = meeting(&mut s);
    s.set_committee_voting("Styregruppe", Some(3), None)
        .unwrap();
    let declared = s
        .declare_interest(&budget, "Carl", Some("  Ejer aktier i leverandøren "))
        .unwrap();
    // Declared again: the same declaration, its note corrected.
    assert_eq!(
        s.declare_interest(&budget[..8], "carl", Some("Ejer aktier i leverandøren"))
            .unwrap(),
        declared
    );
    let vote = s.add_vote(&budget[..8], "  Budgettet godkendes ").unwrap();

    // Who may not vote, each with the reason.
    let refused = |s: &mut Store, who: &str| refusal(s.cast_vote(&vote, who, "for").unwrap_err());
    assert_eq!(
        refused(&mut s, "Carl"),
        Refusal::DeclaredInterest {
            name: "Carl".into()
        }
    );
    assert_eq!(
        refused(&mut s, "Dina"),
        Refusal::NotPresent {
            name: "Dina".into()
        }
    );
    assert_eq!(
        refused(&mut s, "Olga"),
        Refusal::ObserverCannotVote {
            name: "Olga".into()
        }
    );
    assert!(matches!(
        refused(&mut s, "Tester"),
        Refusal::NotAMember { name, committee } if name == "Tester" && committee == "Styregruppe"
    ));
    assert!(matches!(
        refusal(s.cast_vote(&vote, "Anne", "maybe").unwrap_err()),
        Refusal::NotOneOf { .. }
    ));

    cast(&mut s, &vote, &[("Anne", "for"), ("Bo", "for")]);
    let v = s.vote(&vote[..8]).unwrap();
    assert_eq!(v.proposal, "Budgettet godkendes");
    assert_eq!(v.result, VoteStanding::Open);
    assert_eq!(v.item.as_deref(), Some("Budget 2026"));
    // Two of the five count: Carl declared an interest, Dina is absent,
    // Olga observes.
    assert_eq!((v.count.counted, v.count.quorum), (2, 3));
    assert_eq!(v.count.result, VoteResult::NotQuorate);
    assert_eq!(v.interests.len(), 1);
    assert_eq!(
        v.interests[0].note.as_deref(),
        Some("Ejer aktier i leverandøren")
    );
    assert_eq!(s.meeting_interests(&m).unwrap().len(), 1);

    assert_eq!(s.close_vote(&vote).unwrap(), VoteResult::NotQuorate);
    let v = s.vote(&vote).unwrap();
    assert!(v.closed);
    assert_eq!(v.result, VoteStanding::NotQuorate);
    assert_eq!(v.decision_id, None);
    assert!(
        s.decisions().unwrap().is_empty(),
        "not quorate: no decision"
    );
    assert!(matches!(
        refusal(s.cast_vote(&vote, "Bo", "against").unwrap_err()),
        Refusal::VoteClosed { .. }
    ));
    assert!(matches!(
        refusal(s.close_vote(&vote).unwrap_err()),
        Refusal::VoteClosed { .. }
    ));

    // With a quorum of two the same votes decide, and the decision enters
    // the register under an id derived from the vote's.
    s.set_committee_voting("Styregruppe", Some(2), None)
        .unwrap();
    let again = s.add_vote(&budget, "Budgettet godkendes").unwrap();
    cast(
        &mut s,
        &again,
        &[("Anne", "for"), ("Bo", "against"), ("Bo", "for")],
    );
    let v = s.vote(&again).unwrap();
    assert_eq!(
        (v.count.votes_for, v.count.against),
        (2, 0),
        "Bo's last vote counts"
    );
    assert_eq!(s.close_vote(&again).unwrap(), VoteResult::Adopted);
    let decisions = s.decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].id, decision_of(&again));
    assert_eq!(decisions[0].text, "Budgettet godkendes");
    assert_eq!(decisions[0].meeting_id, m);
    assert_eq!(decisions[0].status, "adopted");
    assert_eq!(
        s.vote(&again).unwrap().decision_id,
        Some(decision_of(&again))
    );
    let item = s.meeting(&m).unwrap().items.remove(1);
    assert_eq!(item.outcomes.len(), 1, "the decision is in the minutes");

    // Approved minutes take no votes, declarations or ballots.
    s.set_meeting_state(&m, "closed", None).unwrap();
    s.set_meeting_state(&m, "approved", None).unwrap();
    assert!(matches!(
        refusal(s.add_vote(&budget, "Mere").unwrap_err()),
        Refusal::MinutesApproved { .. }
    ));
    assert!(matches!(
        refusal(s.declare_interest(&budget, "Bo", None).unwrap_err()),
        Refusal::MinutesApproved { .. }
    ));
}

#[test]
fn a_majority_of_votes_cast_decides_a_tie_rejects_unless_the_chair_casts() {
    let dir = temp();
    let (mut s, _clock) = new_store(dir.path(), "m");
    let (m, _, plan) = meeting(&mut s);
    let close = |s: &mut Store, votes: &[(&str, &str)]| {
        let v = s.add_vote(&plan, "Udbuddet gennemføres").unwrap();
        cast(s, &v, votes);
        let result = s.close_vote(&v).unwrap();
        (result, s.vote(&v).unwrap())
    };
    // Abstentions are not counted: one for and two abstentions adopt.
    let (result, v) = close(
        &mut s,
        &[("Anne", "abstain"), ("Bo", "for"), ("Carl", "abstain")],
    );
    assert_eq!(result, VoteResult::Adopted);
    assert_eq!(
        (v.count.votes_for, v.count.against, v.count.abstain),
        (1, 0, 2)
    );
    // Named votes: who voted how.
    let named: Vec<(&str, VoteChoice)> = v
        .ballots
        .iter()
        .map(|b| (b.name.as_str(), b.choice))
        .collect();
    assert_eq!(
        named,
        [
            ("Anne", VoteChoice::Abstain),
            ("Bo", VoteChoice::For),
            ("Carl", VoteChoice::Abstain)
        ]
    );
    // A tie rejects by default, even with the chair for.
    let (result, v) = close(&mut s, &[("Anne", "for"), ("Bo", "against")]);
    assert_eq!(result, VoteResult::Rejected);
    assert!(!v.count.casting_vote_used);
    // With a casting vote, the chair's vote decides the tie.
    s.set_committee_voting("Styregruppe", None, Some(true))
        .unwrap();
    assert!(s.committee_voting("Styregruppe").unwrap().casting_vote);
    let (result, v) = close(&mut s, &[("Anne", "for"), ("Bo", "against")]);
    assert_eq!(result, VoteResult::Adopted);
    assert!(v.count.casting_vote_used);
    let (result, _) = close(&mut s, &[("Anne", "against"), ("Bo", "for")]);
    assert_eq!(result, VoteResult::Rejected);
    // More against than for rejects; nobody voting rejects.
    let (result, _) = close(
        &mut s,
        &[("Anne", "for"), ("Bo", "against"), ("Carl", "against")],
    );
    assert_eq!(result, VoteResult::Rejected);
    assert_eq!(close(&mut s, &[]).0, VoteResult::Rejected);
    assert_eq!(s.meeting_votes(&m).unwrap().len(), 6);
    assert_eq!(
        s.decisions().unwrap().len(),
        2,
        "the two adopted votes are decisions"
    );

    assert_eq!(
        refusal(
            s.set_committee_voting("Styregruppe", Some(-1), None)
                .unwrap_err()
        ),
        Refusal::QuorumOutOfRange
    );
    assert_eq!(
        refusal(
            s.set_committee_voting("Styregruppe", None, None)
                .unwrap_err()
        ),
        Refusal::NothingToChange
    );
    assert!(matches!(
        refusal(s.add_vote(&plan, "   ").unwrap_err()),
        Refusal::Missing { .. }
    ));
}
