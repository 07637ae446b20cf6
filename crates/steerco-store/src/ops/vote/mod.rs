//! Votes (schema 14): on an agenda item in a meeting, or a written
//! resolution of a committee between meetings (a closing time, no meeting).
//!
//! Every choice a member makes is a `ballot` row (append-only, so votes
//! cast on several replicas merge as a union); a member's last ballot made
//! by the close counts, "made" being its change's stamp: the hybrid clock
//! never runs below a stamp its replica has seen, so a member who has synced
//! past the closing time cannot vote before it by setting a clock back.
//! A ballot made after the close is refused here and, arriving by a merge,
//! kept unapplied in `pending_change` (`merge/guard.rs`, `late_ballot`).
//! A vote keeps the committee's voting rules as they were when it was put.
//! Closing records the result, and an adopted vote enters the decision
//! register as a decision whose id is derived from the vote's, so replicas
//! closing one vote make one decision.
//!
//! `tally.rs` the count, `views.rs` what is shown (and when a written
//! resolution's result is provisional). Declarations of interest are in
//! `ops/interest.rs`.

mod tally;
mod views;

/// The vocabularies of votes (steerco-domain), for the crates that show them.
pub use steerco_domain::{VoteChoice, VoteResult};
pub use tally::{Count, VotingRules};
pub use views::{BallotView, VoteStanding, VoteView};

use chrono::{DateTime, FixedOffset, SecondsFormat};
use rusqlite::{OptionalExtension, Transaction};
use steerco_domain::{Attendance, DecisionStatus, Hlc, OutcomeKind, Role};

use super::initiative::derived_id;
use crate::error::Result;
use crate::merge::ChangeRecord;
use crate::refusal::{word, Entity, MinutesPart, Missing, Refusal};
use crate::{new_id, LocalKey, RowChange, Store};

/// How long after its closing time a written resolution's result stays
/// provisional at most, while members' votes may still be on their way.
pub const GRACE_DAYS: i64 = 7;

/// The id of the decision an adopted vote enters in the register.
pub fn decision_of(vote: &str) -> String {
    derived_id(&format!("decision/{vote}"))
}

impl Store {
    pub fn find_vote(&self, key: &str) -> Result<String> {
        self.find_by_id("vote", "deleted = 0", Entity::Vote, key)
    }

    /// A committee's voting rules.
    pub fn committee_voting(&self, committee: &str) -> Result<VotingRules> {
        let id = self.find_committee(committee)?;
        Ok(self.conn().query_row(
            "SELECT coalesce(quorum, 0), casting_vote FROM committee WHERE id = ?1",
            [&id],
            |r| {
                Ok(VotingRules {
                    quorum: r.get::<_, i64>(0)?.max(0),
                    casting_vote: r.get(1)?,
                })
            },
        )?)
    }

    /// Set a committee's quorum (0: none) or whether its chair has a
    /// casting vote; `None` leaves a rule as it is.
    pub fn set_committee_voting(
        &mut self,
        committee: &str,
        quorum: Option<i64>,
        casting_vote: Option<bool>,
    ) -> Result<()> {
        if quorum.is_none() && casting_vote.is_none() {
            return Err(Refusal::NothingToChange.into());
        }
        check_quorum(quorum)?;
        let id = self.find_committee(committee)?;
        let current = self.committee_voting(&id)?;
        let mut change = RowChange::update("committee", id);
        if let Some(q) = quorum.filter(|q| *q != current.quorum) {
            change = change.set("quorum", q);
        }
        if let Some(c) = casting_vote.filter(|c| *c != current.casting_vote) {
            change = change.set("casting_vote", c);
        }
        if !change.fields.is_empty() {
            self.write(vec![change])?;
        }
        Ok(())
    }

    /// A vote on an agenda item (id or prefix), while its minutes can change.
    pub fn add_vote(&mut self, item: &str, proposal: &str) -> Result<String> {
        let item = self.find_agenda_item_by_id(item)?;
        let meeting = self.item_meeting(&item)?;
        self.check_editable(&meeting, MinutesPart::Minutes)?;
        let committee: String = self.conn().query_row(
            "SELECT committee_id FROM meeting WHERE id = ?1",
            [&meeting],
            |r| r.get(0),
        )?;
        let change = self
            .new_vote(&committee, proposal)?
            .set("meeting_id", meeting)
            .set("agenda_item_id", item);
        let id = change.row_id.clone();
        self.write(vec![change])?;
        Ok(id)
    }

