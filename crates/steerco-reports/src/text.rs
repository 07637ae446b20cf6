//! Labels in Danish and English, and the wording shared by every minutes format, so the
//! Markdown, PDF and DOCX say the same thing in the same words.

use steerco_store::dates;

use crate::model::{
    AgendaItem, AttendanceStatus, ExportOptions, FollowUpAction, ItemVote, Lang, MeetingHeader,
    Minutes, Outcome, OutcomeKind,
};

/// Every fixed string the exports print.
pub(crate) struct Labels {
    pub minutes: &'static str,
    pub sample_data: &'static str,
    pub workspace: &'static str,
    pub committee: &'static str,
    pub when: &'static str,
    pub duration: &'static str,
    pub location: &'static str,
    pub state: &'static str,
    pub approved_by: &'static str,
    pub minutes_hash: &'static str,
    pub attendance: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub status: &'static str,
    pub agenda: &'static str,
    pub presenter: &'static str,
    pub initiative: &'static str,
    pub closed_item: &'static str,
    pub note: &'static str,
    pub decision: &'static str,
    pub action: &'static str,
    pub owner: &'static str,
    pub due: &'static str,
    pub no_attendance: &'static str,
    pub no_items: &'static str,
    pub page: &'static str,
    pub of: &'static str,
    pub items: &'static str,
    pub cancelled: &'static str,
    pub cancelled_notice: &'static str,
    pub at: &'static str,
    pub follow_up: &'static str,
    pub no_follow_up: &'static str,
    pub action_col: &'static str,
    pub owner_col: &'static str,
    pub due_col: &'static str,
    pub from_meeting: &'static str,
    pub no_participants: &'static str,
    pub interest: &'static str,
    pub vote: &'static str,
    pub votes_for: &'static str,
    pub votes_against: &'static str,
    pub abstained: &'static str,
    pub nobody: &'static str,
    pub casting_vote: &'static str,
}

const DA: Labels = Labels {
    minutes: "Referat",
    sample_data: "Eksempeldata",
    workspace: "Arbejdsområde",
    committee: "Udvalg",
    when: "Tidspunkt",
    duration: "Varighed",
    location: "Sted",
    state: "Status",
    approved_by: "Godkendt af",
    minutes_hash: "Fingeraftryk (SHA-256)",
    attendance: "Deltagere",
    name: "Navn",
    role: "Rolle",
    status: "Fremmøde",
    agenda: "Dagsorden",
    presenter: "Oplæg",
    initiative: "Initiativ",
    closed_item: "(lukket punkt)",
    note: "Note:",
    decision: "Beslutning:",
    action: "Handling:",
    owner: "ansvarlig",
    due: "frist",
    no_attendance: "Ingen deltagere registreret.",
    no_items: "Ingen punkter på dagsordenen.",
    page: "Side",
    of: "af",
    items: "Punkter",
    cancelled: "Aflyst",
    cancelled_notice: "AFLYST: mødet holdes ikke.",
    at: "Kl.",
    follow_up: "Åbne handlinger fra tidligere møder",
    no_follow_up: "Ingen åbne handlinger fra tidligere møder.",
    action_col: "Handling",
    owner_col: "Ansvarlig",
    due_col: "Frist",
    from_meeting: "Fra møde",
    no_participants: "Ingen deltagere.",
    interest: "Inhabilitet:",
    vote: "Afstemning:",
    votes_for: "for",
    votes_against: "imod",
    abstained: "undlod at stemme",
    nobody: "ingen",
    casting_vote: "formandens stemme var afgørende",
};

