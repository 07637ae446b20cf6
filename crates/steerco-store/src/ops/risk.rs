//! The risk register: a risk per initiative with its inherent and residual
//! likelihood and impact (1-5). Every assessment is kept (append-only
//! `risk_assessment`), so the trend is known; the latest one is in force.
//! Scores are banded low / medium / high by the workspace's bands.

use std::collections::HashMap;

use chrono::{NaiveDate, SecondsFormat};
use rusqlite::types::Type;
use serde::Serialize;
use steerco_domain::risk::{MAX_SCORE, SCORES};
use steerco_domain::{Band, RiskStatus};

use crate::error::{Result, StoreError};
use crate::refusal::{word, Assessed, Entity, Missing, Refusal};
use crate::{new_id, RowChange, Store};

/// Likelihood and impact, 1-5 each.
pub type Score = (i64, i64);

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RiskView {
    pub id: String,
    pub initiative_id: String,
    pub initiative: String,
    pub title: String,
    pub cause: Option<String>,
    pub consequence: Option<String>,
    pub mitigation: Option<String>,
    pub owner: Option<String>,
    pub review_date: Option<String>,
    pub status: String,
    /// The assessment in force: (likelihood, impact).
    pub inherent: (i64, i64),
    pub residual: Option<(i64, i64)>,
    pub assessed_on: String,
    /// low, medium or high: of the residual score, else the inherent one.
    pub band: String,
    /// The assessments before the one in force, newest first.
    pub history: Vec<Assessment>,
    /// Illustrative sample data (the demo).
    pub sample: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Assessment {
    pub inherent: (i64, i64),
    pub residual: Option<(i64, i64)>,
    pub assessed_on: String,
}

/// The bands of a workspace: scores up to `low` are low, up to `medium`
/// medium, above that high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Bands {
    pub low: i64,
    pub medium: i64,
}

impl Default for Bands {
    fn default() -> Self {
        Bands { low: 4, medium: 12 }
    }
}

impl Bands {
    pub fn parse(s: &str) -> Result<Bands> {
        let bad = || -> StoreError {
            Refusal::NotABanding {
                value: s.to_string(),
            }
            .into()
        };
        let (l, m) = s.split_once(',').ok_or_else(bad)?;
        let (low, medium): (i64, i64) = (
            l.trim().parse().map_err(|_| bad())?,
            m.trim().parse().map_err(|_| bad())?,
        );
        if !(1 <= low && low < medium && medium < MAX_SCORE) {
            return Err(Refusal::BandsOutOfRange.into());
        }
        Ok(Bands { low, medium })
    }

    pub fn band(&self, (l, i): Score) -> &'static str {
        Band::of(l * i, self.low, self.medium).as_str()
    }
}

/// New risk: what `risk add` takes.
#[derive(Debug, Clone, Default)]
pub struct NewRisk {
    pub initiative: String,
    pub title: String,
    pub inherent: Score,
    pub residual: Option<Score>,
    pub owner: Option<String>,
    pub cause: Option<String>,
    pub consequence: Option<String>,
    pub mitigation: Option<String>,
    pub review_date: Option<NaiveDate>,
}

fn check_score(what: Assessed, (l, i): Score) -> Result<()> {
    if SCORES.contains(&l) && SCORES.contains(&i) {
        Ok(())
    } else {
        Err(Refusal::ScoreOutOfRange {
            what,
            likelihood: l,
            impact: i,
        }
        .into())
    }
}

impl Store {
    /// Set the workspace's banding (synced: everyone bands alike).
    pub fn set_bands(&mut self, bands: &str) -> Result<Bands> {
        let parsed = Bands::parse(bands)?;
        let id = self.workspace()?.id;
        self.write(vec![RowChange::update("workspace", id)
            .set("risk_bands", format!("{},{}", parsed.low, parsed.medium))])?;
        Ok(parsed)
    }

    /// Set after how many days a status update turns grey.
    pub fn set_grey_after_days(&mut self, days: i64) -> Result<()> {
        if !(1..=3650).contains(&days) {
            return Err(Refusal::GreyAfterOutOfRange.into());
        }
        let id = self.workspace()?.id;
        self.write(vec![
            RowChange::update("workspace", id).set("grey_after_days", days)
        ])?;
        Ok(())
    }