    /// A written resolution: a vote of `committee` with no meeting, open to
    /// its members until `closes_at` (which must be ahead).
    pub fn add_written_resolution(
        &mut self,
        committee: &str,
        proposal: &str,
        closes_at: DateTime<FixedOffset>,
    ) -> Result<String> {
        let committee = self.find_committee(committee)?;
        let closes = closes_at
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        if closes_at.timestamp_millis() <= self.now().timestamp_millis() {
            return Err(Refusal::ClosesInPast {
                closes_at: self.local_time(&closes)?,
            }
            .into());
        }
        let change = self
            .new_vote(&committee, proposal)?
            .set("closes_at", closes);
        let id = change.row_id.clone();
        self.write(vec![change])?;
        Ok(id)
    }

    fn new_vote(&self, committee: &str, proposal: &str) -> Result<RowChange> {
        let proposal = proposal.trim();
        if proposal.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::Proposal,
            }
            .into());
        }
        let rules = self.committee_voting(committee)?;
        Ok(RowChange::insert("vote", new_id())
            .set("committee_id", committee.to_string())
            .set("proposal", proposal)
            .set("quorum", rules.quorum)
            .set("casting_vote", rules.casting_vote)
            .set("author_id", self.me().map(str::to_string))
            .set(
                "recorded_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            ))
    }

    /// Record `person`'s choice (for, against, abstain) on a vote; a later
    /// choice replaces theirs. Only a voting member may vote: present at the
    /// meeting and without a declared interest in the item, or by a written
    /// resolution's closing time. Returns the ballot's id.
    pub fn cast_vote(&mut self, vote: &str, person: &str, choice: &str) -> Result<String> {
        let choice: VoteChoice = word(choice)?;
        let row = self.vote_row(&self.find_vote(vote)?)?;
        if let Some(result) = &row.result {
            return Err(Refusal::VoteClosed {
                result: result.clone(),
            }
            .into());
        }
        if let Some(meeting) = &row.meeting_id {
            self.check_editable(meeting, MinutesPart::Minutes)?;
        }
        let member = self.committee_member(&row.committee_id, person)?;
        if member.role == Role::Observer.as_str() {
            return Err(Refusal::ObserverCannotVote { name: member.name }.into());
        }
        if let (Some(meeting), Some(item)) = (&row.meeting_id, &row.agenda_item_id) {
            let present = self.attendance(meeting)?.into_iter().any(|a| {
                a.person_id == member.person_id && a.status == Attendance::Present.as_str()
            });
            if !present {
                return Err(Refusal::NotPresent { name: member.name }.into());
            }
            let interested = self
                .item_interests(item)?
                .iter()
                .any(|i| i.person_id == member.person_id);
            if interested {
                return Err(Refusal::DeclaredInterest { name: member.name }.into());
            }
        }
        if let (Some(closes), Some(closes_ms)) = (&row.closes_at, row.closes_ms()) {
            if self.next_stamp_millis()? > closes_ms {
                return Err(Refusal::ResolutionClosed {
                    closes_at: self.local_time(closes)?,
                }
                .into());
            }
        }
        let id = new_id();
        self.write(vec![RowChange::insert("ballot", id.clone())
            .set("vote_id", row.id)
            .set("person_id", member.person_id)
            .set("choice", choice)
            .set("author_id", self.me().map(str::to_string))
            .set(
                "recorded_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            )])?;
        Ok(id)
    }

    /// Close a vote: record its result and, adopted, enter the decision in
    /// the register. A vote in a meeting closes while its minutes can
    /// change; a written resolution once its closing time has passed and
    /// its result is final.
    pub fn close_vote(&mut self, vote: &str) -> Result<VoteResult> {
        let id = self.find_vote(vote)?;
        let row = self.vote_row(&id)?;
        if let Some(meeting) = &row.meeting_id {
            self.check_editable(meeting, MinutesPart::Minutes)?;
        }
        let view = self.vote_view(self.vote_row(&id)?, &Default::default())?;
        let result = match view.result {
            _ if view.closed => {
                return Err(Refusal::VoteClosed {
                    result: view.result.as_str().to_string(),
                }
                .into())
            }
            VoteStanding::Open => match &row.closes_at {
                Some(closes) => {
                    return Err(Refusal::ResolutionOpen {
                        closes_at: self.local_time(closes)?,
                    }
                    .into())
                }
                None => view.count.result,
            },
            VoteStanding::Provisional => {
                let final_by = view.final_by.as_deref().unwrap_or_default();
                return Err(Refusal::ResultProvisional {
                    waiting: view.waiting_for,
                    final_by: self.local_time(final_by)?,
                }
                .into());
            }
            VoteStanding::Adopted | VoteStanding::Rejected | VoteStanding::NotQuorate => {
                view.count.result
            }
        };
        let mut batch = vec![RowChange::update("vote", id.clone()).set("result", result)];
        if result == VoteResult::Adopted {
            // Every field a pure function of the vote, so replicas closing
            // it at once write one equal row.
            let decision = RowChange::insert("outcome", decision_of(&id))
                .set("kind", OutcomeKind::Decision)
                .set("text", row.proposal.clone())
                .set("decision_status", DecisionStatus::Adopted);
            batch.push(match &row.meeting_id {
                Some(meeting) => decision
                    .set("meeting_id", meeting.clone())
                    .set("agenda_item_id", row.agenda_item_id.clone())
                    .set("initiative_id", row.initiative_id.clone())
                    .set("recorded_at", row.recorded_at.clone()),
                // A written resolution's decision: dated by its closing
                // time, under its committee (no meeting).
                None => decision
                    .set("board_committee_id", row.committee_id.clone())
                    .set(
                        "recorded_at",
                        row.closes_at.clone().unwrap_or(row.recorded_at),
                    ),
            });
        }
        self.write(batch)?;
        Ok(result)
    }

    /// The millisecond the next local change will be stamped with (the
    /// write path's tick: the wall clock, or the clock's last stamp when
    /// that is later).
    fn next_stamp_millis(&self) -> Result<i64> {
        let stored = self
            .local_setting(LocalKey::Hlc)?
            .and_then(|s| Hlc::parse(&s).ok())
            .map_or(0, |h| h.millis);
        Ok(self
            .now()
            .timestamp_millis()
            .max(self.hlc.millis)
            .max(stored))
    }

    /// A stored instant as people read it, in the workspace's zone.
    fn local_time(&self, rfc3339: &str) -> Result<String> {
        Ok(crate::dates::local_time_of(self.time_zone()?, rfc3339))
    }
}

/// A quorum a committee may set: 0 (none) to 1000 members.
pub fn check_quorum(quorum: Option<i64>) -> std::result::Result<(), Refusal> {
    match quorum {
        Some(q) if !(0..=1000).contains(&q) => Err(Refusal::QuorumOutOfRange),
        _ => Ok(()),
    }
}

/// Why a ballot arriving by merge may not apply: it was made after its
/// vote's close (a written resolution's closing time, a meeting vote's
/// recorded close). It is kept, never counted.
pub(crate) fn late_ballot(
    tx: &Transaction<'_>,
    rec: &ChangeRecord,
    stamp: Hlc,
) -> Result<Option<String>> {
    let Some(vote) = rec.fields.get("vote_id").and_then(|v| v.as_str()) else {
        return Ok(None);
    };
    let row: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT closes_at, json_extract(clock, '$.result') FROM vote WHERE id = ?1",
        )?
        .query_row([vote], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((closes_at, closed_stamp)) = row else {
        return Ok(None);
    };
    let closes_ms = closes_at
        .as_deref()
        .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
        .map(|c| c.timestamp_millis());
    let late = match (closes_ms, closed_stamp) {
        (Some(ms), _) => stamp.millis > ms,
        (None, Some(closed)) => rec.hlc > closed,
        (None, None) => false,
    };
    Ok(late.then(|| {
        format!(
            "ballot {} was made after vote {vote} closed: kept, not counted",
            rec.row_id
        )
    }))
}
