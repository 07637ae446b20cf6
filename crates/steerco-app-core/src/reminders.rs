//! Reminders as the app shows them while it runs: for this installation's
//! person (`Store::me`) only, a task of theirs `days_before` days before it
//! is due and on the day, and a meeting of a committee they sit on the day
//! before. Days are the workspace's time zone's, "today" comes from the
//! `now` given (the store's injected clock), never the system clock.
//!
//! Everything here is local to this computer and never synced: the person's
//! settings and the reminders shown today live in `local_setting`
//! (`LocalKey::ReminderSettings`, `LocalKey::RemindersSent`), so a restart
//! the same day shows none again. The window shell only loops, shows what
//! [`due`] selects and calls [`mark_sent`] (src-tauri/src/reminders.rs).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use steerco_domain::{MeetingState, TaskState};
use steerco_store::ops::meeting::TaskFilter;
use steerco_store::refusal::Refusal;
use steerco_store::{dates, LocalKey, Result, Store};

/// The first reminder of a task comes this many days before it is due,
/// unless the person chose otherwise.
pub const DEFAULT_DAYS_BEFORE: i64 = 3;
/// More days ahead than this is a plan, not a reminder.
pub const MAX_DAYS_BEFORE: i64 = 30;

/// A person's reminder settings on this computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ReminderSettings {
    /// How many days before a task's due date its first reminder comes (1-30).
    pub days_before: i64,
    /// Remind of my tasks.
    pub tasks: bool,
    /// Remind of my committees' meetings, the day before.
    pub meetings: bool,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            days_before: DEFAULT_DAYS_BEFORE,
            tasks: true,
            meetings: true,
        }
    }
}

/// Why a reminder comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// A task of mine is due in `days_before` days.
    TaskSoon,
    /// A task of mine is due today.
    TaskToday,
    /// A meeting of a committee I sit on is tomorrow.
    MeetingTomorrow,
}

impl ReminderKind {
    fn word(self) -> &'static str {
        match self {
            ReminderKind::TaskSoon => "task_soon",
            ReminderKind::TaskToday => "task_today",
            ReminderKind::MeetingTomorrow => "meeting_tomorrow",
        }
    }
}

/// One reminder due now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub kind: ReminderKind,
    /// The task's or the meeting's id.
    pub id: String,
    /// The task's text or the meeting's title.
    pub title: String,
    /// The task's board or the meeting's committee.
    pub committee: String,
    /// The task's due date or the meeting's day (the workspace's zone).
    pub on: NaiveDate,
    /// When a task is due: days from today.
    pub days: i64,
    /// When a meeting starts (`HH:MM`, the workspace's zone), and where.
    pub at: Option<String>,
    pub location: Option<String>,
}

impl Reminder {
    /// What "already shown today" is told by: one reminder per kind and
    /// task or meeting a day.
    fn key(&self) -> String {
        format!("{}:{}", self.kind.word(), self.id)
    }

    /// The notification in the app's language ("da" or "en").
    pub fn notice(&self, lang: &str) -> Notice {
        let en = lang == "en";
        let day = if en {
            self.on.format("%Y-%m-%d").to_string()
        } else {
            self.on.format("%d.%m.%Y").to_string()
        };
        let (title, body) = match (self.kind, en) {
            (ReminderKind::TaskSoon, true) => (
                match self.days {
                    1 => "Task due tomorrow".to_string(),
                    n => format!("Task due in {n} days"),
                },
                format!("{} ({}), due {day}", self.title, self.committee),
            ),
            (ReminderKind::TaskSoon, false) => (
                match self.days {
                    1 => "Opgave forfalder i morgen".to_string(),
                    n => format!("Opgave forfalder om {n} dage"),
                },
                format!("{} ({}), forfalder {day}", self.title, self.committee),
            ),
            (ReminderKind::TaskToday, true) => (
                "Task due today".to_string(),
                format!("{} ({})", self.title, self.committee),
            ),
            (ReminderKind::TaskToday, false) => (
                "Opgave forfalder i dag".to_string(),
                format!("{} ({})", self.title, self.committee),
            ),
            (ReminderKind::MeetingTomorrow, true) => {
                ("Meeting tomorrow".to_string(), meeting_body(self, "at"))
            }
            (ReminderKind::MeetingTomorrow, false) => {
                ("Møde i morgen".to_string(), meeting_body(self, "kl."))
            }
        };
        Notice {
            kind: self.kind,
            id: self.id.clone(),
            title,
            body,
        }
    }
}

/// "<title> (<committee>) at 10:00, <place>".
fn meeting_body(r: &Reminder, at_word: &str) -> String {
    let mut body = format!("{} ({})", r.title, r.committee);
    if let Some(at) = &r.at {
        body.push_str(&format!(" {at_word} {at}"));
    }
    if let Some(place) = &r.location {
        body.push_str(&format!(", {place}"));
    }
    body
}

/// A reminder as the desktop shows it (and a test sink records it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub kind: ReminderKind,
    pub id: String,
    pub title: String,
    pub body: String,
}

/// What was shown on `day` (local), by [`Reminder::key`].
#[derive(Debug, Default, Serialize, Deserialize)]
struct Sent {
    day: String,
    keys: Vec<String>,
}