    pub fn bands(&self) -> Result<Bands> {
        let s: Option<String> = self.conn().query_row(
            "SELECT risk_bands FROM workspace WHERE deleted = 0 LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        Ok(s.and_then(|s| Bands::parse(&s).ok()).unwrap_or_default())
    }

    pub fn find_risk(&self, key: &str) -> Result<String> {
        self.find_by_id("risk", "deleted = 0", Entity::Risk, key)
    }

    fn assessment_row(
        &self,
        risk: &str,
        inherent: Score,
        residual: Option<Score>,
    ) -> Result<RowChange> {
        check_score(Assessed::Inherent, inherent)?;
        if let Some(r) = residual {
            check_score(Assessed::Residual, r)?;
        }
        Ok(RowChange::insert("risk_assessment", new_id())
            .set("risk_id", risk.to_string())
            .set("likelihood", inherent.0)
            .set("impact", inherent.1)
            .set("residual_likelihood", residual.map(|r| r.0))
            .set("residual_impact", residual.map(|r| r.1))
            .set("assessed_on", self.today()?.to_string())
            .set(
                "recorded_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            )
            .set("author_id", self.me().map(str::to_string)))
    }

    pub fn add_risk(&mut self, new: NewRisk) -> Result<String> {
        let initiative = self.find_initiative(&new.initiative)?;
        let title = new.title.trim();
        if title.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::RiskTitle,
            }
            .into());
        }
        let owner = match new.owner.as_deref() {
            Some(name) => Some(match self.find_person(name) {
                Ok(p) => p.id,
                Err(StoreError::NotFound { .. }) => {
                    return Err(Refusal::NoSuchPerson {
                        name: name.to_string(),
                    }
                    .into())
                }
                Err(e) => return Err(e),
            }),
            None => None,
        };
        let id = new_id();
        let assessment = self.assessment_row(&id, new.inherent, new.residual)?;
        self.write(vec![
            RowChange::insert("risk", id.clone())
                .set("initiative_id", initiative)
                .set("title", title)
                .set("cause", new.cause)
                .set("consequence", new.consequence)
                .set("mitigation", new.mitigation)
                .set("owner_id", owner)
                .set("review_date", new.review_date.map(|d| d.to_string()))
                .set("status", RiskStatus::Open)
                .set(
                    "recorded_at",
                    self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
                )
                .set("sample", false),
            assessment,
        ])?;
        Ok(id)
    }

    /// A new assessment; the earlier ones stay.
    pub fn assess_risk(
        &mut self,
        key: &str,
        inherent: Score,
        residual: Option<Score>,
    ) -> Result<()> {
        let id = self.find_risk(key)?;
        let row = self.assessment_row(&id, inherent, residual)?;
        self.write(vec![row])?;
        Ok(())
    }

    pub fn set_risk_status(&mut self, key: &str, status: &str) -> Result<()> {
        let status: RiskStatus = word(status)?;
        let id = self.find_risk(key)?;
        self.write(vec![RowChange::update("risk", id).set("status", status)])?;
        Ok(())
    }

    /// Every risk with its assessment in force and its history, by
    /// initiative code.
    pub fn risks(&self) -> Result<Vec<RiskView>> {
        self.risk_views(None)
    }

    /// Every risk, or the one `only` names (by id).
    fn risk_views(&self, only: Option<&str>) -> Result<Vec<RiskView>> {
        let bands = self.bands()?;
        let (risks, assessed) = match only {
            Some(_) => (
                "SELECT r.id, r.initiative_id, i.code, r.title, r.cause, r.consequence, r.mitigation,
                        p.name, r.review_date, r.status, r.sample
                 FROM risk r JOIN initiative i ON i.id = r.initiative_id
                 LEFT JOIN person p ON p.id = r.owner_id
                 WHERE r.deleted = 0 AND i.deleted = 0 AND r.id = ?1",
                "SELECT risk_id, likelihood, impact, residual_likelihood, residual_impact, assessed_on
                 FROM risk_assessment WHERE deleted = 0 AND risk_id = ?1
                 ORDER BY assessed_on DESC, recorded_at DESC, stamp DESC",
            ),
            None => (
                "SELECT r.id, r.initiative_id, i.code, r.title, r.cause, r.consequence, r.mitigation,
                        p.name, r.review_date, r.status, r.sample
                 FROM risk r JOIN initiative i ON i.id = r.initiative_id
                 LEFT JOIN person p ON p.id = r.owner_id
                 WHERE r.deleted = 0 AND i.deleted = 0",
                "SELECT risk_id, likelihood, impact, residual_likelihood, residual_impact, assessed_on
                 FROM risk_assessment WHERE deleted = 0
                 ORDER BY assessed_on DESC, recorded_at DESC, stamp DESC",
            ),
        };
        let params: &[&dyn rusqlite::ToSql] = match &only {
            Some(id) => &[id],
            None => &[],
        };
        let mut out: Vec<RiskView> = self
            .conn()
            .prepare_cached(risks)?
            .query_map(params, |r| {
                Ok(RiskView {
                    id: r.get(0)?,
                    initiative_id: r.get(1)?,
                    initiative: r.get(2)?,
                    title: r.get(3)?,
                    cause: r.get(4)?,
                    consequence: r.get(5)?,
                    mitigation: r.get(6)?,
                    owner: r.get(7)?,
                    review_date: r.get(8)?,
                    status: r.get(9)?,
                    inherent: (0, 0),
                    residual: None,
                    assessed_on: String::new(),
                    band: String::new(),
                    history: Vec::new(),
                    sample: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut assessments: std::collections::HashMap<String, Vec<Assessment>> =
            Default::default();
        {
            let mut stmt = self.conn().prepare_cached(assessed)?;
            let mut rows = stmt.query(params)?;
            while let Some(r) = rows.next()? {
                let residual = match (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<i64>>(4)?) {
                    (Some(l), Some(i)) => Some((l, i)),
                    _ => None,
                };
                assessments.entry(r.get(0)?).or_default().push(Assessment {
                    inherent: (r.get(1)?, r.get(2)?),
                    residual,
                    assessed_on: r.get(5)?,
                });
            }
        }
        for risk in &mut out {
            let mut list = assessments.remove(&risk.id).unwrap_or_default();
            if list.is_empty() {
                continue;
            }
            let current = list.remove(0);
            risk.inherent = current.inherent;
            risk.residual = current.residual;
            risk.assessed_on = current.assessed_on;
            risk.band = bands
                .band(risk.residual.unwrap_or(risk.inherent))
                .to_string();
            risk.history = list;
        }
        out.retain(|r| !r.assessed_on.is_empty());
        out.sort_by_cached_key(|r| (crate::portfolio::code_key(&r.initiative), r.title.clone()));
        Ok(out)
    }

    /// The `n` open risks with the highest score (residual, else inherent),
    /// then by id, as assessed by `day` (as they are when `day` is `today`
    /// or later): `risks` then `as_assessed_by` would give the same, but
    /// only the assessments are read for every risk, the rest for these.
    pub(crate) fn top_open_risks(
        &self,
        day: NaiveDate,
        today: NaiveDate,
        n: usize,
    ) -> Result<Vec<RiskView>> {
        let past = day < today;
        // Live initiatives are few beside their risks: read once, not joined.
        let live: std::collections::HashSet<String> = self
            .conn()
            .prepare_cached("SELECT id FROM initiative WHERE deleted = 0")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Per open risk: the key (assessed_on, recorded_at, stamp) of the
        // assessment in force so far, in one buffer, and its score.
        let mut open: HashMap<String, Option<(String, [usize; 2], i64)>> = HashMap::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, initiative_id FROM risk WHERE deleted = 0 AND status = 'open'",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let initiative = r.get_ref(1)?.as_str().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(1, Type::Text, Box::new(e))
                })?;
                if live.contains(initiative) {
                    open.insert(r.get(0)?, None);
                }
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT risk_id, likelihood, impact, residual_likelihood, residual_impact,
                    assessed_on, recorded_at, stamp
             FROM risk_assessment WHERE deleted = 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text = |k: usize| crate::row_str(r, k);
            let Some(best) = open.get_mut(text(0)?) else {
                continue; // closed, deleted, or its initiative's deleted
            };
            let key = (text(5)?, text(6)?, text(7)?);
            if past && !key.0.parse::<NaiveDate>().is_ok_and(|d| d <= day) {
                continue;
            }
            if let Some((buffer, [a, b], _)) = best {
                if key <= (&buffer[..*a], &buffer[*a..*b], &buffer[*b..]) {
                    continue;
                }
            }
            let residual = match (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<i64>>(4)?) {
                (Some(l), Some(i)) => Some((l, i)),
                _ => None,
            };
            let (l, i) = residual.unwrap_or((r.get(1)?, r.get(2)?));
            let (buffer, ends, score) = best.get_or_insert_with(Default::default);
            buffer.clear();
            buffer.push_str(key.0);
            buffer.push_str(key.1);
            buffer.push_str(key.2);
            *ends = [key.0.len(), key.0.len() + key.1.len()];
            *score = l * i;
        }
        // A risk whose assessment in force has no date is not shown (`risks`).
        let mut ranked: Vec<(i64, String)> = open
            .into_iter()
            .filter_map(|(id, best)| {
                let (_, [a, _], score) = best?;
                (a > 0).then_some((score, id))
            })
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        ranked.truncate(n);
        let bands = self.bands()?;
        let mut out = Vec::with_capacity(ranked.len());
        for (_, id) in ranked {
            for risk in self.risk_views(Some(&id))? {
                out.extend(if past {
                    as_assessed_by(risk, day, &bands)
                } else {
                    Some(risk)
                });
            }
        }
        Ok(out)
    }
}