const EN: Labels = Labels {
    minutes: "Minutes",
    sample_data: "Sample data",
    workspace: "Workspace",
    committee: "Committee",
    when: "Time",
    duration: "Duration",
    location: "Location",
    state: "State",
    approved_by: "Approved by",
    minutes_hash: "Fingerprint (SHA-256)",
    attendance: "Attendance",
    name: "Name",
    role: "Role",
    status: "Attendance",
    agenda: "Agenda",
    presenter: "Presenter",
    initiative: "Initiative",
    closed_item: "(closed item)",
    note: "Note:",
    decision: "Decision:",
    action: "Action:",
    owner: "owner",
    due: "due",
    no_attendance: "No attendance recorded.",
    no_items: "No agenda items.",
    page: "Page",
    of: "of",
    items: "Items",
    cancelled: "Cancelled",
    cancelled_notice: "CANCELLED: this meeting will not be held.",
    at: "At",
    follow_up: "Open actions from earlier meetings",
    no_follow_up: "No open actions from earlier meetings.",
    action_col: "Action",
    owner_col: "Owner",
    due_col: "Due",
    from_meeting: "From meeting",
    no_participants: "No participants.",
    interest: "Declared interest:",
    vote: "Vote:",
    votes_for: "for",
    votes_against: "against",
    abstained: "abstained",
    nobody: "none",
    casting_vote: "the chair's casting vote decided",
};

pub(crate) fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    }
}

/// BCP 47 tag, for the PDF's and DOCX's language metadata (screen readers pick a voice).
pub(crate) fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Da => "da-DK",
        Lang::En => "en-GB",
    }
}

pub(crate) fn attendance_status(status: AttendanceStatus, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::Da, AttendanceStatus::Invited) => "Inviteret",
        (Lang::Da, AttendanceStatus::Present) => "Til stede",
        (Lang::Da, AttendanceStatus::Apologies) => "Afbud",
        (Lang::En, AttendanceStatus::Invited) => "Invited",
        (Lang::En, AttendanceStatus::Present) => "Present",
        (Lang::En, AttendanceStatus::Apologies) => "Apologies",
    }
}

/// Roles and decision statuses in words; an unknown word is shown as recorded.
pub(crate) fn vocabulary(value: &str, lang: Lang) -> String {
    let word = match (lang, value) {
        (Lang::Da, "chair") => "Formand",
        (Lang::Da, "secretary") => "Sekretær",
        (Lang::Da, "member") => "Medlem",
        (Lang::Da, "observer") => "Observatør",
        (Lang::Da, "proposed") => "foreslået",
        (Lang::Da, "adopted") => "vedtaget",
        (Lang::Da, "rejected") => "forkastet",
        (Lang::Da, "superseded") => "afløst",
        (Lang::Da, "not_quorate") => "ikke beslutningsdygtig",
        (Lang::Da, "open") => "åben",
        (Lang::En, "not_quorate") => "not quorate",
        (Lang::En, "chair") => "Chair",
        (Lang::En, "secretary") => "Secretary",
        (Lang::En, "member") => "Member",
        (Lang::En, "observer") => "Observer",
        _ => return value.to_string(),
    };
    word.to_string()
}

/// A task's state in words, as the app's board names them.
pub(crate) fn task_state(state: &str, lang: Lang) -> String {
    let word = match (lang, state) {
        (Lang::Da, "todo") => "At gøre",
        (Lang::Da, "doing") => "I gang",
        (Lang::Da, "blocked") => "Blokeret",
        (Lang::Da, "done") => "Færdig",
        (Lang::En, "todo") => "To do",
        (Lang::En, "doing") => "Doing",
        (Lang::En, "blocked") => "Blocked",
        (Lang::En, "done") => "Done",
        _ => return state.to_string(),
    };
    word.to_string()
}

