//! The reminder settings of the person this installation is in the open
//! workspace (local to this computer, never synced; see `crate::reminders`).

use steerco_store::Result;

use crate::reminders::{self, ReminderSettings};
use crate::requests::*;
use crate::session::Session;

pub fn reminders_get(s: &mut Session, _: RemindersGetRequest) -> Result<ReminderSettings> {
    reminders::settings(s.store()?)
}

pub fn reminders_set(s: &mut Session, r: RemindersSetRequest) -> Result<ReminderSettings> {
    let settings = ReminderSettings {
        days_before: r.days_before,
        tasks: r.tasks,
        meetings: r.meetings,
    };
    reminders::set_settings(s.store()?, settings)
}
