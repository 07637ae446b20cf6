//! A written resolution voted offline on three replicas (SQLite files that
//! exchange their changes through `Store::merge`), each with its own test
//! clock: a member's last vote before the closing time counts; one made
//! after it is refused, and arriving by a merge is kept, never counted; the
//! result is provisional until every member's votes up to the closing time
//! have arrived (or the grace period has passed), then final; two replicas
//! closing it make one decision.

use steerco_domain::VoteResult;
use steerco_store::merge::WaitKind;
use steerco_store::ops::vote::{decision_of, VoteStanding};
use steerco_store::{NewWorkspace, Refusal, RowChange, Store, StoreError};

use crate::{temp, ws_path, TestClock};

const CLOSES: &str = "2026-03-05T12:00:00Z";

struct Replica {
    store: Store,
    clock: TestClock,
}

impl Replica {
    /// Take in every change `from` holds (a sync from it).
    fn sync_from(&mut self, from: &Replica) {
        self.store
            .merge(&from.store.all_changes().unwrap())
            .unwrap();
    }

    fn at(&self, rfc3339: &str) -> &Self {
        self.clock.set(rfc3339);
        self
    }
}

/// Anne's replica makes the workspace: a steering group with Anne (chair),
/// Bo and Carl, Olga observing, a quorum of two. Bo and Carl join from it.
fn replicas(dir: &std::path::Path) -> (Replica, Replica, Replica) {
    let clock = TestClock::at("2026-03-01T09:00:00Z");
    let mut store = Store::create(
        &ws_path(dir, "anne"),
        NewWorkspace::default(),
        Box::new(clock.clone()),
    )
    .unwrap();
    store
        .add_committee("Styregruppe", "steering", None, None)
        .unwrap();
    for (name, role) in [
        ("Anne", "chair"),
        ("Bo", "member"),
        ("Carl", "member"),
        ("Olga", "observer"),
    ] {
        store.add_member("Styregruppe", name, role).unwrap();
    }
    store.set_me("Anne").unwrap();
    store
        .set_committee_voting("Styregruppe", Some(2), None)
        .unwrap();
    let anne = Replica { store, clock };
    let join = |name: &str, me: &str| {
        let clock = TestClock::at("2026-03-01T09:00:00Z");
        let store = Store::create_for_join(&ws_path(dir, name), Box::new(clock.clone())).unwrap();
        let mut r = Replica { store, clock };
        r.sync_from(&anne);
        r.store.set_me(me).unwrap();
        r
    };
    let bo = join("bo", "Bo");
    let carl = join("carl", "Carl");
    (anne, bo, carl)
}

