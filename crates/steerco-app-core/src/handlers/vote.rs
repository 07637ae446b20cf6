//! Votes, declarations of interest and written resolutions (the store's
//! ops/vote and ops/interest; the CLI's `vote` and `interest`).

use steerco_domain::VoteResult;
use steerco_store::ops::vote::VoteView;
use steerco_store::refusal::Missing;
use steerco_store::{Refusal, Result, Store};

use super::some;
use crate::requests::*;
use crate::voting::{meeting_voting, MeetingVoting};

pub fn interest_declare(s: &mut Store, r: InterestDeclareRequest) -> Result<String> {
    let note = some(r.note);
    s.declare_interest(&r.item, &r.member, note.as_deref())
}

/// A vote on an agenda item; without one, a committee's written resolution
/// closing at `closes` (`YYYY-MM-DDTHH:MM` in the workspace's time zone, or
/// RFC 3339). The vote's id.
pub fn vote_add(s: &mut Store, r: VoteAddRequest) -> Result<String> {
    if let Some(item) = some(r.item) {
        return s.add_vote(&item, &r.proposal);
    }
    let missing = |what| Refusal::Missing { what };
    let committee = some(r.committee).ok_or(missing(Missing::VoteOn))?;
    let closes = some(r.closes).ok_or(missing(Missing::ClosingTime))?;
    let closes = s.parse_datetime(&closes)?;
    s.add_written_resolution(&committee, &r.proposal, closes)
}

/// A member's vote (a later one replaces it): the ballot's id.
pub fn vote_cast(s: &mut Store, r: VoteCastRequest) -> Result<String> {
    s.cast_vote(&r.vote, &r.member, r.choice.as_str())
}

pub fn vote_close(s: &mut Store, r: VoteCloseRequest) -> Result<VoteResult> {
    s.close_vote(&r.vote)
}

/// Every vote: written resolutions and votes in meetings, oldest first.
pub fn vote_list(s: &Store, _: VoteListRequest) -> Result<Vec<VoteView>> {
    s.votes()
}

pub fn meeting_votes(s: &Store, r: MeetingVotesRequest) -> Result<MeetingVoting> {
    meeting_voting(s, &r.meeting)
}
