//! Committee work: committees and members, meetings, agenda, minutes,
//! decisions, tasks, the backlog, search.

use steerco_store::dates;
use steerco_store::ops::backlog::Topic;
use steerco_store::ops::committee::Committee;
use steerco_store::ops::meeting::{
    DecisionView, MeetingSummary, MeetingView, NewOutcome, TaskFilter, TaskView,
};
use steerco_store::ops::vote::check_quorum;
use steerco_store::refusal::Missing as MissingWhat;
use steerco_store::search::SearchHit;
use steerco_store::{Refusal, Result, Store};

use super::some;
use crate::inputs::OutcomeInput;
use crate::requests::*;

pub fn committee_list(s: &Store, _: CommitteeListRequest) -> Result<Vec<Committee>> {
    s.committees()
}

pub fn committee_add(s: &mut Store, r: CommitteeAddRequest) -> Result<String> {
    let (parent, mandate) = (some(r.parent), some(r.mandate));
    s.add_committee(
        &r.name,
        r.kind.as_str(),
        parent.as_deref(),
        mandate.as_deref(),
    )
}

pub fn member_add(s: &mut Store, r: MemberAddRequest) -> Result<String> {
    s.add_member(&r.committee, &r.person, r.role.as_str())
}

/// A field left None stays as it is. The voting rules (quorum, casting
/// vote) are checked before anything is written, so a refusal changes
/// nothing; the committee is found once, as a new name would not find it.
pub fn committee_set(s: &mut Store, r: CommitteeSetRequest) -> Result<()> {
    let voting = r.quorum.is_some() || r.casting_vote.is_some();
    check_quorum(r.quorum)?;
    let id = s.find_committee(&r.committee)?;
    if r.name.is_some() || r.mandate.is_some() || r.parent.is_some() || !voting {
        s.edit_committee(
            &id,
            r.name.as_deref(),
            r.mandate.as_deref(),
            r.parent.as_deref(),
        )?;
    }
    if voting {
        s.set_committee_voting(&id, r.quorum, r.casting_vote)?;
    }
    Ok(())
}

pub fn committee_cover(s: &mut Store, r: CommitteeCoverRequest) -> Result<()> {
    s.cover_initiative(&r.committee, &r.initiative)
}

pub fn meeting_list(s: &Store, _: MeetingListRequest) -> Result<Vec<MeetingSummary>> {
    s.meetings()
}

pub fn meeting_show(s: &Store, r: MeetingShowRequest) -> Result<MeetingView> {
    s.meeting(&r.id)
}

/// `starts_at`: `YYYY-MM-DDTHH:MM` in the workspace's time zone, or RFC
/// 3339; `from_previous`: the agenda continues with the items of the
/// committee's previous meeting (an error when it has none).
pub fn meeting_add(s: &mut Store, r: MeetingAddRequest) -> Result<String> {
    let at = s.parse_datetime(&r.starts_at)?;
    let location = some(r.location);
    s.add_meeting_at(
        &r.committee,
        &r.title,
        at,
        r.duration_min,
        r.from_previous,
        location.as_deref(),
    )
}

/// `to`: open, in-progress, closed, approved or reopened (with a reason).
pub fn meeting_state(s: &mut Store, r: MeetingStateRequest) -> Result<()> {
    let reason = some(r.reason);
    s.set_meeting_state(&r.id, r.to.as_str(), reason.as_deref())
}

/// `status`: invited, present or apologies.
pub fn meeting_attend(s: &mut Store, r: MeetingAttendRequest) -> Result<()> {
    s.set_attendance(&r.meeting, &r.person, r.status.as_str())
}

pub fn agenda_add(s: &mut Store, r: AgendaAddRequest) -> Result<String> {
    let item = r.item;
    let (initiative, presenter) = (some(item.initiative), some(item.presenter));
    s.add_agenda_item(
        &r.meeting,
        &item.title,
        initiative.as_deref(),
        presenter.as_deref(),
        item.duration_min,
        item.closed,
    )
}

/// Move an agenda item to 1-based place `to`.
pub fn agenda_move(s: &mut Store, r: AgendaMoveRequest) -> Result<()> {
    s.move_agenda_item(&r.meeting, &r.item, r.to)
}

pub fn outcome_add(s: &mut Store, r: OutcomeAddRequest) -> Result<String> {
    let outcome = match r.outcome {
        OutcomeInput::Note { text } => NewOutcome::Note(text),
        OutcomeInput::Decision { text, supersedes } => NewOutcome::Decision {
            text,
            supersedes: some(supersedes),
        },
        // An action needs an owner and a due date: said here once, for the
        // app's form and the CLI's options alike.
        OutcomeInput::Action { text, owner, due } => {
            let missing = |what| Refusal::Missing { what };
            let owner = some(Some(owner)).ok_or(missing(MissingWhat::ActionOwner))?;
            let due = some(Some(due)).ok_or(missing(MissingWhat::ActionDue))?;
            NewOutcome::Action {
                text,
                owner,
                due: dates::parse_date(&due)?,
            }
        }
    };
    s.add_outcome(&r.meeting, &r.item, outcome)
}

pub fn decision_list(s: &Store, _: DecisionListRequest) -> Result<Vec<DecisionView>> {
    s.decisions()
}

/// `status`: proposed, adopted, rejected or superseded.
pub fn decision_state(s: &mut Store, r: DecisionStateRequest) -> Result<()> {
    s.set_decision_status(&r.id, r.status.as_str())
}

pub fn task_list(s: &Store, r: TaskListRequest) -> Result<Vec<TaskView>> {
    let f = r.filter;
    s.tasks(&TaskFilter {
        mine: f.mine,
        overdue: f.overdue,
        committee: some(f.committee),
        initiative: some(f.initiative),
    })
}

pub fn task_state(s: &mut Store, r: TaskStateRequest) -> Result<()> {
    s.set_task_state(&r.id, r.state.as_str())
}

/// The backlog: topics proposed for a committee (every committee's when none).
pub fn topic_list(s: &Store, r: TopicListRequest) -> Result<Vec<Topic>> {
    s.topics(some(r.committee).as_deref())
}

pub fn topic_add(s: &mut Store, r: TopicAddRequest) -> Result<String> {
    let note = some(r.note);
    s.add_topic(&r.committee, &r.title, note.as_deref())
}

/// Put a backlog topic at the end of a meeting's agenda: the new item's id.
pub fn topic_schedule(s: &mut Store, r: TopicScheduleRequest) -> Result<String> {
    s.schedule_topic(&r.topic, &r.meeting)
}

/// Full-text search over the minutes: the best 200 hits.
pub fn search(s: &Store, r: SearchRequest) -> Result<Vec<SearchHit>> {
    s.search(&r.text, 200)
}
