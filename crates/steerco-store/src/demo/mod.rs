//! The demo workspace: the Digital Strategy 2016-2020 of Denmark, built from
//! assets/demo/digital-strategy-2016-2020.json as it is. Entries without a
//! verified title keep no title (they show as "titel ikke verificeret");
//! unverified English names keep their unverified flag. The statuses,
//! milestones and people added to make the demo useful are illustrative
//! sample data and carry `sample = 1` everywhere; so do the committees and
//! meetings (`committees`).

mod committees;

pub use committees::{past_meeting_id, upcoming_day, upcoming_meeting_id};

use serde::Deserialize;
use steerco_domain::{Dimension, Rag, RiskStatus};

use crate::error::Result;
use crate::ops::initiative::derived_id;
use crate::{RowChange, Store};

pub const DATA: &str = include_str!("../../../../assets/demo/digital-strategy-2016-2020.json");

#[derive(Deserialize)]
struct Data {
    strategy: Strategy,
    focus_areas: Vec<FocusArea>,
    initiatives: Vec<Initiative>,
}

#[derive(Deserialize)]
struct Strategy {
    name_da: String,
    initiative_count: i64,
}

#[derive(Deserialize)]
struct FocusArea {
    number: i64,
    name_da: String,
    name_en: Option<String>,
    name_en_verified: bool,
    track: Option<i64>,
    source: Option<String>,
}

#[derive(Deserialize)]
struct Initiative {
    id: String,
    id_verified: bool,
    focus_area: i64,
    title_da: Option<String>,
    title_da_verified: bool,
    title_en: Option<String>,
    title_en_verified: bool,
    description: Option<String>,
    lead: Option<String>,
    lead_verified: bool,
    source: Option<String>,
    notes: Option<String>,
}

const SAMPLE_NOTE: &str =
    "Illustrativ eksempeldata (ikke en reel status) / illustrative sample data";

/// Strip the data file's "(own translation)" marker: the flag says it instead.
fn clean_en(s: &str) -> String {
    s.replace("(own translation)", "").trim().to_string()
}

