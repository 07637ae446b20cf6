//! Tables and figures shared by the chair's reports: milestones, risks, the risk map,
//! budget and decisions. Each turns rows of the model into a [`Block`].

use chrono::NaiveDate;

use super::doc::{BarFigure, Block, Cell, HeatFigure, Series, Table, Tone};
use super::words::{self, words};
use crate::model::{DecisionRow, Lang};
use crate::model_status::{BudgetRow, FocusAreaStatus, HeatMap, MilestoneRow, RiskRow};
use crate::text::{one_line, vocabulary};

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn cols(spec: &[(&str, f32)]) -> Vec<(String, f32)> {
    spec.iter().map(|(t, s)| (t.to_string(), *s)).collect()
}

/// Narrative text: paragraphs split at blank lines; an empty text says so.
pub(crate) fn narrative(text: &str, lang: Lang) -> Vec<Block> {
    let paras: Vec<Block> = text
        .split("\n\n")
        .map(one_line)
        .filter(|p| !p.is_empty())
        .map(Block::Para)
        .collect();
    if paras.is_empty() {
        vec![Block::Para(words(lang).nothing.to_string())]
    } else {
        paras
    }
}

/// A table, or "None." when there are no rows (an empty table header reads as an error).
fn table_or_none(table: Table, lang: Lang) -> Block {
    if table.rows.is_empty() {
        Block::Para(words(lang).none_listed.to_string())
    } else {
        Block::Table(table)
    }
}

/// What became of a milestone, in words, with the tone that goes with it (none for one
/// still to come: grey would say "not reported").
pub(crate) fn milestone_state(m: &MilestoneRow, lang: Lang) -> (String, Option<Tone>) {
    let w = words(lang);
    match (m.done, m.slipped) {
        (Some(d), _) if d <= m.planned && !m.slipped => (w.met.to_string(), Some(Tone::Green)),
        (Some(_), _) => (w.met_late.to_string(), Some(Tone::Amber)),
        (None, true) => (w.overdue.to_string(), Some(Tone::Red)),
        (None, false) => (w.upcoming.to_string(), None),
    }
}

/// Milestones with initiative, planned (and first planned) date, done date and state.
pub(crate) fn milestones(rows: &[MilestoneRow], with_initiative: bool, lang: Lang) -> Block {
    let w = words(lang);
    let mut spec = vec![
        (w.milestone, 0.34),
        (w.planned, 0.14),
        (w.first_planned, 0.14),
        (w.done, 0.14),
        (w.status, 0.16),
    ];
    if with_initiative {
        spec.insert(0, (w.initiative, 0.11));
        spec[1].1 -= 0.03;
    } else {
        spec[0].1 += 0.08;
    }
    let rows = rows
        .iter()
        .map(|m| {
            let (state, tone) = milestone_state(m, lang);
            let mut row = vec![
                Cell::text(one_line(&m.title)),
                Cell::text(date(m.planned)),
                Cell::text(m.first_planned.map(date).unwrap_or_default()),
                Cell::text(m.done.map(date).unwrap_or_else(|| w.not_done.to_string())),
                Cell::toned(state, tone),
            ];
            if with_initiative {
                row.insert(0, Cell::text(one_line(&m.initiative)));
            }
            row
        })
        .collect();
    table_or_none(
        Table {
            cols: cols(&spec),
            rows,
        },
        lang,
    )
}

fn score((l, i): (u8, u8)) -> String {
    format!("{l}×{i} = {}", u32::from(l) * u32::from(i))
}

pub(crate) fn risks(rows: &[RiskRow], lang: Lang) -> Block {
    let w = words(lang);
    let spec = [
        (w.initiative, 0.11),
        (w.risk, 0.25),
        (w.owner, 0.14),
        (w.inherent, 0.12),
        (w.residual, 0.12),
        (w.band, 0.11),
        (w.moved, 0.15),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(one_line(&r.initiative)),
                Cell::text(one_line(&r.title)),
                Cell::text(one_line(r.owner.as_deref().unwrap_or(""))),
                Cell::text(score(r.inherent)),
                Cell::text(score(r.residual)),
                Cell::toned(words::band(&r.band, lang), Tone::of_band(&r.band)),
                Cell::text(
                    r.moved
                        .as_deref()
                        .map(|m| words::moved(m, lang))
                        .unwrap_or_default(),
                ),
            ]
        })
        .collect();
    table_or_none(
        Table {
            cols: cols(&spec),
            rows,
        },
        lang,
    )
}

