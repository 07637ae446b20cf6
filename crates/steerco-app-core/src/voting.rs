//! A meeting's votes as the agenda shows them: each vote with its
//! committee's members and, for those who cannot vote on it, why; and the
//! declarations of interest in the meeting's items. The reasons are those
//! for which `Store::cast_vote` refuses a member's ballot, so the app offers
//! a choice only to members whose ballot the store takes.

use std::collections::BTreeSet;

use serde::Serialize;
use steerco_domain::{Attendance, Role};
use steerco_store::ops::committee::Member;
use steerco_store::ops::interest::InterestView;
use steerco_store::ops::vote::VoteView;
use steerco_store::{Result, Store};

/// Why a member does not vote on a vote in a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum NoVote {
    /// Observers take part but do not vote.
    Observer,
    /// Not recorded as present at the meeting.
    Absent,
    /// Declared an interest in the item.
    Interest,
}

/// A member of the vote's committee.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Voter {
    pub person_id: String,
    pub name: String,
    pub role: String,
    /// Why they cannot vote; none for a member who can.
    pub cannot_vote: Option<NoVote>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MeetingVote {
    pub vote: VoteView,
    /// The committee's members in role order, chair first.
    pub members: Vec<Voter>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MeetingVoting {
    /// The members of the meeting's committee (who may declare an interest).
    pub members: Vec<Member>,
    /// The declarations of interest in the meeting's items, in agenda order.
    pub interests: Vec<InterestView>,
    /// The meeting's votes, in agenda order.
    pub votes: Vec<MeetingVote>,
}

/// The votes and declarations of interest of a meeting (id or prefix).
pub fn meeting_voting(s: &Store, meeting: &str) -> Result<MeetingVoting> {
    let meeting = s.meeting(meeting)?;
    let present: BTreeSet<String> = meeting
        .attendance
        .into_iter()
        .filter(|a| a.status == Attendance::Present.as_str())
        .map(|a| a.person_id)
        .collect();
    let committees = s.committees()?;
    let members_of = |committee: &str| {
        committees
            .iter()
            .find(|c| c.id == committee)
            .map(|c| &c.members[..])
            .unwrap_or_default()
    };
    let votes = s
        .meeting_votes(&meeting.id)?
        .into_iter()
        .map(|vote| {
            let members = members_of(&vote.committee_id)
                .iter()
                .map(|m| Voter {
                    cannot_vote: why_not(m, &vote, &present),
                    person_id: m.person_id.clone(),
                    name: m.name.clone(),
                    role: m.role.clone(),
                })
                .collect();
            MeetingVote { vote, members }
        })
        .collect();
    Ok(MeetingVoting {
        members: members_of(&meeting.committee_id).to_vec(),
        interests: s.meeting_interests(&meeting.id)?,
        votes,
    })
}

fn why_not(m: &Member, vote: &VoteView, present: &BTreeSet<String>) -> Option<NoVote> {
    if m.role == Role::Observer.as_str() {
        Some(NoVote::Observer)
    } else if !present.contains(&m.person_id) {
        Some(NoVote::Absent)
    } else if vote.interests.iter().any(|i| i.person_id == m.person_id) {
        Some(NoVote::Interest)
    } else {
        None
    }
}