/// The meeting state in words; an unknown state is shown as recorded rather than hidden.
pub(crate) fn meeting_state(state: &str, lang: Lang) -> String {
    let word = match (lang, state) {
        (Lang::Da, "draft") => "Kladde",
        (Lang::Da, "open") => "Åben",
        (Lang::Da, "in_progress") => "I gang",
        (Lang::Da, "closed") => "Afsluttet",
        (Lang::Da, "approved") => "Godkendt",
        (Lang::Da, "reopened") => "Genåbnet",
        (Lang::En, "draft") => "Draft",
        (Lang::En, "open") => "Open",
        (Lang::En, "in_progress") => "In progress",
        (Lang::En, "closed") => "Closed",
        (Lang::En, "approved") => "Approved",
        (Lang::En, "reopened") => "Reopened",
        _ => return state.to_string(),
    };
    word.to_string()
}

/// The items a given export shows: closed ones go when the export is for the public.
pub(crate) fn visible_items<'m>(
    m: &'m Minutes,
    opts: &ExportOptions,
) -> impl Iterator<Item = &'m AgendaItem> + 'm {
    let omit = opts.omit_closed;
    m.items.iter().filter(move |i| !(omit && i.closed))
}

/// The document title line: "Referat: <title>".
pub(crate) fn document_title(m: &Minutes, lang: Lang) -> String {
    format!("{}: {}", labels(lang).minutes, one_line(&m.meeting.title))
}

/// "<workspace> · <committee>": the running head of a meeting's documents.
pub(crate) fn running_head(h: &MeetingHeader) -> String {
    format!("{} · {}", one_line(&h.workspace), one_line(&h.committee))
}

/// The facts the minutes and the agenda open with: workspace, committee, when,
/// duration and, when set, location.
pub(crate) fn meeting_facts(h: &MeetingHeader, lang: Lang) -> Vec<(&'static str, String)> {
    let l = labels(lang);
    let mut out = vec![
        (l.workspace, one_line(&h.workspace)),
        (l.committee, one_line(&h.committee)),
        (l.when, when(h.starts_at, h.duration_min, &h.time_zone)),
        (l.duration, format!("{} min", h.duration_min)),
    ];
    if let Some(loc) = &h.location {
        out.push((l.location, one_line(loc)));
    }
    out
}

/// The meeting facts as (label, value) pairs, in display order.
pub(crate) fn facts(m: &Minutes, lang: Lang) -> Vec<(&'static str, String)> {
    let l = labels(lang);
    let mut out = meeting_facts(&m.meeting, lang);
    out.push((l.state, meeting_state(&m.state, lang)));
    if let Some(a) = &m.approval {
        out.push((
            l.approved_by,
            format!("{} ({})", one_line(&a.by), local_time(m, &a.at)),
        ));
        out.push((l.minutes_hash, one_line(&a.minutes_hash)));
    }
    out
}

/// "2026-03-04 10:00–11:30 (Europe/Copenhagen, UTC+01:00)": the meeting's local time.
pub(crate) fn when(
    starts_at: chrono::DateTime<chrono::FixedOffset>,
    duration_min: u32,
    time_zone: &str,
) -> String {
    let end = starts_at + chrono::Duration::minutes(i64::from(duration_min));
    format!(
        "{} {}–{} ({}, UTC{})",
        starts_at.format("%Y-%m-%d"),
        starts_at.format("%H:%M"),
        end.format("%H:%M"),
        one_line(time_zone),
        starts_at.format("%:z"),
    )
}

/// A carried-over action on one line: "Opdatér risikolog (ansvarlig X, frist
/// 2026-04-01; fra møde Y, 2026-03-02)", and its state at the meeting when `state`.
pub(crate) fn follow_up_line(f: &FollowUpAction, lang: Lang, state: bool) -> String {
    let l = labels(lang);
    let mut extra = Vec::new();
    if let Some(owner) = &f.owner {
        extra.push(format!("{} {}", l.owner, one_line(owner)));
    }
    if let Some(due) = f.due {
        extra.push(format!("{} {}", l.due, due.format("%Y-%m-%d")));
    }
    let mut s = one_line(&f.title);
    let from = from_meeting(f);
    let from = format!("{} {}", l.from_meeting.to_lowercase(), from);
    let inner = if extra.is_empty() {
        from
    } else {
        format!("{}; {from}", extra.join(", "))
    };
    s.push_str(&format!(" ({inner})"));
    if state {
        s.push_str(&format!(": {}", task_state(&f.state, lang)));
    }
    s
}

