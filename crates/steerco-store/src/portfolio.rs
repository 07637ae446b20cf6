//! Read models: the portfolio (every initiative with its latest status per
//! dimension and the trend against the update before it) and one initiative
//! with its full record.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::types::Type;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use steerco_domain::{Dimension, Phase, Rag, Trend, Word};

use crate::error::{Result, StoreError};
use crate::Store;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FocusArea {
    pub id: String,
    pub number: i64,
    pub track: Option<i64>,
    pub name_da: String,
    pub name_en: Option<String>,
    pub name_en_verified: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DimensionStatus {
    pub rag: Rag,
    pub trend: Trend,
    pub date: String,
    pub reason: Option<String>,
    pub sample: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InitiativeSummary {
    pub id: String,
    pub code: String,
    pub code_verified: bool,
    pub title: Option<String>,
    pub title_verified: bool,
    pub title_en: Option<String>,
    pub title_en_verified: bool,
    pub focus_area: Option<i64>,
    pub phase: Option<Phase>,
    pub lead: Option<String>,
    /// Latest status per dimension; a dimension never reported is absent (grey).
    pub status: BTreeMap<Dimension, DimensionStatus>,
    /// The name to show in Danish and in English (see `display_title`).
    pub display_title_da: String,
    pub display_title_en: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Portfolio {
    pub focus_areas: Vec<FocusArea>,
    pub initiatives: Vec<InitiativeSummary>,
    /// Initiatives the portfolio should hold (33), when known.
    pub planned: Option<i64>,
    /// Initiatives known, and of those with a verified title.
    pub known: usize,
    pub verified_titles: usize,
    /// Some shown status is illustrative sample data.
    pub has_sample: bool,
}

/// How an initiative is named. Danish: the verified Danish title, else a
/// verified English one, else a placeholder. English: the verified English
/// title, else an unverified one marked as a translation, else the Danish
/// title, else a placeholder. A title is never invented.
pub fn display_title(i: &InitiativeSummary, lang: &str) -> String {
    let da = i.title.as_deref().filter(|_| i.title_verified);
    let en = i.title_en.as_deref();
    let en_verified = en.filter(|_| i.title_en_verified);
    if lang == "en" {
        match (en_verified, en, da) {
            (Some(t), _, _) => t.to_string(),
            (None, Some(t), _) => format!("{t} (translation)"),
            (None, None, Some(t)) => t.to_string(),
            _ => format!("Initiative {} (title not verified)", i.code),
        }
    } else {
        match da.or(en_verified) {
            Some(t) => t.to_string(),
            None => format!("Initiativ {} (titel ikke verificeret)", i.code),
        }
    }
}

impl InitiativeSummary {
    pub fn display_title(&self, lang: &str) -> String {
        display_title(self, lang)
    }
}

/// Order codes like "8.1" < "8.10" numerically, part by part.
pub fn code_key(code: &str) -> Vec<(u64, String)> {
    code.split('.')
        .map(|p| (p.parse().unwrap_or(u64::MAX), p.to_string()))
        .collect()
}

/// Each distinct code's place in the order `code_key` gives: sorting by a
/// rank compares numbers, where sorting by `code_key` builds a key per item.
pub(crate) fn code_ranks<'a>(codes: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut distinct: Vec<&str> = codes.collect();
    distinct.sort_unstable();
    distinct.dedup();
    // As `code_key` orders them, the parts borrowed rather than copied.
    let part = |p: &'a str| (p.parse().unwrap_or(u64::MAX), p);
    distinct.sort_by_cached_key(|c| c.split('.').map(part).collect::<Vec<_>>());
    distinct
        .into_iter()
        .enumerate()
        .map(|(rank, code)| (code, rank))
        .collect()
}

/// The statement of `LATEST_STATUS_WALK`, for all initiatives or one.
macro_rules! select_newest_first {
    ($where:literal) => {
        concat!(
            "SELECT initiative_id, dimension, rag, date, reason, sample
             FROM status_update WHERE deleted = 0",
            $where,
            " ORDER BY initiative_id, date DESC, recorded_at DESC, stamp DESC"
        )
    };
}

/// What the walk has found of one dimension of one initiative: the update
/// shown (its trend set once the one before it is known) and that one's rag.
#[derive(Default)]
struct Latest {
    shown: Option<DimensionStatus>,
    previous: Option<Rag>,
}

/// The walk of `latest_statuses`: every live update, an initiative's
/// together, newest first (date, when recorded, stamp), along the covering
/// index of migration 19. Ordered by time alone, not by the dimension as
/// stored: one stored as an alias of its word (which the schema accepts) is
/// the same dimension. Whole texts, so no statement is formatted on every
/// call; public so a test can check that their plans never read the table.
pub const LATEST_STATUS_WALK: [&str; 2] = [
    select_newest_first!(""),
    select_newest_first!(" AND initiative_id = ?1"),
];

/// The dimensions found of one initiative, each with its trend, leaving
/// `found` empty for the next (inserted in order: collecting sorts first).
fn shown(found: &mut [Latest; Dimension::ALL.len()]) -> BTreeMap<Dimension, DimensionStatus> {
    let mut shown = BTreeMap::new();
    for (d, latest) in Dimension::ALL.iter().zip(found.iter_mut()) {
        let Latest { shown: s, previous } = std::mem::take(latest);
        if let Some(s) = s {
            let trend = Trend::between(previous, s.rag);
            shown.insert(*d, DimensionStatus { trend, ..s });
        }
    }
    shown
}

/// Each area number's place in the order of `areas`.
fn places(areas: &[FocusArea]) -> HashMap<i64, usize> {
    areas
        .iter()
        .enumerate()
        .map(|(k, f)| (f.number, k))
        .collect()
}

/// A stored word of a vocabulary: compared with the words as stored first,
/// parsed (aliases too) only when none is it; None for a word from a newer
/// version.
fn word<W: Word>(stored: &[u8]) -> Option<W> {
    match W::WORDS.iter().position(|w| w.as_bytes() == stored) {
        Some(k) => Some(W::ALL[k]),
        None => std::str::from_utf8(stored).ok()?.parse().ok(),
    }
}

impl Store {
    /// Every live focus area in the committee's order: those it placed by
    /// hand by their order key, then the rest by number (see migration 11).
    pub fn focus_areas(&self) -> Result<Vec<FocusArea>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, number, track, name_da, name_en, name_en_verified
             FROM focus_area WHERE deleted = 0
             ORDER BY position IS NULL, position, number, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FocusArea {
                id: r.get(0)?,
                number: r.get(1)?,
                track: r.get(2)?,
                name_da: r.get(3)?,
                name_en: r.get(4)?,
                name_en_verified: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each focus area number's place in the order, for sorting what is
    /// grouped by focus area; no focus area sorts after every area.
    pub fn focus_area_places(&self) -> Result<HashMap<i64, usize>> {
        Ok(places(&self.focus_areas()?))
    }

    fn summaries(&self, only: Option<&str>) -> Result<Vec<InitiativeSummary>> {
        self.summaries_as_of(only, None, &self.focus_areas()?)
    }

    /// `areas`: the live focus areas (`focus_areas`), few: looked up here
    /// rather than joined on every initiative. A deleted area (removed on
    /// another replica while an initiative was moved into it) is no area: the
    /// initiative shows without one.
    fn summaries_as_of(
        &self,
        only: Option<&str>,
        as_of: Option<NaiveDate>,
        areas: &[FocusArea],
    ) -> Result<Vec<InitiativeSummary>> {
        let as_of = as_of.map(|d| d.to_string());
        let number: HashMap<&str, i64> = areas.iter().map(|f| (f.id.as_str(), f.number)).collect();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, code, code_verified, title, title_verified, title_en,
                    title_en_verified, focus_area_id, phase, lead
             FROM initiative WHERE deleted = 0 AND (?1 IS NULL OR id = ?1)",
        )?;
        let rows = stmt.query_map(params![only], |r| {
            let id: String = r.get(0)?;
            let text = |k: usize| {
                r.get_ref(k)?.as_str_or_null().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(k, Type::Text, Box::new(e))
                })
            };
            let area = text(7)?;
            Ok(InitiativeSummary {
                status: BTreeMap::new(),
                display_title_da: String::new(),
                display_title_en: String::new(),
                id,
                code: r.get(1)?,
                code_verified: r.get(2)?,
                title: r.get(3)?,
                title_verified: r.get(4)?,
                title_en: r.get(5)?,
                title_en_verified: r.get(6)?,
                focus_area: area.and_then(|a| number.get(a).copied()),
                phase: text(8)?.and_then(|p| word(p.as_bytes())),
                lead: r.get(9)?,
            })
        })?;
        let mut list: Vec<InitiativeSummary> = rows.collect::<rusqlite::Result<_>>()?;
        let statuses = self.latest_statuses(&list, only, as_of.as_deref())?;
        for (s, status) in list.iter_mut().zip(statuses) {
            s.status = status;
            s.display_title_da = display_title(s, "da");
            s.display_title_en = display_title(s, "en");
        }
        let places = places(areas);
        let place = |n: Option<i64>| {
            n.and_then(|n| places.get(&n).copied())
                .unwrap_or(usize::MAX)
        };
        // By focus area, code (as `code_key` orders it, the parts borrowed),
        // id: the sort moves keys and positions, never whole summaries.
        let mut keyed: Vec<_> = list
            .iter()
            .enumerate()
            .map(|(k, i)| {
                let code = i
                    .code
                    .split('.')
                    .map(|p| (p.parse().unwrap_or(u64::MAX), p));
                (
                    place(i.focus_area),
                    code.collect::<Vec<_>>(),
                    i.id.as_str(),
                    k,
                )
            })
            .collect();
        keyed.sort_unstable();
        let order: Vec<usize> = keyed.into_iter().map(|(.., k)| k).collect();
        let mut list: Vec<Option<InitiativeSummary>> = list.into_iter().map(Some).collect();
        Ok(order.into_iter().filter_map(|k| list[k].take()).collect())
    }

    /// Latest status per dimension of each of `initiatives` (in its order)
    /// and its trend against the update before: one walk, newest first, in
    /// which a dimension's first update is the one shown and its second
    /// gives the trend; later ones are passed once their initiative and
    /// dimension are read.
    fn latest_statuses(
        &self,
        initiatives: &[InitiativeSummary],
        only: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<Vec<BTreeMap<Dimension, DimensionStatus>>> {
        let [all, one] = LATEST_STATUS_WALK;
        let mut stmt = self
            .conn()
            .prepare_cached(if only.is_some() { one } else { all })?;
        let place: HashMap<&str, usize> = initiatives
            .iter()
            .enumerate()
            .map(|(k, i)| (i.id.as_str(), k))
            .collect();
        let mut out = vec![BTreeMap::new(); initiatives.len()];
        let mut rows = match only {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        // The initiative being walked: its id as stored, its place (None: a
        // deleted initiative's updates) and what was found of it so far.
        let mut id: Vec<u8> = Vec::new();
        let mut at: Option<usize> = None;
        let mut found: [Latest; Dimension::ALL.len()] = Default::default();
        let as_of = as_of.map(str::as_bytes);
        while let Some(r) = rows.next()? {
            let bytes = |k: usize| -> rusqlite::Result<&[u8]> {
                r.get_ref(k)?.as_bytes().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(k, Type::Text, Box::new(e))
                })
            };
            let initiative = bytes(0)?;
            if initiative != id.as_slice() {
                if let Some(k) = at {
                    out[k] = shown(&mut found);
                }
                id.clear();
                id.extend_from_slice(initiative);
                at = std::str::from_utf8(initiative)
                    .ok()
                    .and_then(|i| place.get(i).copied());
            }
            if at.is_none() {
                continue;
            }
            // A vocabulary from a newer version: not shown, kept.
            let Some(slot) = word::<Dimension>(bytes(1)?)
                .and_then(|d| Dimension::ALL.iter().position(|a| *a == d))
            else {
                continue;
            };
            let latest = &mut found[slot];
            if latest.previous.is_some() {
                continue; // both found: an older update changes nothing
            }
            let Some(rag) = word::<Rag>(bytes(2)?) else {
                continue;
            };
            // Looking back: updates dated after the day asked about do not count.
            if let Some(day) = as_of {
                if bytes(3)? > day {
                    continue;
                }
            }
            if latest.shown.is_some() {
                latest.previous = Some(rag);
            } else {
                latest.shown = Some(DimensionStatus {
                    rag,
                    trend: Trend::Unknown,
                    date: r.get(3)?,
                    reason: r.get(4)?,
                    sample: r.get(5)?,
                });
            }
        }
        if let Some(k) = at {
            out[k] = shown(&mut found);
        }
        Ok(out)
    }

    /// Every live initiative with its latest status per dimension as of a day
    /// (updates dated later are left out): for reports on a past year.
    pub fn portfolio_as_of(&self, as_of: NaiveDate) -> Result<Vec<InitiativeSummary>> {
        self.summaries_as_of(None, Some(as_of), &self.focus_areas()?)
    }

    /// Every live initiative with its latest status per dimension.
    pub fn portfolio(&self) -> Result<Portfolio> {
        let focus_areas = self.focus_areas()?;
        let initiatives = self.summaries_as_of(None, None, &focus_areas)?;
        let ws = self.workspace()?;
        Ok(Portfolio {
            focus_areas,
            known: initiatives.len(),
            verified_titles: initiatives
                .iter()
                .filter(|i| i.title_verified && i.title.is_some())
                .count(),
            has_sample: initiatives
                .iter()
                .any(|i| i.status.values().any(|s| s.sample)),
            initiatives,
            planned: ws.planned_initiatives,
        })
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StatusEntry {
    pub id: String,
    pub dimension: String,
    pub rag: String,
    pub reason: Option<String>,
    pub date: String,
    pub author: Option<String>,
    pub recorded_at: String,
    pub sample: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Milestone {
    pub id: String,
    pub title: String,
    pub planned_date: Option<String>,
    pub done_date: Option<String>,
    /// Every planned date it has had, oldest first.
    pub plan_history: Vec<String>,
    pub sample: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BudgetYear {
    pub year: i64,
    pub budget: Option<i64>,
    pub actual: Option<i64>,
    /// actual - budget (positive: over budget), as on the dashboard.
    pub variance: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InitiativeDetail {
    #[serde(flatten)]
    pub summary: InitiativeSummary,
    pub description: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub source: Option<String>,
    pub note: Option<String>,
    /// Newest first.
    pub status_history: Vec<StatusEntry>,
    pub milestones: Vec<Milestone>,
    pub budget: Vec<BudgetYear>,
}

impl Store {
    pub fn initiative(&self, id: &str) -> Result<InitiativeDetail> {
        let summary = self
            .summaries(Some(id))?
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                kind: crate::refusal::Entity::Initiative,
                key: id.to_string(),
            })?;
        let conn = self.conn();
        let (description, start, end, source, note) = conn
            .query_row(
                "SELECT description, start_date, end_date, source, note FROM initiative WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                    ))
                },
            )
            .optional()?
            .unwrap_or_default();
        let parse = |d: Option<String>| d.and_then(|d| crate::dates::parse_date(&d).ok());

        let mut stmt = conn.prepare_cached(
            "SELECT s.id, s.dimension, s.rag, s.reason, s.date, p.name, s.recorded_at, s.sample
             FROM status_update s LEFT JOIN person p ON p.id = s.author_id
             WHERE s.initiative_id = ?1 AND s.deleted = 0
             ORDER BY s.date DESC, s.recorded_at DESC, s.stamp DESC",
        )?;
        let status_history = stmt
            .query_map([id], |r| {
                Ok(StatusEntry {
                    id: r.get(0)?,
                    dimension: r.get(1)?,
                    rag: r.get(2)?,
                    reason: r.get(3)?,
                    date: r.get(4)?,
                    author: r.get(5)?,
                    recorded_at: r.get(6)?,
                    sample: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.title, m.planned_date, m.done_date, m.sample,
                    (SELECT group_concat(planned_date, ',') FROM
                        (SELECT planned_date FROM milestone_plan
                         WHERE milestone_id = m.id AND deleted = 0 ORDER BY recorded_at, stamp))
             FROM milestone m WHERE m.initiative_id = ?1 AND m.deleted = 0
             ORDER BY m.planned_date, m.id",
        )?;
        let milestones = stmt
            .query_map([id], |r| {
                let history: Option<String> = r.get(5)?;
                Ok(Milestone {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    planned_date: r.get(2)?,
                    done_date: r.get(3)?,
                    sample: r.get(4)?,
                    plan_history: history
                        .map(|h| h.split(',').map(str::to_string).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let mut stmt = conn.prepare_cached(
            "SELECT year, budget, actual FROM initiative_year
             WHERE initiative_id = ?1 AND deleted = 0 ORDER BY year",
        )?;
        let budget = stmt
            .query_map([id], |r| {
                let (budget, actual): (Option<i64>, Option<i64>) = (r.get(1)?, r.get(2)?);
                Ok(BudgetYear {
                    year: r.get(0)?,
                    budget,
                    actual,
                    variance: budget.zip(actual).map(|(b, a)| a - b),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        Ok(InitiativeDetail {
            summary,
            description,
            start_date: parse(start),
            end_date: parse(end),
            source,
            note,
            status_history,
            milestones,
            budget,
        })
    }
}