/// Budget against actual per initiative and year, with a total row and the variance
/// (actual − budget) toned: overspend red, underspend green.
pub(crate) fn budget(rows: &[BudgetRow], lang: Lang) -> Vec<Block> {
    let w = words(lang);
    let spec = [
        (w.initiative, 0.11),
        (w.title, 0.35),
        (w.year, 0.08),
        (w.budget, 0.15),
        (w.actual, 0.15),
        (w.variance, 0.16),
    ];
    let variance = |v: i64| {
        let tone = match v.signum() {
            1 => Some(Tone::Red),
            -1 => Some(Tone::Green),
            _ => None,
        };
        Cell {
            tone,
            ..Cell::number(words::money(v, true, lang))
        }
    };
    let mut table_rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|b| {
            vec![
                Cell::text(one_line(&b.initiative)),
                Cell::text(one_line(&b.title)),
                Cell::text(b.year.to_string()),
                Cell::number(words::money(b.budget, false, lang)),
                Cell::number(words::money(b.actual, false, lang)),
                variance(b.actual - b.budget),
            ]
        })
        .collect();
    if rows.is_empty() {
        return vec![Block::Para(w.none_listed.to_string())];
    }
    let (sum_b, sum_a) = rows
        .iter()
        .fold((0i64, 0i64), |(b, a), r| (b + r.budget, a + r.actual));
    table_rows.push(vec![
        Cell::text(""),
        Cell::text(w.total),
        Cell::text(""),
        Cell::number(words::money(sum_b, false, lang)),
        Cell::number(words::money(sum_a, false, lang)),
        variance(sum_a - sum_b),
    ]);
    vec![
        Block::Table(Table {
            cols: cols(&spec),
            rows: table_rows,
        }),
        Block::Note(w.currency_note.to_string()),
    ]
}

pub(crate) fn decisions(rows: &[DecisionRow], lang: Lang) -> Block {
    let w = words(lang);
    let spec = [
        (w.date, 0.13),
        (w.committee, 0.2),
        (w.decision, 0.43),
        (w.status, 0.12),
        (w.initiative, 0.12),
    ];
    let rows = rows
        .iter()
        .map(|d| {
            vec![
                Cell::text(date(d.date)),
                Cell::text(one_line(&d.committee)),
                Cell::text(one_line(&d.text)),
                Cell::text(one_line(&vocabulary(&d.status, lang))),
                Cell::text(one_line(d.initiative.as_deref().unwrap_or(""))),
            ]
        })
        .collect();
    table_or_none(
        Table {
            cols: cols(&spec),
            rows,
        },
        lang,
    )
}

/// The 5x5 map, every cell with its count and band word, a legend with score ranges,
/// and an alternative text listing the occupied cells.
pub(crate) fn heat_map(map: &HeatMap, lang: Lang) -> Block {
    let w = words(lang);
    let band_word = |score: u32| {
        map.band_of(score)
            .map(|b| (words::band(&b.name, lang), Tone::of_band(&b.name)))
            .unwrap_or_default()
    };
    let cells = std::array::from_fn(|l| {
        std::array::from_fn(|i| {
            let (word, tone) = band_word(((l + 1) * (i + 1)) as u32);
            (map.counts[l][i], word, tone)
        })
    });
    let mut low = 1;
    let legend = map
        .bands
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let high = if k + 1 == map.bands.len() {
                25
            } else {
                b.max_score.min(25)
            };
            let entry = (
                format!("{} ({low}–{high})", words::band(&b.name, lang)),
                Tone::of_band(&b.name),
            );
            low = b.max_score + 1;
            entry
        })
        .collect();
    let caption = if map.residual {
        w.heatmap_residual
    } else {
        w.heatmap_inherent
    };
    let mut occupied = Vec::new();
    for l in (0..5).rev() {
        for i in (0..5).rev() {
            let n = map.counts[l][i];
            if n > 0 {
                let (word, _) = band_word(((l + 1) * (i + 1)) as u32);
                occupied.push(format!(
                    "{} {}, {} {}: {n} ({word})",
                    w.likelihood.to_lowercase(),
                    l + 1,
                    w.impact.to_lowercase(),
                    i + 1
                ));
            }
        }
    }
    let alt = format!(
        "{caption}: {} {}. {}.",
        map.total(),
        w.risk_count,
        occupied.join("; ")
    );
    Block::HeatMap(Box::new(HeatFigure {
        caption: caption.to_string(),
        alt,
        likelihood: w.likelihood.to_string(),
        impact: w.impact.to_string(),
        cells,
        legend,
        note: w.count_note.to_string(),
    }))
}

/// The number of initiatives per overall RAG in each focus area, as stacked bars.
pub(crate) fn rag_bars(areas: &[FocusAreaStatus], lang: Lang) -> Block {
    let w = words(lang);
    let order = ["green", "amber", "red", "grey"];
    let series = order
        .iter()
        .map(|r| Series {
            name: words::rag(r, lang),
            short: words::rag_short(r, lang),
            tone: Tone::of_rag(r).expect("known rag"),
        })
        .collect();
    let rows: Vec<(String, Vec<u32>)> = areas
        .iter()
        .map(|a| {
            let counts = order
                .iter()
                .map(|r| a.initiatives.iter().filter(|i| i.overall == *r).count() as u32)
                .collect();
            let label = match a.number {
                Some(n) => format!("{n}. {}", one_line(&a.name)),
                None => w.no_focus_area.to_string(),
            };
            (label, counts)
        })
        .collect();
    let mut fig = BarFigure {
        caption: w.rag_per_area.to_string(),
        alt: String::new(),
        rows_title: w.focus_area.to_string(),
        series,
        rows,
    };
    let lines: Vec<String> = fig
        .rows
        .iter()
        .map(|(label, v)| format!("{label}: {}", fig.row_words(v)))
        .collect();
    fig.alt = format!("{}. {}.", fig.caption, lines.join("; "));
    Block::Bars(fig)
}
