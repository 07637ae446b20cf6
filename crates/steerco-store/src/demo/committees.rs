//! The demo's committee work, drawn from the strategy's governance: the
//! portfolio steering group (porteføljestyregruppen, which first met in
//! August 2016), the joint steering group the initiative sheet of 1.1 names
//! (for 1.1, 1.2, 1.3, 1.5 and 9.2) and a working group under it. Their
//! members, one approved meeting near the demo's last status date (agenda,
//! minutes, decisions, actions open and done) and one upcoming meeting in
//! draft are illustrative: committees, meetings and people carry `sample`;
//! agenda items and outcomes have no flag of their own, their meeting's
//! covers them.
//!
//! Every row's id is derived from a natural key, so two replicas that create
//! the demo meet in the same rows. The approval is computed by the store's
//! own approval code (the minutes record, its canonical text and v2 hash),
//! so the approved minutes match what the tables hold.

use chrono::{Datelike, Duration, NaiveDate, SecondsFormat, Weekday};
use steerco_domain::{
    AgendaKind, Attendance, CommitteeKind, DecisionStatus, MeetingState, OutcomeKind, Role,
    TaskState,
};

use crate::error::Result;
use crate::ops::attendance::attendance_id;
use crate::ops::initiative::derived_id;
use crate::ops::meeting::FOLLOW_UP_TITLE;
use crate::{order_key, RowChange, Store};

/// The sample people; the first three are the demo's original ones.
pub(super) const PEOPLE: [&str; 6] = [
    "Formand (eksempel)",
    "Sekretær (eksempel)",
    "Projektleder (eksempel)",
    "Medlem fra KL (eksempel)",
    "Medlem fra Danske Regioner (eksempel)",
    "Arkitekt (eksempel)",
];
const CHAIR: &str = PEOPLE[0];
const SECRETARY: &str = PEOPLE[1];
const LEAD: &str = PEOPLE[2];
const KL: &str = PEOPLE[3];
const REGIONS: &str = PEOPLE[4];
const ARCHITECT: &str = PEOPLE[5];

/// A sample address under the reserved `.invalid` domain (RFC 2606), so an
/// invitation exported from the demo shows attendees yet reaches nobody.
pub(super) fn sample_email(name: &str) -> String {
    let local: String = name
        .trim_end_matches(" (eksempel)")
        .to_lowercase()
        .replace('æ', "ae")
        .replace('ø', "oe")
        .replace('å', "aa")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".");
    format!("{local}@eksempel.invalid")
}

pub(super) fn person(name: &str) -> String {
    derived_id(&format!("demo/person/{name}"))
}

fn committee(key: &str) -> String {
    derived_id(&format!("demo/committee/{key}"))
}

fn initiative(code: &str) -> String {
    derived_id(&format!("demo/initiative/{code}"))
}

/// The approved meeting's id (tests and the approval's preview use it).
pub fn past_meeting_id() -> String {
    derived_id("demo/meeting/2017-12-12")
}

/// The upcoming meeting's id: one per workspace, whenever the demo is made.
pub fn upcoming_meeting_id() -> String {
    derived_id("demo/meeting/upcoming")
}

struct Group {
    key: &'static str,
    name: &'static str,
    kind: CommitteeKind,
    parent: Option<&'static str>,
    mandate: &'static str,
    members: &'static [(&'static str, Role)],
    covers: &'static [&'static str],
}

