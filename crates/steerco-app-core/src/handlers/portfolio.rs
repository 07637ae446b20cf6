//! The portfolio: initiatives, statuses, milestones, people.

use steerco_store::dates;
use steerco_store::history::HistoryEntry;
use steerco_store::identity::Person;
use steerco_store::ops::initiative::InitiativeForm;
use steerco_store::portfolio::{InitiativeDetail, Portfolio};
use steerco_store::{Result, Store};

use super::some_date;
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