/// A risk as assessed by `day`: with the latest assessment dated up to it in
/// force, the later ones left out of its history; None when it was first
/// assessed after `day`.
pub(crate) fn as_assessed_by(mut r: RiskView, day: NaiveDate, bands: &Bands) -> Option<RiskView> {
    let by = |on: &str| on.parse::<NaiveDate>().is_ok_and(|d| d <= day);
    if !by(&r.assessed_on) {
        let then = r.history.iter().position(|a| by(&a.assessed_on))?;
        let a = r.history[then].clone();
        r.history.drain(..=then);
        r.inherent = a.inherent;
        r.residual = a.residual;
        r.assessed_on = a.assessed_on;
        r.band = bands.band(r.residual.unwrap_or(r.inherent)).to_string();
    }
    Some(r)
}

/// A correction of a risk's description: None leaves a field as it is, an
/// empty text clears an optional one (`review: Some(None)` clears the date).
#[derive(Debug, Clone, Default)]
pub struct RiskEdit {
    pub title: Option<String>,
    pub cause: Option<String>,
    pub consequence: Option<String>,
    pub mitigation: Option<String>,
    /// A person's name.
    pub owner: Option<String>,
    pub review: Option<Option<NaiveDate>>,
}

impl Store {
    /// Correct what a risk says (its assessments are kept apart: a new one
    /// is `assess_risk`), in one change.
    pub fn edit_risk(&mut self, key: &str, edit: RiskEdit) -> Result<()> {
        let id = self.find_risk(key)?;
        let mut change = RowChange::update("risk", id);
        if let Some(title) = edit.title.as_deref().map(str::trim) {
            if title.is_empty() {
                return Err(Refusal::Missing {
                    what: Missing::RiskTitle,
                }
                .into());
            }
            change = change.set("title", title);
        }
        let text = |v: &str| Some(v.trim().to_string()).filter(|s| !s.is_empty());
        for (field, value) in [
            ("cause", &edit.cause),
            ("consequence", &edit.consequence),
            ("mitigation", &edit.mitigation),
        ] {
            if let Some(v) = value {
                change = change.set(field, text(v));
            }
        }
        if let Some(name) = edit.owner.as_deref() {
            let owner = match text(name) {
                None => None,
                Some(name) => Some(match self.find_person(&name) {
                    Ok(p) => p.id,
                    Err(StoreError::NotFound { .. }) => {
                        return Err(Refusal::NoSuchPerson { name }.into())
                    }
                    Err(e) => return Err(e),
                }),
            };
            change = change.set("owner_id", owner);
        }
        if let Some(review) = edit.review {
            change = change.set("review_date", review.map(|d| d.to_string()));
        }
        if change.fields.is_empty() {
            return Err(Refusal::NothingToChange.into());
        }
        self.write(vec![change])?;
        Ok(())
    }
}
