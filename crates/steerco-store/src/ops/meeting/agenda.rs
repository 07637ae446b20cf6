//! The agenda: items in their order (fractional keys, so a move changes
//! one field), and an agenda copied from the committee's previous meeting.

use rusqlite::OptionalExtension;
use steerco_domain::AgendaKind;

use crate::error::{Result, StoreError};
use crate::order_key;
use crate::refusal::{Entity, MinutesPart, Missing, Refusal};
use crate::{new_id, RowChange, Store};

/// The title of the follow-up item every new agenda starts with.
pub const FOLLOW_UP_TITLE: &str = "Opfølgning på handlinger fra tidligere møder";

impl Store {
    fn agenda_keys(&self, meeting: &str) -> Result<Vec<(String, String)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id, position FROM agenda_item WHERE meeting_id = ?1 AND deleted = 0
                 ORDER BY position, id",
            )?
            .query_map([meeting], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Add an item at the end of the agenda.
    pub fn add_agenda_item(
        &mut self,
        meeting: &str,
        title: &str,
        initiative: Option<&str>,
        presenter: Option<&str>,
        duration_min: Option<i64>,
        closed: bool,
    ) -> Result<String> {
        let (id, change) =
            self.plan_agenda_item(meeting, title, initiative, presenter, duration_min, closed)?;
        self.write(vec![change])?;
        Ok(id)
    }

    /// The insert of a new last agenda item, validated but not written, so a
    /// caller can write it in one batch with changes of its own.
    pub(crate) fn plan_agenda_item(
        &self,
        meeting: &str,
        title: &str,
        initiative: Option<&str>,
        presenter: Option<&str>,
        duration_min: Option<i64>,
        closed: bool,
    ) -> Result<(String, RowChange)> {
        let meeting = self.find_meeting(meeting)?;
        self.check_editable(&meeting, MinutesPart::Agenda)?;
        let title = title.trim();
        if title.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::AgendaItemTitle,
            }
            .into());
        }
        if duration_min.is_some_and(|d| !(0..=24 * 60).contains(&d)) {
            return Err(Refusal::ItemDuration.into());
        }
        let initiative = initiative.map(|i| self.find_initiative(i)).transpose()?;
        let keys = self.agenda_keys(&meeting)?;
        let position = order_key::between(keys.last().map(|(_, k)| k.as_str()), None);
        let id = new_id();
        let change = RowChange::insert("agenda_item", id.clone())
            .set("meeting_id", meeting)
            .set("position", position)
            .set("title", title)
            .set("presenter", presenter.map(str::to_string))
            .set("duration_min", duration_min)
            .set("initiative_id", initiative)
            .set("closed", closed)
            .set("kind", AgendaKind::Item);
        Ok((id, change))
    }

    /// An agenda item by id (prefix) or by its 1-based number on the agenda.
    pub fn find_agenda_item(&self, meeting: &str, key: &str) -> Result<String> {
        let keys = self.agenda_keys(meeting)?;
        if let Ok(n) = key.trim().parse::<usize>() {
            return keys
                .get(n.wrapping_sub(1))
                .map(|(id, _)| id.clone())
                .ok_or_else(|| StoreError::NotFound {
                    kind: Entity::AgendaItem,
                    key: key.to_string(),
                });
        }
        crate::ops::resolve(
            Entity::AgendaItem,
            key,
            keys.iter().map(|(id, _)| (id.as_str(), id.as_str())),
        )
    }

    /// Move an agenda item to 1-based place `to`: only its key changes.
    pub fn move_agenda_item(&mut self, meeting: &str, item: &str, to: usize) -> Result<()> {
        let meeting = self.find_meeting(meeting)?;
        self.check_editable(&meeting, MinutesPart::Agenda)?;
        let id = self.find_agenda_item(&meeting, item)?;
        let others: Vec<(String, String)> = self
            .agenda_keys(&meeting)?
            .into_iter()
            .filter(|(i, _)| *i != id)
            .collect();
        if to == 0 || to > others.len() + 1 {
            return Err(Refusal::NotOnAgenda {
                place: to,
                last: others.len() + 1,
            }
            .into());
        }
        let before = to.checked_sub(2).and_then(|i| others.get(i));
        let after = others.get(to - 1);
        let position = order_key::between(
            before.map(|(_, k)| k.as_str()),
            after.map(|(_, k)| k.as_str()),
        );
        self.write(vec![
            RowChange::update("agenda_item", id).set("position", position)
        ])?;
        Ok(())
    }

    /// Agenda rows copying the committee's latest meeting before `before`
    /// (all its items but the follow-up item), placed after `last_key`.
    pub(super) fn previous_agenda(
        &self,
        meeting: &str,
        committee: &str,
        before: &str,
        last_key: Option<String>,
    ) -> Result<Vec<RowChange>> {
        let previous: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM meeting WHERE committee_id = ?1 AND deleted = 0
                   AND starts_at < ?2 AND id != ?3
                 ORDER BY starts_at DESC LIMIT 1",
                rusqlite::params![committee, before, meeting],
                |r| r.get(0),
            )
            .optional()?;
        let Some(previous) = previous else {
            return Err(Refusal::NoEarlierMeeting.into());
        };
        type Row = (String, Option<String>, Option<i64>, Option<String>, bool);
        let items: Vec<Row> = self
            .conn()
            .prepare_cached(
                "SELECT title, presenter, duration_min, initiative_id, closed FROM agenda_item
                 WHERE meeting_id = ?1 AND deleted = 0 AND kind = 'item' ORDER BY position, id",
            )?
            .query_map([&previous], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut last = last_key;
        Ok(items
            .into_iter()
            .map(|(title, presenter, duration, initiative, closed)| {
                let position = order_key::between(last.as_deref(), None);
                last = Some(position.clone());
                RowChange::insert("agenda_item", new_id())
                    .set("meeting_id", meeting.to_string())
                    .set("position", position)
                    .set("title", title)
                    .set("presenter", presenter)
                    .set("duration_min", duration)
                    .set("initiative_id", initiative)
                    .set("closed", closed)
                    .set("kind", AgendaKind::Item)
            })
            .collect())
    }
}