fn refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_written_resolution_voted_offline_on_three_replicas() {
    let dir = temp();
    let (mut anne, mut bo, mut carl) = replicas(dir.path());
    let closes = anne.store.parse_datetime(CLOSES).unwrap();
    let vote = anne
        .store
        .add_written_resolution("Styregruppe", "Strategien vedtages", closes)
        .unwrap();
    bo.sync_from(&anne);
    carl.sync_from(&anne);

    // Offline, each on their own replica.
    anne.at("2026-03-02T08:00:00Z");
    anne.store.cast_vote(&vote, "Anne", "for").unwrap();
    bo.at("2026-03-03T08:00:00Z");
    bo.store.cast_vote(&vote, "Bo", "against").unwrap();
    bo.at("2026-03-04T08:00:00Z");
    bo.store.cast_vote(&vote, "Bo", "for").unwrap();
    carl.at("2026-03-02T08:00:00Z");
    carl.store.cast_vote(&vote, "Carl", "against").unwrap();
    assert!(matches!(
        refusal(carl.store.cast_vote(&vote, "Olga", "for").unwrap_err()),
        Refusal::ObserverCannotVote { .. }
    ));
    assert_eq!(
        carl.store.vote(&vote).unwrap().result,
        VoteStanding::Open,
        "open until the closing time"
    );
    assert!(matches!(
        refusal(carl.store.close_vote(&vote).unwrap_err()),
        Refusal::ResolutionOpen { .. }
    ));
    // After the closing time Carl's change of mind is refused here...
    carl.at("2026-03-06T08:00:00Z");
    assert!(matches!(
        refusal(carl.store.cast_vote(&vote, "Carl", "for").unwrap_err()),
        Refusal::ResolutionClosed { closes_at } if closes_at == "2026-03-05 13:00 CET"
    ));
    // ...and one that a program skipping the check wrote anyway is made
    // after it all the same (its stamp says when).
    carl.store
        .write(vec![RowChange::insert("ballot", "late-ballot")
            .set("vote_id", vote.clone())
            .set("person_id", person(&carl.store, "Carl"))
            .set("choice", "for")
            .set("recorded_at", "2026-03-04T08:00:00Z")])
        .unwrap();

    // Anne, past the closing time, has Bo's votes but nothing of Bo's
    // after it, and nothing from Carl: provisional.
    anne.at("2026-03-05T13:00:00Z");
    anne.sync_from(&bo);
    bo.sync_from(&anne);
    let v = anne.store.vote(&vote).unwrap();
    assert_eq!(v.result, VoteStanding::Provisional);
    assert_eq!(v.waiting_for, ["Bo", "Carl"]);
    assert_eq!(v.final_by.as_deref(), Some("2026-03-12T12:00:00Z"));
    assert!(matches!(
        refusal(anne.store.close_vote(&vote).unwrap_err()),
        Refusal::ResultProvisional { waiting, .. } if waiting == ["Bo", "Carl"]
    ));
    // Bo goes on working after the closing time: all of Bo's votes are in.
    bo.at("2026-03-05T14:00:00Z");
    bo.store
        .add_topic("Styregruppe", "Opfølgning på strategien", None)
        .unwrap();
    anne.sync_from(&bo);
    assert_eq!(anne.store.vote(&vote).unwrap().waiting_for, ["Carl"]);
    // Carl's in-time vote and the late one arrive: the late one is kept
    // (waiting, refused) and not counted; Carl's newest change applied is
    // still from before the closing time, so it stays provisional.
    anne.sync_from(&carl);
    let v = anne.store.vote(&vote).unwrap();
    assert_eq!(v.result, VoteStanding::Provisional);
    assert_eq!(v.late.len(), 1);
    assert_eq!(v.late[0].name, "Carl");
    let waiting = anne.store.waiting_changes(10).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].table.as_str(), waiting[0].kind),
        ("ballot", WaitKind::Refused)
    );
    // Carl works on after the closing time too: final.
    carl.at("2026-03-06T09:00:00Z");
    carl.store
        .add_topic("Styregruppe", "Næste skridt", None)
        .unwrap();
    anne.sync_from(&carl);
    let v = anne.store.vote(&vote).unwrap();
    assert_eq!(v.result, VoteStanding::Adopted);
    assert!(v.waiting_for.is_empty());
    assert!(!v.closed, "final, not yet recorded");
    let named: Vec<(&str, &str)> = v
        .ballots
        .iter()
        .map(|b| (b.name.as_str(), b.choice.as_str()))
        .collect();
    assert_eq!(
        named,
        [("Anne", "for"), ("Bo", "for"), ("Carl", "against")],
        "each member's last vote before the closing time"
    );
    assert_eq!((v.count.counted, v.count.quorum), (3, 2));
    assert_eq!(v.late.len(), 1, "the late vote is still kept");
    assert_eq!(anne.store.close_vote(&vote).unwrap(), VoteResult::Adopted);

    // Bo has Anne's vote but nothing of Anne's or Carl's after the closing
    // time; after the grace period the result is final there too (by the
    // votes that arrived), and Bo closes it as well.
    bo.at("2026-03-11T12:00:00Z");
    let v = bo.store.vote(&vote).unwrap();
    assert_eq!(v.result, VoteStanding::Provisional);
    assert_eq!(v.waiting_for, ["Anne", "Carl"]);
    bo.at("2026-03-12T12:00:00Z");
    let v = bo.store.vote(&vote).unwrap();
    assert_eq!(v.result, VoteStanding::Adopted, "final by the grace period");
    assert_eq!((v.count.votes_for, v.count.against), (2, 0));
    assert_eq!(bo.store.close_vote(&vote).unwrap(), VoteResult::Adopted);

    // Both closed it: one decision, the same on both, and no conflict.
    bo.sync_from(&anne);
    bo.sync_from(&carl);
    anne.sync_from(&bo);
    carl.sync_from(&anne);
    for r in [&anne, &bo, &carl] {
        let decisions = r.store.decisions().unwrap();
        assert_eq!(decisions.len(), 1);
        assert_eq!(decisions[0].id, decision_of(&vote));
        assert_eq!(decisions[0].committee, "Styregruppe");
        assert_eq!(decisions[0].meeting, "");
        assert_eq!(decisions[0].date, "2026-03-05");
        assert!(r.store.conflicts().unwrap().is_empty());
        let v = r.store.vote(&vote).unwrap();
        assert_eq!(v.result, VoteStanding::Adopted);
        assert!(v.closed);
    }
    // The late ballot is kept everywhere (on Carl's, where it was written;
    // waiting, refused, on the others) and counted nowhere.
    for r in [&anne, &bo, &carl] {
        let v = r.store.vote(&vote).unwrap();
        assert_eq!(v.late.len(), 1);
        assert_eq!(v.count.votes_for, 2);
    }
    assert!(matches!(
        refusal(bo.store.close_vote(&vote).unwrap_err()),
        Refusal::VoteClosed { .. }
    ));
    // The resolution is the committee's record: it is not deleted with it.
    assert_eq!(
        refusal(bo.store.delete_committee("Styregruppe").unwrap_err()),
        Refusal::CommitteeHasResolutions {
            name: "Styregruppe".into(),
            resolutions: 1
        }
    );
}