/// Where the minutes list the carried-over actions: under the follow-up item, or (when
/// the agenda has none) after the items, under a heading of their own.
pub(crate) fn follow_up_orphaned(m: &Minutes) -> bool {
    !m.follow_up.is_empty() && !m.items.iter().any(|i| i.follow_up)
}

/// The meeting an action came from: "Styregruppemøde, 2026-03-02".
pub(crate) fn from_meeting(f: &FollowUpAction) -> String {
    match f.meeting_date {
        Some(d) => format!("{}, {}", one_line(&f.meeting), d.format("%Y-%m-%d")),
        None => one_line(&f.meeting),
    }
}

/// A recorded instant (RFC 3339, UTC) as the committee reads it: in the
/// workspace's zone with its abbreviation, `2026-11-29 19:54 CET`, by the
/// store's one conversion. A zone this build does not know leaves the text as
/// recorded, which is still exact.
fn local_time(m: &Minutes, at: &str) -> String {
    match dates::parse_time_zone(&m.meeting.time_zone) {
        Ok(tz) => one_line(&dates::local_time_of(tz, at)),
        Err(_) => one_line(at),
    }
}

/// The item's heading: "3. Budget 2026", with "(lukket punkt)" for a closed item.
pub(crate) fn item_heading(item: &AgendaItem, lang: Lang) -> String {
    let mut s = format!("{}. {}", item.position, one_line(&item.title));
    if item.closed {
        s.push(' ');
        s.push_str(labels(lang).closed_item);
    }
    s
}

