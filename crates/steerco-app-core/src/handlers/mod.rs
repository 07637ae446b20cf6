//! What each `read`, `write` and `session` command does, one function per
//! command under its name in the list (commands.rs), a few lines around one
//! store or session call. The checks of requests live here once; the app
//! and the CLI both build the request types and call these.

mod corrections;
mod edits;
mod focus_area;
mod overview;
mod papers;
mod portfolio;
mod published;
mod reminders;
mod session;
mod task;
mod vote;
mod work;

pub use corrections::*;
pub use edits::*;
pub use focus_area::*;
pub use overview::*;
pub use papers::*;
pub use portfolio::*;
pub use published::*;
pub use reminders::*;
pub use session::*;
pub use task::*;
pub use vote::*;
pub use work::*;

use chrono::NaiveDate;
use steerco_store::{dates, Result};

/// An optional text from a form: empty means none.
pub(crate) fn some(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// An optional date from a form (`YYYY-MM-DD`); empty means none.
pub(crate) fn some_date(v: Option<String>) -> Result<Option<NaiveDate>> {
    some(v).map(|d| dates::parse_date(&d)).transpose()
}
