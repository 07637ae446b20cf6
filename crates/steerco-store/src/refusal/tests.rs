//! The refusals' codes and English texts, checked against one of each.

use super::*;

/// One of each refusal: the match makes a new variant fail to compile
/// here until it is added below.
fn one_of_each() -> Vec<Refusal> {
    let s = || "x".to_string();
    let all = vec![
        Refusal::Missing {
            what: Missing::TopicTitle,
        },
        Refusal::not_one_of("x", Vocabulary::Role, &["chair"]),
        Refusal::NotADate { value: s() },
        Refusal::NotADateTime { value: s() },
        Refusal::NoSuchLocalTime {
            value: s(),
            zone: s(),
        },
        Refusal::NotATimeZone { value: s() },
        Refusal::NotAYear { value: s() },
        Refusal::ImplausibleYear { year: 1 },
        Refusal::NotAHalfYear { value: s() },
        Refusal::NotAPeriod { value: s() },
        Refusal::EndBeforeStart {
            start: s(),
            end: s(),
        },
        Refusal::MilestoneDoneInFuture {
            date: s(),
            today: s(),
        },
        Refusal::StatusInFuture {
            date: s(),
            today: s(),
        },
        Refusal::NotAnInitiativeCode { value: s() },
        Refusal::NotAFocusArea { value: s() },
        Refusal::FocusAreaNumberTaken { number: 1 },
        Refusal::FocusAreaNotEmpty {
            number: 1,
            initiatives: 2,
        },
        Refusal::FocusAreaPlace { place: 9, last: 2 },
        Refusal::NothingToChange,
        Refusal::NoAmount,
        Refusal::NegativeAmount,
        Refusal::CommitteeExists { name: s() },
        Refusal::CommitteeCycle,
        Refusal::NoSuchPerson { name: s() },
        Refusal::TopicOnAgenda,
        Refusal::TaskNeedsBoard,
        Refusal::TaskBoardUnclear {
            initiative: s(),
            committees: 2,
        },
        Refusal::NotOwnTask,
        Refusal::MeetingDuration,
        Refusal::ItemDuration,
        Refusal::StateMove {
            from: s(),
            to: s(),
            allowed: vec![s()],
        },
        Refusal::MinutesApproved {
            what: MinutesPart::Agenda,
        },
        Refusal::NotInThisState {
            what: MinutesPart::Minutes,
            state: s(),
        },
        Refusal::NotOnAgenda { place: 9, last: 2 },
        Refusal::NoEarlierMeeting,
        Refusal::CommitteeHasMeetings {
            name: s(),
            meetings: 2,
        },
        Refusal::MeetingCancelled,
        Refusal::NotCancellable { state: s() },
        Refusal::NotDeleted {
            what: crate::ops::restore::Restorable::AgendaItem,
        },
        Refusal::NotAnEmail { value: s() },
        Refusal::OnlyActionsHaveOwners,
        Refusal::NotABanding { value: s() },
        Refusal::BandsOutOfRange,
        Refusal::ScoreOutOfRange {
            what: Assessed::Residual,
            likelihood: 0,
            impact: 6,
        },
        Refusal::GreyAfterOutOfRange,
        Refusal::ReminderDaysOutOfRange,
        Refusal::MinutesChangedAfterApproval,
        Refusal::DeleteConflict,
        Refusal::ApprovedMinutesNotHere,
        Refusal::ApprovedMinutesGone,
        Refusal::NotAMinutesConflict,
        Refusal::ChooseIdentity,
        Refusal::AnswerIdentityQuestion {
            recorded: s(),
            installation: s(),
        },
        Refusal::bad_change("x"),
        Refusal::RowClash {
            table: s(),
            row: s(),
        },
        Refusal::DemoUnreadable { detail: s() },
        Refusal::FileTooLarge {
            name: s(),
            size: 2,
            limit: 1,
        },
        Refusal::AttachmentLimitOutOfRange,
        Refusal::AttachmentNotHere { file_name: s() },
        Refusal::AttachmentDamaged { file_name: s() },
        Refusal::NoSuchVersion {
            version: 3,
            latest: 2,
        },
        Refusal::QuorumOutOfRange,
        Refusal::CommitteeHasResolutions {
            name: s(),
            resolutions: 1,
        },
        Refusal::NotAMember {
            name: s(),
            committee: s(),
        },
        Refusal::ObserverCannotVote { name: s() },
        Refusal::NotPresent { name: s() },
        Refusal::DeclaredInterest { name: s() },
        Refusal::VoteClosed { result: s() },
        Refusal::ResolutionClosed { closes_at: s() },
        Refusal::ResolutionOpen { closes_at: s() },
        Refusal::ResultProvisional {
            waiting: vec![s()],
            final_by: s(),
        },
        Refusal::ClosesInPast { closes_at: s() },
    ];
    for r in &all {
        match r {
            Refusal::Missing { .. }
            | Refusal::NotOneOf { .. }
            | Refusal::NotADate { .. }
            | Refusal::NotADateTime { .. }
            | Refusal::NoSuchLocalTime { .. }
            | Refusal::NotATimeZone { .. }
            | Refusal::NotAYear { .. }
            | Refusal::ImplausibleYear { .. }
            | Refusal::NotAHalfYear { .. }
            | Refusal::NotAPeriod { .. }
            | Refusal::EndBeforeStart { .. }
            | Refusal::MilestoneDoneInFuture { .. }
            | Refusal::StatusInFuture { .. }
            | Refusal::NotAnInitiativeCode { .. }
            | Refusal::NotAFocusArea { .. }
            | Refusal::FocusAreaNumberTaken { .. }
            | Refusal::FocusAreaNotEmpty { .. }
            | Refusal::FocusAreaPlace { .. }
            | Refusal::NothingToChange
            | Refusal::NoAmount
            | Refusal::NegativeAmount
            | Refusal::CommitteeExists { .. }
            | Refusal::CommitteeCycle
            | Refusal::NoSuchPerson { .. }
            | Refusal::TopicOnAgenda
            | Refusal::TaskNeedsBoard
            | Refusal::TaskBoardUnclear { .. }
            | Refusal::NotOwnTask
            | Refusal::MeetingDuration
            | Refusal::ItemDuration
            | Refusal::StateMove { .. }
            | Refusal::MinutesApproved { .. }
            | Refusal::NotInThisState { .. }
            | Refusal::NotOnAgenda { .. }
            | Refusal::NoEarlierMeeting
            | Refusal::CommitteeHasMeetings { .. }
            | Refusal::MeetingCancelled
            | Refusal::NotCancellable { .. }
            | Refusal::NotDeleted { .. }
            | Refusal::NotAnEmail { .. }
            | Refusal::OnlyActionsHaveOwners
            | Refusal::NotABanding { .. }
            | Refusal::BandsOutOfRange
            | Refusal::ScoreOutOfRange { .. }
            | Refusal::GreyAfterOutOfRange
            | Refusal::ReminderDaysOutOfRange
            | Refusal::MinutesChangedAfterApproval
            | Refusal::DeleteConflict
            | Refusal::ApprovedMinutesNotHere
            | Refusal::ApprovedMinutesGone
            | Refusal::NotAMinutesConflict
            | Refusal::ChooseIdentity
            | Refusal::AnswerIdentityQuestion { .. }
            | Refusal::BadChange { .. }
            | Refusal::RowClash { .. }
            | Refusal::DemoUnreadable { .. }
            | Refusal::FileTooLarge { .. }
            | Refusal::AttachmentLimitOutOfRange
            | Refusal::AttachmentNotHere { .. }
            | Refusal::AttachmentDamaged { .. }
            | Refusal::NoSuchVersion { .. }
            | Refusal::QuorumOutOfRange
            | Refusal::CommitteeHasResolutions { .. }
            | Refusal::NotAMember { .. }
            | Refusal::ObserverCannotVote { .. }
            | Refusal::NotPresent { .. }
            | Refusal::DeclaredInterest { .. }
            | Refusal::VoteClosed { .. }
            | Refusal::ResolutionClosed { .. }
            | Refusal::ResolutionOpen { .. }
            | Refusal::ResultProvisional { .. }
            | Refusal::ClosesInPast { .. } => {}
        }
    }
    all
}