/// The settings of the person this installation is in the open workspace;
/// the defaults before they chose (or before anyone is chosen). A damaged
/// value gives the defaults too: a local setting never keeps the app from
/// working.
pub fn settings(store: &Store) -> Result<ReminderSettings> {
    let Some(person) = store.me() else {
        return Ok(ReminderSettings::default());
    };
    Ok(store
        .local_setting(LocalKey::ReminderSettings { person })?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

/// Keep `settings` for the person this installation is (refused before one
/// is chosen, and for days outside 1-30).
pub fn set_settings(store: &Store, settings: ReminderSettings) -> Result<ReminderSettings> {
    if !(1..=MAX_DAYS_BEFORE).contains(&settings.days_before) {
        return Err(Refusal::ReminderDaysOutOfRange.into());
    }
    let person = store.me().ok_or(Refusal::ChooseIdentity)?;
    store.set_reminder_setting(
        LocalKey::ReminderSettings { person },
        &serde_json::to_string(&settings)?,
    )?;
    Ok(settings)
}

/// The reminders due at `now` and not yet shown today, tasks first (by due
/// date), then meetings (by start). Never another person's task, never a
/// done one; never a cancelled meeting or one already under way.
pub fn due(
    store: &Store,
    settings: &ReminderSettings,
    now: DateTime<Utc>,
) -> Result<Vec<Reminder>> {
    let Some(me) = store.me() else {
        return Ok(Vec::new());
    };
    let tz = store.time_zone()?;
    let today = dates::today_in(tz, now);
    let mut out = Vec::new();
    if settings.tasks {
        out.extend(task_reminders(store, me, today, settings.days_before)?);
    }
    if settings.meetings {
        out.extend(meeting_reminders(store, me, today)?);
    }
    let sent = sent_on(store, me, today)?;
    out.retain(|r| !sent.contains(&r.key()));
    Ok(out)
}

fn task_reminders(store: &Store, me: &str, today: NaiveDate, before: i64) -> Result<Vec<Reminder>> {
    let filter = TaskFilter {
        mine: true,
        ..TaskFilter::default()
    };
    let mut out = Vec::new();
    for task in store.tasks(&filter)? {
        // `mine` compares owners; checked again so an unowned task can never
        // count as mine.
        if task.owner_id.as_deref() != Some(me) || task.state == TaskState::Done.as_str() {
            continue;
        }
        let Some(on) = task
            .due_date
            .as_deref()
            .and_then(|d| dates::parse_date(d).ok())
        else {
            continue;
        };
        let days = (on - today).num_days();
        let kind = match days {
            0 => ReminderKind::TaskToday,
            d if d == before => ReminderKind::TaskSoon,
            _ => continue,
        };
        out.push(Reminder {
            kind,
            id: task.id,
            title: task.text,
            committee: task.committee,
            on,
            days,
            at: None,
            location: None,
        });
    }
    Ok(out)
}

fn meeting_reminders(store: &Store, me: &str, today: NaiveDate) -> Result<Vec<Reminder>> {
    let tz = store.time_zone()?;
    let Some(tomorrow) = today.succ_opt() else {
        return Ok(Vec::new());
    };
    let tomorrow_text = tomorrow.to_string();
    let mine: Vec<String> = store
        .committees()?
        .into_iter()
        .filter(|c| c.members.iter().any(|m| m.person_id == me))
        .map(|c| c.id)
        .collect();
    let mut out = Vec::new();
    // Newest first in the list; reminders go by start.
    let mut meetings = store.meetings()?;
    meetings.reverse();
    for m in meetings {
        let coming = [MeetingState::Draft, MeetingState::Open]
            .iter()
            .any(|s| s.as_str() == m.state);
        if m.cancelled || !coming || dates::local_day_of(tz, &m.starts_at) != tomorrow_text {
            continue;
        }
        // The list names committees, which may repeat: the meeting says which.
        let view = store.meeting(&m.id)?;
        if !mine.contains(&view.committee_id) {
            continue;
        }
        let at = DateTime::parse_from_rfc3339(&m.starts_at)
            .ok()
            .map(|t| t.with_timezone(&tz).format("%H:%M").to_string());
        out.push(Reminder {
            kind: ReminderKind::MeetingTomorrow,
            id: m.id,
            title: m.title,
            committee: m.committee,
            on: tomorrow,
            days: 1,
            at,
            location: m.location,
        });
    }
    Ok(out)
}

/// The keys shown on `today`: a record of another day counts for nothing.
fn sent_on(store: &Store, me: &str, today: NaiveDate) -> Result<Vec<String>> {
    let sent: Sent = store
        .local_setting(LocalKey::RemindersSent { person: me })?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    Ok(if sent.day == today.to_string() {
        sent.keys
    } else {
        Vec::new()
    })
}

/// Remember that `shown` were shown today (by `now`), so they do not come
/// again before tomorrow, also after a restart. Earlier days are forgotten.
pub fn mark_sent(store: &Store, shown: &[Reminder], now: DateTime<Utc>) -> Result<()> {
    let Some(me) = store.me() else {
        return Ok(());
    };
    if shown.is_empty() {
        return Ok(());
    }
    let today = dates::today_in(store.time_zone()?, now);
    let mut keys = sent_on(store, me, today)?;
    for r in shown {
        let key = r.key();
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let sent = Sent {
        day: today.to_string(),
        keys,
    };
    store.set_reminder_setting(
        LocalKey::RemindersSent { person: me },
        &serde_json::to_string(&sent)?,
    )
}
