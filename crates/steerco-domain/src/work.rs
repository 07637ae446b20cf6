//! The vocabularies of committee work: committees and roles, the meeting
//! state machine and what each state lets change, agenda items, outcomes,
//! decisions, tasks and attendance. The stored words are a data format (the
//! synced changes carry them), so a variant's word never changes.

use serde::Serialize;

use crate::words::words;

words!(
    /// The portfolio steering group, a steering group or a working group.
    CommitteeKind, "committee kind", {
        Portfolio => "portfolio",
        Steering => "steering",
        Working => "working",
    }
);

words!(
    /// A member's role in a committee (shown, not enforced).
    Role, "role", {
        Chair => "chair",
        Secretary => "secretary",
        Member => "member",
        Observer => "observer",
    }
);

words!(
    /// Where a meeting is: draft -> open -> in progress -> closed ->
    /// approved; closed or approved minutes can be reopened (see `Move`).
    MeetingState, "meeting state", {
        Draft => "draft",
        Open => "open",
        InProgress => "in_progress",
        Closed => "closed",
        Approved => "approved",
    }
);

words!(
    /// A move of the meeting state machine, as the CLI and the app name it
    /// (`in_progress`, the state's own spelling, is taken too).
    Move, "meeting state move", {
        Open => "open",
        InProgress => "in-progress" | "in_progress",
        Close => "closed",
        Approve => "approved",
        Reopen => "reopened",
    }
);

words!(
    /// An agenda item, or the follow-up item every new agenda starts with.
    AgendaKind, "agenda item kind", {
        Item => "item",
        FollowUp => "follow_up",
    }
);

words!(
    /// What the minutes record for an agenda item.
    OutcomeKind, "outcome", {
        Note => "note",
        Decision => "decision",
        Action => "action",
    }
);

words!(
    /// A decision's status in the register.
    DecisionStatus, "decision status", {
        Proposed => "proposed",
        Adopted => "adopted",
        Rejected => "rejected",
        Superseded => "superseded",
    }
);

words!(
    /// The column of an action on its committee's task board, left to right.
    TaskState, "task state", {
        Todo => "todo",
        Doing => "doing",
        Blocked => "blocked",
        Done => "done",
    }
);

words!(
    /// Whether a person was invited, was present or sent apologies.
    Attendance, "attendance", {
        Invited => "invited",
        Present => "present",
        Apologies => "apologies",
    }
);

words!(
    /// A member's choice on a vote (schema 14).
    VoteChoice, "vote choice", {
        For => "for",
        Against => "against",
        Abstain => "abstain",
    }
);

words!(
    /// What a closed vote decided: more for than against (or the chair's
    /// casting vote on a tie), not, or too few members to decide.
    VoteResult, "vote result", {
        Adopted => "adopted",
        Rejected => "rejected",
        NotQuorate => "not_quorate",
    }
);

/// The parts of a meeting's minutes a state can lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum MinutesPart {
    #[error("the agenda")]
    Agenda,
    #[error("the attendance")]
    Attendance,
    #[error("the minutes")]
    Minutes,
    /// The meeting's title, time, length and place.
    #[error("the meeting's details")]
    Meeting,
}

impl MinutesPart {
    pub const ALL: &'static [MinutesPart] = &[
        MinutesPart::Agenda,
        MinutesPart::Attendance,
        MinutesPart::Minutes,
        MinutesPart::Meeting,
    ];
}

/// What a meeting in one state allows: the moves it can make, in the order
/// a secretary meets them, and the parts of the minutes that can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct StateRule {
    pub moves: Vec<Move>,
    pub edits: Vec<MinutesPart>,
}

/// Where a move may start and where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MoveRule {
    pub from: Vec<MeetingState>,
    pub to: MeetingState,
}

impl Move {
    /// The states this move may start from.
    pub const fn from_states(self) -> &'static [MeetingState] {
        use MeetingState as S;
        match self {
            Move::Open => &[S::Draft],
            Move::InProgress => &[S::Open],
            Move::Close => &[S::Open, S::InProgress],
            Move::Approve => &[S::Closed],
            // Closed or approved minutes go back to in progress, to be
            // corrected and approved again.
            Move::Reopen => &[S::Closed, S::Approved],
        }
    }

    /// The state this move leads to.
    pub const fn to_state(self) -> MeetingState {
        match self {
            Move::Open => MeetingState::Open,
            Move::InProgress | Move::Reopen => MeetingState::InProgress,
            Move::Close => MeetingState::Closed,
            Move::Approve => MeetingState::Approved,
        }
    }

    pub fn rule(self) -> MoveRule {
        MoveRule {
            from: self.from_states().to_vec(),
            to: self.to_state(),
        }
    }
}