fn initiative_note(i: &Initiative) -> Option<String> {
    let mut parts = Vec::new();
    if !i.id_verified {
        parts.push("Nummeret er udledt, ikke verificeret (number inferred).".to_string());
    }
    if let (Some(t), false) = (&i.title_da, i.title_da_verified) {
        parts.push(format!(
            "Foreløbig, ikke verificeret titel (tentative title): {t}"
        ));
    }
    if let (Some(l), false) = (&i.lead, i.lead_verified) {
        parts.push(format!("Ikke verificeret ansvarlig (unverified lead): {l}"));
    }
    if let Some(n) = &i.notes {
        parts.push(n.clone());
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

/// A small deterministic number from a code, so sample data is the same every run.
fn spread(code: &str) -> usize {
    code.bytes().map(usize::from).sum()
}

impl Store {
    /// Fill a new, empty workspace with the demo. Everything goes through the
    /// one write path, in one transaction.
    pub fn load_demo(&mut self) -> Result<()> {
        let data: Data =
            serde_json::from_str(DATA).map_err(|e| crate::refusal::Refusal::DemoUnreadable {
                detail: e.to_string(),
            })?;
        let ws = self.workspace()?;
        let mut changes = vec![RowChange::update("workspace", ws.id)
            .set("name", format!("{} (demo)", data.strategy.name_da))
            .set("planned_initiatives", data.strategy.initiative_count)
            .set("source", "assets/demo/digital-strategy-2016-2020.json")
            .set("sample", true)];

        for f in &data.focus_areas {
            changes.push(
                RowChange::insert(
                    "focus_area",
                    derived_id(&format!("demo/focus_area/{}", f.number)),
                )
                .set("number", f.number)
                .set("track", f.track)
                .set("name_da", f.name_da.as_str())
                .set("name_en", f.name_en.as_deref().map(clean_en))
                .set("name_en_verified", f.name_en_verified)
                .set("source", f.source.clone()),
            );
        }

        let people: Vec<(String, &str)> = committees::PEOPLE
            .iter()
            .map(|n| (committees::person(n), *n))
            .collect();
        for (id, name) in &people {
            changes.push(
                RowChange::insert("person", id.clone())
                    .set("name", *name)
                    .set("email", committees::sample_email(name))
                    .set("sample", true),
            );
        }

        for i in &data.initiatives {
            let id = derived_id(&format!("demo/initiative/{}", i.id));
            changes.push(
                RowChange::insert("initiative", id.clone())
                    .set("code", i.id.as_str())
                    .set("code_verified", i.id_verified)
                    .set("title", i.title_da.clone().filter(|_| i.title_da_verified))
                    .set("title_verified", i.title_da_verified)
                    .set("title_en", i.title_en.as_deref().map(clean_en))
                    .set("title_en_verified", i.title_en_verified)
                    .set("description", i.description.clone())
                    .set(
                        "focus_area_id",
                        derived_id(&format!("demo/focus_area/{}", i.focus_area)),
                    )
                    .set("lead", i.lead.clone().filter(|_| i.lead_verified))
                    .set("source", i.source.clone())
                    .set("note", initiative_note(i)),
            );
            // Sample statuses and milestones only for entries with a verified
            // title: an unknown initiative gets no invented progress.
            if i.title_da_verified || i.title_en_verified {
                changes.extend(sample_rows(&i.id, &id, &people[1].0));
            }
        }
        let work = self.demo_committee_work(&changes)?;
        changes.extend(work);
        self.write(changes)?;
        Ok(())
    }

    /// The latest status date of a sample workspace (the demo): its dashboard
    /// opens as of that day, since its statuses are all grey today. None for
    /// a workspace of real data.
    pub fn sample_status_date(&self) -> Result<Option<String>> {
        if !self.workspace()?.sample {
            return Ok(None);
        }
        Ok(self.conn().query_row(
            "SELECT max(date) FROM status_update WHERE deleted = 0",
            [],
            |r| r.get(0),
        )?)
    }
}

fn sample_rows(code: &str, initiative_id: &str, author: &str) -> Vec<RowChange> {
    const RAGS: [Rag; 4] = [Rag::Green, Rag::Green, Rag::Amber, Rag::Red];
    let mut out = Vec::new();
    let dates = ["2016-12-15", "2017-06-15", "2017-12-15"];
    for dim in [Dimension::Overall, Dimension::Time, Dimension::Cost] {
        for (n, date) in dates.iter().enumerate() {
            // Leave some dimensions unreported (grey) so the demo shows it.
            if dim != Dimension::Overall && n == 0 {
                continue;
            }
            if dim == Dimension::Cost && spread(code).is_multiple_of(3) {
                continue;
            }
            let rag = RAGS[(spread(code) + 3 * n + 5 * dim as usize) % RAGS.len()];
            out.push(
                RowChange::insert(
                    "status_update",
                    derived_id(&format!("demo/status/{code}/{dim}/{date}")),
                )
                .set("initiative_id", initiative_id)
                .set("dimension", dim.as_str())
                .set("rag", rag.as_str())
                .set("reason", SAMPLE_NOTE)
                .set("date", *date)
                .set("author_id", author)
                .set("recorded_at", format!("{date}T12:00:00.000Z"))
                .set("sample", true),
            );
        }
    }
    let milestones = [
        (
            "Analyse afsluttet (eksempel)",
            "2017-03-31",
            Some("2017-04-20"),
            None,
        ),
        (
            "Udbud offentliggjort (eksempel)",
            "2017-09-30",
            None,
            Some("2018-02-28"),
        ),
        (
            "Første leverance i drift (eksempel)",
            "2018-12-31",
            None,
            None,
        ),
    ];
    // Sample risks, assessed twice so the heat map has movement to show.
    let risks = [
        "Leverandøren leverer for sent (eksempel)",
        "Utilstrækkelig datakvalitet (eksempel)",
    ];
    for (k, title) in risks.iter().enumerate() {
        let s = (spread(code) + 2 * k) as i64;
        let id = derived_id(&format!("demo/risk/{code}/{k}"));
        out.push(
            RowChange::insert("risk", id.clone())
                .set("initiative_id", initiative_id)
                .set("title", *title)
                .set("mitigation", "Tæt opfølgning i styregruppen (eksempel)")
                .set("status", RiskStatus::Open)
                .set("recorded_at", "2017-06-15T12:00:00.000Z")
                .set("sample", true),
        );
        for (n, date) in ["2017-06-15", "2017-12-15"].iter().enumerate() {
            let l = 1 + (s * 3 + n as i64 + k as i64) % 5;
            let i = 1 + (s * 7 / 2 + 2 * k as i64) % 5;
            out.push(
                RowChange::insert(
                    "risk_assessment",
                    derived_id(&format!("demo/risk/{code}/{k}/{date}")),
                )
                .set("risk_id", id.as_str())
                .set("likelihood", l)
                .set("impact", i)
                .set("residual_likelihood", (l - 1).max(1))
                .set("residual_impact", i)
                .set("assessed_on", *date)
                .set("recorded_at", format!("{date}T12:00:00.000Z"))
                .set("author_id", author),
            );
        }
    }
    for (title, planned, done, replanned) in milestones {
        let id = derived_id(&format!("demo/milestone/{code}/{title}"));
        let current = replanned.unwrap_or(planned);
        out.push(
            RowChange::insert("milestone", id.clone())
                .set("initiative_id", initiative_id)
                .set("title", title)
                .set("planned_date", current)
                .set("done_date", done)
                .set("sample", true),
        );
        for (k, date) in std::iter::once(planned).chain(replanned).enumerate() {
            out.push(
                RowChange::insert("milestone_plan", derived_id(&format!("demo/plan/{id}/{k}")))
                    .set("milestone_id", id.as_str())
                    .set("planned_date", date)
                    .set(
                        "recorded_at",
                        format!("2016-0{}-01T12:00:00.000Z", 6 + 3 * k),
                    )
                    .set("author_id", author),
            );
        }
    }
    out
}