/// The line under an item's heading: presenter, time, initiative; None when all are empty.
pub(crate) fn item_meta(item: &AgendaItem, lang: Lang) -> Option<String> {
    let l = labels(lang);
    let mut parts = Vec::new();
    if let Some(p) = &item.presenter {
        parts.push(format!("{}: {}", l.presenter, one_line(p)));
    }
    if let Some(d) = item.duration_min {
        parts.push(format!("{d} min"));
    }
    if let Some(i) = &item.initiative {
        parts.push(format!("{}: {}", l.initiative, one_line(i)));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// An outcome as a bold label ("Beslutning:") and its body text. The body of an action
/// carries "(ansvarlig X, frist YYYY-MM-DD)"; a decision's status follows in brackets.
pub(crate) fn outcome_parts(o: &Outcome, lang: Lang) -> (&'static str, String) {
    let l = labels(lang);
    let label = match o.kind {
        OutcomeKind::Note => l.note,
        OutcomeKind::Decision => l.decision,
        OutcomeKind::Action => l.action,
    };
    let mut body = one_line(&o.text);
    let mut extra = Vec::new();
    if let Some(owner) = &o.owner {
        extra.push(format!("{} {}", l.owner, one_line(owner)));
    }
    if let Some(due) = o.due {
        extra.push(format!("{} {}", l.due, due.format("%Y-%m-%d")));
    }
    if let Some(st) = &o.decision_status {
        extra.push(one_line(&vocabulary(st, lang)));
    }
    if !extra.is_empty() {
        body.push_str(&format!(" ({})", extra.join(", ")));
    }
    (label, body)
}

/// What the minutes list under an item, as (bold label, body) lines: the declarations
/// of interest ("Inhabilitet: Carl (ejer aktier i leverandøren)"), the votes, named,
/// then the outcomes.
pub(crate) fn item_lines(item: &AgendaItem, lang: Lang) -> Vec<(&'static str, String)> {
    let l = labels(lang);
    let mut out = Vec::new();
    for i in &item.interests {
        let mut body = one_line(&i.name);
        if let Some(note) = i.note.as_deref().filter(|n| !n.trim().is_empty()) {
            body.push_str(&format!(" ({})", one_line(note)));
        }
        out.push((l.interest, body));
    }
    out.extend(item.votes.iter().map(|v| (l.vote, vote_body(v, lang))));
    out.extend(item.outcomes.iter().map(|o| outcome_parts(o, lang)));
    out
}

/// "Budgettet godkendes: vedtaget (for: Anne, Bo; imod: ingen; undlod at stemme: Carl)".
fn vote_body(v: &ItemVote, lang: Lang) -> String {
    let l = labels(lang);
    let names = |who: &[String]| {
        if who.is_empty() {
            l.nobody.to_string()
        } else {
            who.iter()
                .map(|n| one_line(n))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut body = format!(
        "{}: {} ({}: {}; {}: {}; {}: {})",
        one_line(&v.proposal),
        one_line(&vocabulary(&v.result, lang)),
        l.votes_for,
        names(&v.votes_for),
        l.votes_against,
        names(&v.against),
        l.abstained,
        names(&v.abstain),
    );
    if v.casting_vote {
        body.push_str(&format!("; {}", l.casting_vote));
    }
    body
}

/// A single-line value: line breaks in a title or name would break a heading or a
/// table row in every format, so they become spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_breaks() {
        assert_eq!(one_line(" a\r\nb\t c "), "a b c");
    }

    /// Minutes approved at `at` (UTC) in a workspace in `zone`.
    fn approved(zone: &str, at: &str) -> Minutes {
        Minutes {
            meeting: crate::model::MeetingHeader {
                workspace: "W".into(),
                sample_data: false,
                committee: "C".into(),
                title: "T".into(),
                starts_at: chrono::DateTime::parse_from_rfc3339("2026-11-29T17:00:00+01:00")
                    .unwrap(),
                time_zone: zone.into(),
                duration_min: 60,
                location: None,
            },
            state: "approved".into(),
            approval: Some(crate::model::Approval {
                by: "Åse".into(),
                at: at.into(),
                minutes_hash: "ab".into(),
            }),
            attendance: Vec::new(),
            items: Vec::new(),
            follow_up: Vec::new(),
        }
    }

    fn approval_fact(m: &Minutes, lang: Lang) -> String {
        let label = labels(lang).approved_by;
        facts(m, lang)
            .into_iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| v)
            .expect("an approval line")
    }

    #[test]
    fn the_approval_time_is_local_in_every_language() {
        // 18:54 UTC is 19:54 in Copenhagen in winter (CET), 20:54 in summer (CEST).
        let winter = approved("Europe/Copenhagen", "2026-11-29T18:54:58.316Z");
        for lang in [Lang::Da, Lang::En] {
            assert_eq!(approval_fact(&winter, lang), "Åse (2026-11-29 19:54 CET)");
        }
        let summer = approved("Europe/Copenhagen", "2026-06-15T18:54:58.316Z");
        assert_eq!(
            approval_fact(&summer, Lang::Da),
            "Åse (2026-06-15 20:54 CEST)"
        );
        // The workspace's zone decides, not Copenhagen.
        let tokyo = approved("Asia/Tokyo", "2026-11-29T18:54:58.316Z");
        assert_eq!(
            approval_fact(&tokyo, Lang::En),
            "Åse (2026-11-30 03:54 JST)"
        );
        // An unknown zone keeps the exact recorded text rather than guessing.
        let odd = approved("Mars/Olympus", "2026-11-29T18:54:58.316Z");
        assert_eq!(
            approval_fact(&odd, Lang::En),
            "Åse (2026-11-29T18:54:58.316Z)"
        );
    }

    #[test]
    fn unknown_state_is_shown_as_recorded() {
        assert_eq!(meeting_state("weird", Lang::Da), "weird");
        assert_eq!(meeting_state("approved", Lang::Da), "Godkendt");
    }
}