impl MeetingState {
    /// The moves a meeting in this state can make, in `Move` order.
    pub fn moves(self) -> Vec<Move> {
        Move::ALL
            .iter()
            .copied()
            .filter(|m| m.from_states().contains(&self))
            .collect()
    }

    /// Whether this part of the minutes can change in this state: the
    /// agenda until the meeting closes, the minutes from its opening until
    /// they are approved, the attendance and the meeting's details (title,
    /// time, length, place: the approval covers them) until they are approved.
    pub const fn allows(self, part: MinutesPart) -> bool {
        use MeetingState as S;
        match part {
            MinutesPart::Agenda => matches!(self, S::Draft | S::Open | S::InProgress),
            MinutesPart::Minutes => matches!(self, S::Open | S::InProgress | S::Closed),
            MinutesPart::Attendance | MinutesPart::Meeting => !matches!(self, S::Approved),
        }
    }

    pub fn rule(self) -> StateRule {
        StateRule {
            moves: self.moves(),
            edits: MinutesPart::ALL
                .iter()
                .copied()
                .filter(|p| self.allows(*p))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::Word;

    #[test]
    fn stored_words_never_change() {
        // Synced changes and existing workspaces hold these spellings.
        assert_eq!(CommitteeKind::WORDS, ["portfolio", "steering", "working"]);
        assert_eq!(Role::WORDS, ["chair", "secretary", "member", "observer"]);
        assert_eq!(
            MeetingState::WORDS,
            ["draft", "open", "in_progress", "closed", "approved"]
        );
        assert_eq!(AgendaKind::WORDS, ["item", "follow_up"]);
        assert_eq!(OutcomeKind::WORDS, ["note", "decision", "action"]);
        assert_eq!(
            DecisionStatus::WORDS,
            ["proposed", "adopted", "rejected", "superseded"]
        );
        assert_eq!(TaskState::WORDS, ["todo", "doing", "blocked", "done"]);
        assert_eq!(Attendance::WORDS, ["invited", "present", "apologies"]);
        assert_eq!(VoteChoice::WORDS, ["for", "against", "abstain"]);
        assert_eq!(VoteResult::WORDS, ["adopted", "rejected", "not_quorate"]);
        assert_eq!(
            serde_json::to_string(&MeetingState::InProgress).unwrap(),
            "\"in_progress\""
        );
        assert_eq!(
            serde_json::to_string(&Move::InProgress).unwrap(),
            "\"in-progress\""
        );
    }

    #[test]
    fn words_parse_exactly_and_refusals_list_them() {
        for w in TaskState::ALL {
            assert_eq!(w.word().parse::<TaskState>(), Ok(*w));
        }
        assert!("Done".parse::<TaskState>().is_err());
        assert!(" done".parse::<TaskState>().is_err());
        assert_eq!("in_progress".parse::<Move>(), Ok(Move::InProgress));
        let err = "later".parse::<Move>().unwrap_err();
        assert_eq!(
            err.expected,
            "open, in-progress, closed, approved, reopened"
        );
    }

    #[test]
    fn the_state_machine() {
        use MeetingState as S;
        let moves = |s: S| s.moves();
        assert_eq!(moves(S::Draft), [Move::Open]);
        assert_eq!(moves(S::Open), [Move::InProgress, Move::Close]);
        assert_eq!(moves(S::InProgress), [Move::Close]);
        assert_eq!(moves(S::Closed), [Move::Approve, Move::Reopen]);
        assert_eq!(moves(S::Approved), [Move::Reopen]);
        assert_eq!(Move::Reopen.to_state(), S::InProgress);
        let edits = |s: S| s.rule().edits;
        use MinutesPart as P;
        assert_eq!(edits(S::Draft), [P::Agenda, P::Attendance, P::Meeting]);
        let all = [P::Agenda, P::Attendance, P::Minutes, P::Meeting];
        assert_eq!(edits(S::Open), all);
        assert_eq!(edits(S::InProgress), all);
        assert_eq!(edits(S::Closed), [P::Attendance, P::Minutes, P::Meeting]);
        assert_eq!(edits(S::Approved), []);
    }
}
