//! What the CLI, the app and the minutes show of a vote, computed from live
//! data on each call: who may vote, the ballots that count, the result (or
//! where a vote stands before it has one), the late ballots kept, and for a
//! written resolution whose members' votes may not all be here yet, whom it
//! waits for.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use steerco_domain::{Hlc, Role, VoteChoice, VoteResult};

use super::tally::{self, Cast, Count, VotingRules};
use super::{decision_of, GRACE_DAYS};
use crate::error::Result;
use crate::merge::ChangeRecord;
use crate::ops::interest::{CommitteeMember, InterestView};
use crate::Store;

/// Where a vote stands: open, provisional (a written resolution whose
/// members' votes up to the closing time may not all have arrived), or its
/// result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VoteStanding {
    Open,
    Provisional,
    Adopted,
    Rejected,
    NotQuorate,
}

impl VoteStanding {
    pub fn as_str(self) -> &'static str {
        match self {
            VoteStanding::Open => "open",
            VoteStanding::Provisional => "provisional",
            VoteStanding::Adopted => "adopted",
            VoteStanding::Rejected => "rejected",
            VoteStanding::NotQuorate => "not_quorate",
        }
    }
}

impl From<VoteResult> for VoteStanding {
    fn from(r: VoteResult) -> Self {
        match r {
            VoteResult::Adopted => VoteStanding::Adopted,
            VoteResult::Rejected => VoteStanding::Rejected,
            VoteResult::NotQuorate => VoteStanding::NotQuorate,
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BallotView {
    pub person_id: String,
    pub name: String,
    pub choice: VoteChoice,
    /// When it was cast, as its author's clock said (RFC 3339).
    pub recorded_at: String,
    /// Its change's stamp: what decides whether it was made in time.
    pub stamp: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct VoteView {
    pub id: String,
    pub committee_id: String,
    pub committee: String,
    /// The meeting and agenda item voted in; none for a written resolution.
    pub meeting_id: Option<String>,
    pub agenda_item_id: Option<String>,
    pub item: Option<String>,
    pub proposal: String,
    /// A written resolution's closing time (RFC 3339, UTC).
    pub closes_at: Option<String>,
    /// open, provisional, adopted, rejected or not_quorate.
    pub result: VoteStanding,
    /// The result is recorded (`vote close`), an adopted one in the decision register.
    pub closed: bool,
    /// The committee's voting rules when the vote was put.
    pub rules: VotingRules,
    /// What the ballots that count give: the result once there is one, a
    /// forecast while the vote is open or provisional.
    pub count: Count,
    /// The ballots that count, by name: who voted how.
    pub ballots: Vec<BallotView>,
    /// Ballots made after the close: kept (here, or waiting as refused in
    /// the sync status), never counted.
    pub late: Vec<BallotView>,
    /// Members who declared an interest in the item: they do not vote.
    pub interests: Vec<InterestView>,
    /// While provisional: the members whose votes up to the closing time
    /// may not all have arrived here.
    pub waiting_for: Vec<String>,
    /// When a written resolution's result is final at the latest (its
    /// closing time and the grace period).
    pub final_by: Option<String>,
    /// The decision an adopted vote entered in the register.
    pub decision_id: Option<String>,
}

/// A vote's row with what counting it needs.
pub(super) struct VoteRow {
    pub id: String,
    pub committee_id: String,
    pub committee: String,
    pub meeting_id: Option<String>,
    pub agenda_item_id: Option<String>,
    pub item: Option<String>,
    pub initiative_id: Option<String>,
    pub proposal: String,
    pub closes_at: Option<String>,
    pub result: Option<String>,
    /// The stamp of the close (the `result` field's clock).
    pub closed_stamp: Option<String>,
    pub recorded_at: String,
    pub rules: VotingRules,
}

impl VoteRow {
    pub(super) fn closes_ms(&self) -> Option<i64> {
        self.closes_at
            .as_deref()
            .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
            .map(|c| c.timestamp_millis())
    }
}

/// What this replica knows of where each member writes and how far each
/// other replica's changes have arrived; read once per call, when needed.
#[derive(Default)]
pub(super) struct Known {
    /// Person id -> the replicas whose changes name them as author.
    authored: BTreeMap<String, BTreeSet<String>>,
    /// Replica -> the time of its newest change applied here.
    peers: BTreeMap<String, i64>,
}

fn ballot_view(c: &Cast) -> BallotView {
    BallotView {
        person_id: c.person_id.clone(),
        name: c.name.clone(),
        choice: c.choice,
        recorded_at: c.recorded_at.clone(),
        stamp: c.stamp.clone(),
    }
}

/// The replica a stamp names.
fn replica_of(stamp: &str) -> &str {
    stamp.get(19..).unwrap_or_default()
}

impl Store {
    pub(super) fn vote_row(&self, id: &str) -> Result<VoteRow> {
        Ok(self.conn().query_row(
            "SELECT v.id, v.committee_id, c.name, v.meeting_id, v.agenda_item_id, a.title,
                    a.initiative_id, v.proposal, v.closes_at, v.result,
                    json_extract(v.clock, '$.result'), v.recorded_at,
                    coalesce(v.quorum, 0), v.casting_vote
             FROM vote v JOIN committee c ON c.id = v.committee_id
             LEFT JOIN agenda_item a ON a.id = v.agenda_item_id
             WHERE v.id = ?1",
            [id],
            |r| {
                Ok(VoteRow {
                    id: r.get(0)?,
                    committee_id: r.get(1)?,
                    committee: r.get(2)?,
                    meeting_id: r.get(3)?,
                    agenda_item_id: r.get(4)?,
                    item: r.get(5)?,
                    initiative_id: r.get(6)?,
                    proposal: r.get(7)?,
                    closes_at: r.get(8)?,
                    result: r.get(9)?,
                    closed_stamp: r.get(10)?,
                    recorded_at: r.get(11)?,
                    rules: VotingRules {
                        quorum: r.get::<_, i64>(12)?.max(0),
                        casting_vote: r.get(13)?,
                    },
                })
            },
        )?)
    }

    fn casts(&self, vote: &str) -> Result<Vec<Cast>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT b.person_id, p.name, b.choice, b.stamp, b.recorded_at FROM ballot b
                 JOIN person p ON p.id = b.person_id
                 WHERE b.vote_id = ?1 AND b.deleted = 0 ORDER BY b.stamp",
            )?
            .query_map([vote], |r| {
                let choice: String = r.get(2)?;
                Ok((r.get(0)?, r.get(1)?, choice, r.get(3)?, r.get(4)?))
            })?
            .filter_map(|row| match row {
                Ok((person_id, name, choice, stamp, recorded_at)) => {
                    // The registry lets only the vocabulary's words in.
                    let choice = choice.parse().ok()?;
                    Some(Ok(Cast {
                        person_id,
                        name,
                        choice,
                        stamp,
                        recorded_at,
                    }))
                }
                Err(e) => Some(Err(e)),
            })
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Ballots for `vote` that a merge refused as made after its close:
    /// kept in `pending_change`, never applied.
    fn late_ballots(&self, vote: &str) -> Result<Vec<BallotView>> {
        let rows: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT record FROM pending_change
                 WHERE json_extract(record, '$.tbl') = 'ballot'
                   AND json_extract(record, '$.fields.vote_id') = ?1
                   AND reason LIKE 'refused:%'
                 ORDER BY hlc",
            )?
            .query_map([vote], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for record in rows {
            let Ok(rec) = serde_json::from_str::<ChangeRecord>(&record) else {
                continue;
            };
            let text = |f: &str| rec.fields.get(f).and_then(|v| v.as_str()).unwrap_or("");
            let Ok(choice) = text("choice").parse() else {
                continue;
            };
            let person_id = text("person_id").to_string();
            let name = self
                .find_person(&person_id)
                .map_or_else(|_| person_id.clone(), |p| p.name);
            out.push(BallotView {
                name,
                person_id,
                choice,
                recorded_at: text("recorded_at").to_string(),
                stamp: rec.hlc.clone(),
            });
        }
        Ok(out)
    }

    fn load_known(&self) -> Result<Known> {
        let mut known = Known::default();
        let mut words = crate::changelog::Words::default();
        for (author, replica) in crate::changelog::authors(self.conn())? {
            let author = words.word(self.conn(), author)?.to_string();
            let replica = words.word(self.conn(), replica)?.to_string();
            known.authored.entry(author).or_default().insert(replica);
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT replica, last_hlc FROM sync_peer")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let hlc: String = r.get(1)?;
            if let Ok(h) = Hlc::parse(&hlc) {
                known.peers.insert(r.get(0)?, h.millis);
            }
        }
        Ok(known)
    }

    /// The voting members whose votes up to `closes_ms` may not all be
    /// here: those this replica knows no replica of, and those with a
    /// replica (one that wrote as them, or carried a ballot of theirs) whose
    /// changes have not arrived past the closing time. This replica's own
    /// changes are all here.
    fn waiting_members(
        &self,
        voters: &[&CommitteeMember],
        casts: &[Cast],
        closes_ms: i64,
        known: &Known,
    ) -> Vec<String> {
        let me = self.replica().to_string();
        voters
            .iter()
            .filter(|m| {
                let mut replicas: BTreeSet<&str> = known
                    .authored
                    .get(&m.person_id)
                    .map(|r| r.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                replicas.extend(
                    casts
                        .iter()
                        .filter(|c| c.person_id == m.person_id)
                        .map(|c| replica_of(&c.stamp)),
                );
                let arrived =
                    |r: &&str| *r == me || known.peers.get(*r).is_some_and(|ms| *ms > closes_ms);
                replicas.is_empty() || !replicas.iter().all(arrived)
            })
            .map(|m| m.name.clone())
            .collect()
    }

    /// A vote as shown, `known` read once for all the votes of one call.
    pub(super) fn vote_view(&self, row: VoteRow, known: &OnceCell<Known>) -> Result<VoteView> {
        let members = self.members_of(&row.committee_id)?;
        let chair = members
            .iter()
            .find(|m| m.role == Role::Chair.as_str())
            .map(|m| m.person_id.clone());
        let interests = match &row.agenda_item_id {
            Some(item) => self.item_interests(item)?,
            None => Vec::new(),
        };
        let present: BTreeSet<String> = match &row.meeting_id {
            Some(meeting) => self
                .attendance(meeting)?
                .into_iter()
                .filter(|a| a.status == steerco_domain::Attendance::Present.as_str())
                .map(|a| a.person_id)
                .collect(),
            None => BTreeSet::new(),
        };
        // Who may vote: voting members (not observers); in a meeting, those
        // present without a declared interest in the item.
        let voters: Vec<&CommitteeMember> = members
            .iter()
            .filter(|m| m.role != Role::Observer.as_str())
            .filter(|m| {
                row.meeting_id.is_none()
                    || present.contains(&m.person_id)
                        && !interests.iter().any(|i| i.person_id == m.person_id)
            })
            .collect();
        let voter_ids: BTreeSet<&str> = voters.iter().map(|m| m.person_id.as_str()).collect();
        let casts = self.casts(&row.id)?;
        let closes_ms = row.closes_ms();
        // A ballot counts when made by the close: a written resolution's
        // closing time, a meeting vote's recorded close.
        let within = |c: &Cast| match (closes_ms, &row.closed_stamp) {
            (Some(ms), _) => Hlc::parse(&c.stamp).is_ok_and(|h| h.millis <= ms),
            (None, Some(closed)) => c.stamp <= *closed,
            (None, None) => true,
        };
        let last = tally::last_ballots(&casts, &voter_ids, within);
        let counted = if row.meeting_id.is_some() {
            voters.len() as i64
        } else {
            last.len() as i64
        };
        let count = tally::count(&last, counted, chair.as_deref(), row.rules);
        let now_ms = self.now().timestamp_millis();
        let final_by = row
            .closes_at
            .as_deref()
            .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
            .map(|c| {
                (c + chrono::Duration::days(GRACE_DAYS))
                    .with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            });
        let mut waiting_for = Vec::new();
        let result = match (&row.result, closes_ms) {
            (Some(recorded), _) => recorded
                .parse::<VoteResult>()
                .map_or(VoteStanding::Open, VoteStanding::from),
            (None, None) => VoteStanding::Open,
            (None, Some(ms)) if now_ms <= ms => VoteStanding::Open,
            (None, Some(ms)) => {
                let grace_over = now_ms >= ms + GRACE_DAYS * 24 * 3_600_000;
                if !grace_over {
                    if known.get().is_none() {
                        let _ = known.set(self.load_known()?);
                    }
                    if let Some(known) = known.get() {
                        waiting_for = self.waiting_members(&voters, &casts, ms, known);
                    }
                }
                if waiting_for.is_empty() {
                    count.result.into()
                } else {
                    VoteStanding::Provisional
                }
            }
        };
        let mut ballots: Vec<BallotView> = last.values().map(|c| ballot_view(c)).collect();
        ballots.sort_by(|a, b| a.name.cmp(&b.name).then(a.person_id.cmp(&b.person_id)));
        // Made after the close: written here by a program that skipped the
        // check, or refused by a merge and kept waiting.
        let mut late: Vec<BallotView> = casts
            .iter()
            .filter(|c| !within(c))
            .map(ballot_view)
            .collect();
        late.extend(self.late_ballots(&row.id)?);
        let adopted = row.result.as_deref() == Some(VoteResult::Adopted.as_str());
        Ok(VoteView {
            late,
            decision_id: adopted.then(|| decision_of(&row.id)),
            closed: row.result.is_some(),
            id: row.id,
            committee_id: row.committee_id,
            committee: row.committee,
            meeting_id: row.meeting_id,
            agenda_item_id: row.agenda_item_id,
            item: row.item,
            proposal: row.proposal,
            closes_at: row.closes_at,
            result,
            rules: row.rules,
            count,
            ballots,
            interests,
            waiting_for,
            final_by,
        })
    }

    /// One vote by id or id prefix.
    pub fn vote(&self, key: &str) -> Result<VoteView> {
        let id = self.find_vote(key)?;
        self.vote_view(self.vote_row(&id)?, &OnceCell::new())
    }

    /// Every vote, written resolutions and votes in meetings, oldest first.
    pub fn votes(&self) -> Result<Vec<VoteView>> {
        let ids: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT id FROM vote WHERE deleted = 0 ORDER BY recorded_at, stamp, id",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.vote_views(&ids)
    }

    /// The votes of a meeting, in agenda order (the minutes list them).
    pub fn meeting_votes(&self, meeting: &str) -> Result<Vec<VoteView>> {
        let ids: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT v.id FROM vote v JOIN agenda_item a ON a.id = v.agenda_item_id
                 WHERE v.meeting_id = ?1 AND v.deleted = 0
                 ORDER BY a.position, a.id, v.recorded_at, v.stamp, v.id",
            )?
            .query_map([meeting], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.vote_views(&ids)
    }

    fn vote_views(&self, ids: &[String]) -> Result<Vec<VoteView>> {
        let known = OnceCell::new();
        ids.iter()
            .map(|id| self.vote_view(self.vote_row(id)?, &known))
            .collect()
    }
}