const GROUPS: [Group; 3] = [
    Group {
        key: "portfolio",
        name: "Porteføljestyregruppen (eksempel)",
        kind: CommitteeKind::Portfolio,
        parent: None,
        mandate: "Ejer strategiens retning, fremdrift og kritiske afvigelser; udgiver den årlige \
                  statusredegørelse og den halvårlige leveranceoversigt. Sekretariat: \
                  Digitaliseringsstyrelsen. Medlemmer og møder er illustrative eksempeldata.",
        members: &[
            (CHAIR, Role::Chair),
            (SECRETARY, Role::Secretary),
            (KL, Role::Member),
            (REGIONS, Role::Member),
        ],
        covers: &[],
    },
    Group {
        key: "steering/1.1",
        name: "Styregruppen for brugerrejser (eksempel)",
        kind: CommitteeKind::Steering,
        parent: Some("portfolio"),
        mandate: "Beslutter om initiativ 1.1; ifølge initiativbeskrivelsen en fælles styregruppe \
                  for 1.1, 1.2, 1.3, 1.5 og 9.2. Medlemmer og møder er illustrative eksempeldata.",
        members: &[
            (KL, Role::Chair),
            (SECRETARY, Role::Secretary),
            (LEAD, Role::Member),
            (ARCHITECT, Role::Member),
        ],
        covers: &["1.1", "1.2", "1.3", "1.5", "9.2"],
    },
    Group {
        key: "working/1.1",
        name: "Arbejdsgruppen for brugerrejser (eksempel)",
        kind: CommitteeKind::Working,
        parent: Some("steering/1.1"),
        mandate: "Udfører analysen af de udvalgte brugerrejser for styregruppen (eksempel).",
        members: &[
            (LEAD, Role::Chair),
            (ARCHITECT, Role::Member),
            (REGIONS, Role::Member),
        ],
        covers: &["1.1"],
    },
];

fn committee_rows() -> Vec<RowChange> {
    let mut out = Vec::new();
    for g in &GROUPS {
        let id = committee(g.key);
        out.push(
            RowChange::insert("committee", id.clone())
                .set("name", g.name)
                .set("kind", g.kind)
                .set("parent_id", g.parent.map(committee))
                .set("mandate", g.mandate)
                .set("sample", true),
        );
        for (name, role) in g.members {
            let p = person(name);
            // The id `add_member` derives, so a later role change meets this row.
            out.push(
                RowChange::insert(
                    "committee_member",
                    derived_id(&format!("committee_member/{id}/{p}")),
                )
                .set("committee_id", id.as_str())
                .set("person_id", p)
                .set("role", *role),
            );
        }
        for code in g.covers {
            let i = initiative(code);
            out.push(
                RowChange::insert(
                    "committee_initiative",
                    derived_id(&format!("committee_initiative/{id}/{i}")),
                )
                .set("committee_id", id.as_str())
                .set("initiative_id", i),
            );
        }
    }
    out
}

