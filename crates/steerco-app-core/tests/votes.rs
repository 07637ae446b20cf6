//! The app's vote commands: who cannot vote on a meeting's vote and why (as
//! the store refuses their ballots), a vote put, cast and closed through the
//! handlers, a written resolution's closing time read in the workspace's
//! zone, and the voting rules set with `committee_set` (nothing written when
//! a rule is refused).

use steerco_app_core::handlers;
use steerco_app_core::requests::*;
use steerco_app_core::voting::NoVote;
use steerco_domain::{SystemClock, VoteChoice, VoteResult};
use steerco_store::{NewWorkspace, Refusal, Store, StoreError};

fn store(dir: &std::path::Path) -> Store {
    let path = dir.join("votes.steerco");
    let mut s = Store::create(&path, NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    s.set_me("Anne").unwrap();
    s
}

fn set(
    s: &mut Store,
    quorum: Option<i64>,
    casting_vote: Option<bool>,
) -> steerco_store::Result<()> {
    let req = CommitteeSetRequest {
        committee: "Styregruppe".into(),
        name: None,
        mandate: None,
        parent: None,
        quorum,
        casting_vote,
    };
    handlers::committee_set(s, req)
}

#[test]
fn a_meeting_vote_names_who_cannot_vote_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
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
    set(&mut s, Some(2), Some(true)).unwrap();
    let at = s.parse_datetime("2026-03-02T10:00").unwrap();
    let m = s.add_meeting("Styregruppe", "Møde", at, 60).unwrap();
    s.set_meeting_state(&m, "open", None).unwrap();
    s.set_meeting_state(&m, "in-progress", None).unwrap();
    let item = s
        .add_agenda_item(&m, "Budget", None, None, None, false)
        .unwrap();
    for name in ["Anne", "Bo", "Carl", "Olga"] {
        s.set_attendance(&m, name, "present").unwrap();
    }
    let declare = InterestDeclareRequest {
        item: item.clone(),
        member: "Carl".into(),
        note: Some("  ".into()),
    };
    handlers::interest_declare(&mut s, declare).unwrap();
    let add = VoteAddRequest {
        item: Some(item.clone()),
        committee: None,
        proposal: "Budgettet godkendes".into(),
        closes: None,
    };
    let vote = handlers::vote_add(&mut s, add).unwrap();

    let shown = handlers::meeting_votes(&s, MeetingVotesRequest { meeting: m.clone() }).unwrap();
    assert_eq!(shown.members.len(), 5);
    assert_eq!(shown.interests.len(), 1);
    assert_eq!(shown.interests[0].note, None, "an empty note is none");
    let why: Vec<(&str, Option<NoVote>)> = shown.votes[0]
        .members
        .iter()
        .map(|v| (v.name.as_str(), v.cannot_vote))
        .collect();
    assert_eq!(
        why,
        [
            ("Anne", None),
            ("Bo", None),
            ("Carl", Some(NoVote::Interest)),
            ("Dina", Some(NoVote::Absent)),
            ("Olga", Some(NoVote::Observer)),
        ]
    );
    assert_eq!(shown.votes[0].vote.rules.quorum, 2);

    // Each one the app marks as unable to vote is refused by the store too.
    for who in ["Carl", "Dina", "Olga"] {
        let cast = VoteCastRequest {
            vote: vote.clone(),
            member: who.into(),
            choice: VoteChoice::For,
        };
        assert!(matches!(
            handlers::vote_cast(&mut s, cast),
            Err(StoreError::Refused(_))
        ));
    }
    for (who, choice) in [("Anne", VoteChoice::For), ("Bo", VoteChoice::Against)] {
        let cast = VoteCastRequest {
            vote: vote.clone(),
            member: who.into(),
            choice,
        };
        handlers::vote_cast(&mut s, cast).unwrap();
    }
    // A tie that the chair's casting vote decides.
    let result = handlers::vote_close(&mut s, VoteCloseRequest { vote }).unwrap();
    assert_eq!(result, VoteResult::Adopted);
    let closed = handlers::meeting_votes(&s, MeetingVotesRequest { meeting: m }).unwrap();
    assert!(closed.votes[0].vote.count.casting_vote_used);
    assert!(closed.votes[0].vote.decision_id.is_some());
}

#[test]
fn written_resolutions_and_voting_rules_through_the_handlers() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    s.add_committee("Styregruppe", "steering", None, None)
        .unwrap();
    s.add_member("Styregruppe", "Anne", "chair").unwrap();

    // A refused quorum writes nothing, not even the casting vote beside it.
    let e = set(&mut s, Some(1001), Some(true)).unwrap_err();
    assert!(matches!(e, StoreError::Refused(Refusal::QuorumOutOfRange)));
    let rules = |s: &Store| s.committees().unwrap()[0].voting;
    assert_eq!((rules(&s).quorum, rules(&s).casting_vote), (0, false));
    set(&mut s, Some(3), None).unwrap();
    set(&mut s, None, Some(true)).unwrap();
    assert_eq!((rules(&s).quorum, rules(&s).casting_vote), (3, true));

    let missing = |r: VoteAddRequest, s: &mut Store| match handlers::vote_add(s, r) {
        Err(StoreError::Refused(Refusal::Missing { what })) => what,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let written = |closes: Option<&str>| VoteAddRequest {
        item: Some(" ".into()),
        committee: Some("Styregruppe".into()),
        proposal: "Strategien godkendes".into(),
        closes: closes.map(str::to_string),
    };
    use steerco_store::refusal::Missing;
    assert_eq!(missing(written(None), &mut s), Missing::ClosingTime);
    let nothing = VoteAddRequest {
        committee: None,
        ..written(Some("2099-01-01T12:00"))
    };
    assert_eq!(missing(nothing, &mut s), Missing::VoteOn);

    let id = handlers::vote_add(&mut s, written(Some("2099-01-01T12:00"))).unwrap();
    let all = handlers::vote_list(&s, VoteListRequest {}).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, id);
    // Noon in Copenhagen's winter is 11:00 UTC.
    assert_eq!(all[0].closes_at.as_deref(), Some("2099-01-01T11:00:00Z"));
    let cast = VoteCastRequest {
        vote: id,
        member: "Anne".into(),
        choice: VoteChoice::Abstain,
    };
    handlers::vote_cast(&mut s, cast).unwrap();
    let all = handlers::vote_list(&s, VoteListRequest {}).unwrap();
    assert_eq!(all[0].ballots[0].choice, VoteChoice::Abstain);
}