#[test]
fn code_is_the_serde_tag() {
    let all = one_of_each();
    let mut codes: Vec<&str> = all.iter().map(Refusal::code).collect();
    for r in &all {
        let json = serde_json::to_value(r).unwrap();
        assert_eq!(json["code"], r.code(), "{r:?}");
    }
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len(), "every refusal has its own code");
}

#[test]
fn a_word_is_taken_as_stored_or_refused_with_the_words_there_are() {
    use steerco_domain::{Move, TaskState};
    assert_eq!(word::<TaskState>("done"), Ok(TaskState::Done));
    assert_eq!(
        word::<TaskState>("Done"),
        Err(Refusal::not_one_of(
            "Done",
            Vocabulary::TaskState,
            &["todo", "doing", "blocked", "done"]
        ))
    );
    assert_eq!(
        word::<Move>("later").unwrap_err().to_string(),
        "\"later\" is not a meeting state; use one of: open, in-progress, closed, approved, reopened"
    );
}

#[test]
fn the_english_text_is_the_clis() {
    assert_eq!(
        Refusal::not_one_of("x", Vocabulary::Attendance, &["invited", "present"]).to_string(),
        "\"x\" is not an attendance; use one of: invited, present"
    );
    assert_eq!(
        Refusal::StateMove {
            from: "draft".into(),
            to: "approved".into(),
            allowed: vec!["closed".into()],
        }
        .to_string(),
        "a meeting in draft cannot move to approved (from closed)"
    );
    assert_eq!(
        Refusal::Missing {
            what: Missing::ActionOwner
        }
        .to_string(),
        "an action needs an owner"
    );
}