enum Said {
    Note(&'static str),
    Decision(&'static str),
    /// Text, owner, due date, the task's state now.
    Action(&'static str, &'static str, &'static str, TaskState),
}

struct Item {
    title: &'static str,
    presenter: Option<&'static str>,
    minutes: Option<i64>,
    initiative: Option<&'static str>,
    said: &'static [Said],
}

const PAST_ITEMS: [Item; 4] = [
    Item {
        title: FOLLOW_UP_TITLE,
        presenter: None,
        minutes: None,
        initiative: None,
        said: &[Said::Note(
            "Handlingerne fra septembermødet er udført (eksempel).",
        )],
    },
    Item {
        title: "Status for porteføljen, 2. halvår 2017 (eksempel)",
        presenter: Some(SECRETARY),
        minutes: Some(30),
        initiative: None,
        said: &[
            Said::Note(
                "Sekretariatet gennemgik statusopdateringerne: de fleste initiativer er i gang, \
                 enkelte er forsinket i udbudsfasen (eksempel).",
            ),
            Said::Decision(
                "Statusredegørelsen for 2017 bygger på statusopdateringerne pr. 15. december \
                 2017 (eksempel).",
            ),
            Said::Action(
                "Udsend udkast til statusredegørelse 2017 til porteføljestyregruppen (eksempel)",
                SECRETARY,
                "2018-01-31",
                TaskState::Done,
            ),
        ],
    },
    Item {
        title: "Initiativ 1.1: analysens resultater (eksempel)",
        presenter: Some(LEAD),
        minutes: Some(30),
        initiative: Some("1.1"),
        said: &[
            Said::Decision(
                "Styregruppen for brugerrejser udvælger tre brugerrejser til den videre \
                 indsats (eksempel).",
            ),
            Said::Action(
                "Forelæg de udvalgte brugerrejser for porteføljestyregruppen (eksempel)",
                LEAD,
                "2018-03-15",
                TaskState::Doing,
            ),
        ],
    },
    Item {
        title: "Risici og afvigelser (eksempel)",
        presenter: Some(CHAIR),
        minutes: Some(20),
        initiative: None,
        said: &[
            Said::Note("Leverandørrisici i de kommende udbud blev drøftet (eksempel)."),
            Said::Action(
                "Opdater risikovurderingerne for udbuddene (eksempel)",
                KL,
                "2017-12-14",
                TaskState::Todo,
            ),
            Said::Action(
                "Send referatet til skriftlig godkendelse (eksempel)",
                SECRETARY,
                "2017-12-14",
                TaskState::Done,
            ),
        ],
    },
];

const UPCOMING_ITEMS: [Item; 3] = [
    Item {
        title: FOLLOW_UP_TITLE,
        presenter: None,
        minutes: None,
        initiative: None,
        said: &[],
    },
    Item {
        title: "Status for porteføljen (eksempel)",
        presenter: Some(SECRETARY),
        minutes: Some(30),
        initiative: None,
        said: &[],
    },
    Item {
        title: "Initiativ 1.1: de udvalgte brugerrejser (eksempel)",
        presenter: Some(LEAD),
        minutes: Some(30),
        initiative: Some("1.1"),
        said: &[],
    },
];

/// The agenda and minutes of one meeting; outcomes are recorded a few
/// minutes apart from `from` (the minutes are ordered by that time).
fn agenda_rows(meeting: &str, items: &[Item], board: &str, from: &str) -> Vec<RowChange> {
    let mut out = Vec::new();
    let mut key: Option<String> = None;
    let mut n = 0;
    for (k, item) in items.iter().enumerate() {
        let position = order_key::between(key.as_deref(), None);
        let item_id = derived_id(&format!("demo/agenda/{meeting}/{k}"));
        let kind = if k == 0 {
            AgendaKind::FollowUp
        } else {
            AgendaKind::Item
        };
        out.push(
            RowChange::insert("agenda_item", item_id.clone())
                .set("meeting_id", meeting)
                .set("position", position.as_str())
                .set("title", item.title)
                .set("presenter", item.presenter)
                .set("duration_min", item.minutes)
                .set("initiative_id", item.initiative.map(initiative))
                .set("closed", false)
                .set("kind", kind),
        );
        key = Some(position);
        for said in item.said {
            n += 1;
            let row = RowChange::insert(
                "outcome",
                derived_id(&format!("demo/outcome/{item_id}/{n}")),
            )
            .set("meeting_id", meeting)
            .set("agenda_item_id", item_id.as_str())
            .set("recorded_at", format!("{from}:{:02}.000Z", 5 * n))
            .set("initiative_id", item.initiative.map(initiative));
            out.push(match said {
                Said::Note(text) => row.set("kind", OutcomeKind::Note).set("text", *text),
                Said::Decision(text) => row
                    .set("kind", OutcomeKind::Decision)
                    .set("text", *text)
                    .set("decision_status", DecisionStatus::Adopted),
                Said::Action(text, owner, due, state) => row
                    .set("kind", OutcomeKind::Action)
                    .set("text", *text)
                    .set("decided_owner_id", person(owner))
                    .set("decided_due_date", *due)
                    .set("owner_id", person(owner))
                    .set("due_date", *due)
                    .set("task_state", *state)
                    .set("board_committee_id", board),
            });
        }
    }
    out
}

/// The first weekday at least three days after `today`.
pub fn upcoming_day(today: NaiveDate) -> NaiveDate {
    let mut day = today + Duration::days(3);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day += Duration::days(1);
    }
    day
}

impl Store {
    /// The committees, their members and the two meetings. `approval`: the
    /// approved meeting's minutes as canonical text (None for the preview
    /// the approval is computed from).
    fn committee_work(&self, approval: Option<&str>) -> Result<Vec<RowChange>> {
        let mut out = committee_rows();
        let board = committee("portfolio");
        let present = [
            (CHAIR, Attendance::Present),
            (SECRETARY, Attendance::Present),
            (KL, Attendance::Present),
            (REGIONS, Attendance::Apologies),
        ];

        let past = past_meeting_id();
        let mut meeting = RowChange::insert("meeting", past.clone())
            .set("committee_id", board.as_str())
            .set(
                "title",
                "Porteføljestyregruppens møde, december 2017 (eksempel)",
            )
            // 10:00 in Copenhagen (CET).
            .set("starts_at", "2017-12-12T09:00:00Z")
            .set("duration_min", 120_i64)
            .set("location", "Digitaliseringsstyrelsen (eksempel)")
            .set("sample", true)
            .set("cancelled", false);
        meeting = match approval {
            Some(text) => meeting
                .set("state", MeetingState::Approved)
                .set("approved_by", person(CHAIR))
                .set("approved_at", "2017-12-14T13:00:00.000Z")
                .set("minutes_hash", crate::ops::minutes::hash_of_text(text)),
            None => meeting.set("state", MeetingState::Closed),
        };
        out.push(meeting);
        for (name, status) in present {
            out.push(
                RowChange::insert("attendance", attendance_id(&past, &person(name)))
                    .set("meeting_id", past.as_str())
                    .set("person_id", person(name))
                    .set("status", status),
            );
        }
        out.extend(agenda_rows(&past, &PAST_ITEMS, &board, "2017-12-12T09:10"));
        if let Some(text) = approval {
            let moves = [
                (
                    MeetingState::Draft,
                    "open",
                    SECRETARY,
                    "2017-12-01T09:00:00.000Z",
                ),
                (
                    MeetingState::Open,
                    "in_progress",
                    CHAIR,
                    "2017-12-12T09:00:00.000Z",
                ),
                (
                    MeetingState::InProgress,
                    "closed",
                    SECRETARY,
                    "2017-12-12T11:00:00.000Z",
                ),
                (
                    MeetingState::Closed,
                    "approved",
                    CHAIR,
                    "2017-12-14T13:00:00.000Z",
                ),
            ];
            for (k, (from, to, by, at)) in moves.into_iter().enumerate() {
                let mut event = RowChange::insert(
                    "meeting_event",
                    derived_id(&format!("demo/event/{past}/{k}")),
                )
                .set("meeting_id", past.as_str())
                .set("from_state", from)
                .set("to_state", to)
                .set("author_id", person(by))
                .set("recorded_at", at);
                if to == "approved" {
                    event = event.set("minutes", text);
                }
                out.push(event);
            }
        }

        // The next meeting: a weekday a few days from now, 10:00 local time.
        let upcoming = upcoming_meeting_id();
        let day = upcoming_day(self.today()?);
        let starts = self
            .parse_datetime(&format!("{day}T10:00"))?
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        out.push(
            RowChange::insert("meeting", upcoming.clone())
                .set("committee_id", board.as_str())
                .set("title", "Porteføljestyregruppens næste møde (eksempel)")
                .set("starts_at", starts.as_str())
                .set("duration_min", 120_i64)
                .set("location", "Digitaliseringsstyrelsen (eksempel)")
                .set("state", MeetingState::Draft)
                .set("sample", true)
                .set("cancelled", false),
        );
        for (name, _) in present {
            out.push(
                RowChange::insert("attendance", attendance_id(&upcoming, &person(name)))
                    .set("meeting_id", upcoming.as_str())
                    .set("person_id", person(name))
                    .set("status", Attendance::Invited),
            );
        }
        out.extend(agenda_rows(
            &upcoming,
            &UPCOMING_ITEMS,
            &board,
            &starts[..16],
        ));
        Ok(out)
    }

    /// The committee work with its meeting approved: the minutes record is
    /// computed from the rows (after `before`, the demo's rows they refer
    /// to) applied in a transaction that is rolled back, so the whole demo is
    /// still one write.
    pub(super) fn demo_committee_work(&self, before: &[RowChange]) -> Result<Vec<RowChange>> {
        let preview = self.committee_work(None)?;
        let text = {
            let tx = rusqlite::Transaction::new_unchecked(
                self.conn(),
                rusqlite::TransactionBehavior::Deferred,
            )?;
            let wall = self.now().timestamp_millis();
            let mut hlc = self.hlc;
            for change in before.iter().chain(&preview) {
                hlc = hlc.tick(wall)?;
                crate::write::apply_one(&tx, change, hlc, None)?;
            }
            let text = crate::ops::minutes::record_text(&self.minutes_record(&past_meeting_id())?)?;
            tx.rollback()?;
            text
        };
        self.committee_work(Some(&text))
    }
}
