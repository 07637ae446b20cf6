//! The portfolio: initiatives, statuses, milestones, people.

use steerco_store::dates;
use steerco_store::history::HistoryEntry;
use steerco_store::identity::Person;
use steerco_store::ops::initiative::{InitiativeForm, NewInitiative};
use steerco_store::portfolio::{InitiativeDetail, Portfolio};
use steerco_store::{Result, Store};

use super::{some, some_date};
use crate::requests::*;

pub fn person_list(s: &Store, _: PersonListRequest) -> Result<Vec<Person>> {
    s.people()
}

pub fn initiative_list(s: &Store, _: InitiativeListRequest) -> Result<Portfolio> {
    s.portfolio()
}

pub fn initiative_show(s: &Store, r: InitiativeShowRequest) -> Result<InitiativeDetail> {
    s.initiative(&r.id)
}

pub fn initiative_form(s: &Store, r: InitiativeFormRequest) -> Result<InitiativeForm> {
    s.initiative_form(&r.id)
}

pub fn initiative_set(s: &mut Store, r: InitiativeSetRequest) -> Result<usize> {
    s.save_initiative_form(&r.id, r.form)
}

/// A new initiative as the app's form and `steerco initiative add` give it:
/// empty texts are none, dates `YYYY-MM-DD`; the store checks the code, the
/// title, the focus area and that the end is not before the start.
pub fn initiative_add(s: &mut Store, r: InitiativeAddRequest) -> Result<String> {
    s.add_initiative(NewInitiative {
        code: r.code,
        title: r.title,
        focus_area: r.focus_area,
        lead: some(r.lead),
        phase: r.phase,
        description: some(r.description),
        start: some_date(r.start)?,
        end: some_date(r.end)?,
    })
}

/// A tombstone: the row and its history stay, so the delete can be undone
/// (`initiative_restore`).
pub fn initiative_delete(s: &mut Store, r: InitiativeDeleteRequest) -> Result<()> {
    s.delete_initiative(&r.id)
}

/// The undo of a delete, by the deleted initiative's id or code: a new
/// change, so it works after a restart and syncs to every replica.
pub fn initiative_restore(s: &mut Store, r: InitiativeRestoreRequest) -> Result<String> {
    s.restore_initiative(&r.id)
}

/// One year's budget and actual spend (DKK); an amount left out keeps the
/// stored one.
pub fn initiative_budget(s: &mut Store, r: InitiativeBudgetRequest) -> Result<()> {
    s.set_budget(&r.id, r.year, r.budget, r.actual)
}

pub fn initiative_status(s: &mut Store, r: InitiativeStatusRequest) -> Result<String> {
    s.add_status(&r.id, r.status)
}

pub fn initiative_history(s: &Store, r: InitiativeHistoryRequest) -> Result<Vec<HistoryEntry>> {
    s.initiative_history(&r.id)
}

pub fn milestone_add(s: &mut Store, r: MilestoneAddRequest) -> Result<String> {
    let due = dates::parse_date(&r.due)?;
    s.add_milestone(&r.id, &r.title, due, false)
}

pub fn milestone_done(s: &mut Store, r: MilestoneDoneRequest) -> Result<()> {
    let on = some_date(r.on)?;
    s.complete_milestone(&r.id, on)
}

pub fn milestone_replan(s: &mut Store, r: MilestoneReplanRequest) -> Result<()> {
    let due = dates::parse_date(&r.due)?;
    s.replan_milestone(&r.id, due)
}