fn person(s: &Store, name: &str) -> String {
    s.find_person(name).unwrap().id
}

#[test]
fn a_ballot_made_after_a_meeting_vote_closed_is_kept_not_counted() {
    let dir = temp();
    let (mut anne, mut bo, mut carl) = replicas(dir.path());
    let s = &mut anne.store;
    let at = s.parse_datetime("2026-03-02T10:00").unwrap();
    let m = s.add_meeting("Styregruppe", "Møde", at, 60).unwrap();
    s.set_meeting_state(&m, "open", None).unwrap();
    let item = s
        .add_agenda_item(&m, "Budget", None, None, None, false)
        .unwrap();
    for name in ["Anne", "Bo"] {
        s.set_attendance(&m, name, "present").unwrap();
    }
    let vote = s.add_vote(&item, "Budgettet godkendes").unwrap();
    s.cast_vote(&vote, "Anne", "for").unwrap();
    bo.sync_from(&anne);
    // Anne closes; Bo, not knowing, votes a minute later on his replica.
    anne.at("2026-03-01T09:10:00Z");
    assert_eq!(anne.store.close_vote(&vote).unwrap(), VoteResult::Adopted);
    bo.at("2026-03-01T09:11:00Z");
    bo.store.cast_vote(&vote, "Bo", "against").unwrap();
    anne.sync_from(&bo);
    bo.sync_from(&anne);
    for r in [&anne, &bo] {
        let v = r.store.vote(&vote).unwrap();
        assert_eq!(v.result, VoteStanding::Adopted);
        assert_eq!((v.count.votes_for, v.count.against), (1, 0));
        assert_eq!(v.late.len(), 1);
        assert_eq!(v.late[0].name, "Bo");
    }
    assert_eq!(
        anne.store.waiting_changes(10).unwrap()[0].kind,
        WaitKind::Refused
    );
    // Carl takes Anne's close and then Bo's ballot in one merge: the ballot
    // is checked against the vote as that merge closed it (the close not
    // yet written to the file when the ballot comes, `row_cache.rs`).
    let mut batch = anne.store.all_changes().unwrap();
    let by_bo = bo.store.replica().to_string();
    batch.extend(
        bo.store
            .all_changes()
            .unwrap()
            .into_iter()
            .filter(|c| c.hlc.ends_with(&by_bo)),
    );
    let report = carl.store.merge(&batch).unwrap();
    assert_eq!(report.pending, 1, "the late ballot is kept, refused");
    let waiting = carl.store.waiting_changes(10).unwrap();
    assert_eq!(waiting[0].kind, WaitKind::Refused);
    let v = carl.store.vote(&vote).unwrap();
    assert_eq!((v.count.votes_for, v.count.against), (1, 0));
    assert_eq!(v.late.len(), 1);
}
