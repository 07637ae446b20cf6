//! The annual status report ("statusredegørelse") as blocks: summary, portfolio status
//! per focus area, milestones reached and slipped, the year's decisions, risks with the
//! risk map, and spend against budget.

use super::doc::{Block, Cell, Doc, Table, Tone};
use super::sections::{self, date};
use super::words::{self, words};
use crate::model::Lang;
use crate::model_status::{InitiativeStatus, StatusReport};
use crate::text::one_line;

pub(crate) fn build(r: &StatusReport, lang: Lang) -> Doc {
    let w = words(lang);
    let title = format!("{} {}", w.status_report, r.year);
    let all: Vec<&InitiativeStatus> = r.focus_areas.iter().flat_map(|a| &a.initiatives).collect();
    let mut b = vec![
        Block::Heading(1, title.clone()),
        Block::Facts(vec![
            (w.workspace.into(), one_line(&r.workspace)),
            (w.year.into(), r.year.to_string()),
            // The figures are as of the period's last day (the dashboard's
            // figures for that day).
            (
                w.period.into(),
                format!("{}-01-01 – {}", r.year, date(r.as_of)),
            ),
            (w.generated_on.into(), date(r.generated_on)),
            (w.initiatives.into(), all.len().to_string()),
        ]),
    ];

    b.push(Block::Heading(2, format!("1. {}", w.summary)));
    b.extend(r.summary.iter().map(|p| Block::Para(one_line(p))));
    let tally: Vec<String> = ["green", "amber", "red", "grey"]
        .iter()
        .map(|rag| {
            let n = all.iter().filter(|i| i.overall == *rag).count();
            format!("{} {n}", words::rag(rag, lang))
        })
        .collect();
    b.push(Block::Para(format!(
        "{} ({}): {} {}, {}; {} {}; {} {}.",
        w.in_numbers,
        date(r.as_of),
        all.len(),
        w.initiatives.to_lowercase(),
        tally.join(", "),
        w.slipped,
        r.milestones_slipped.len(),
        w.overdue_actions,
        r.overdue_actions,
    )));

    b.push(Block::Heading(2, format!("2. {}", w.portfolio)));
    b.push(sections::rag_bars(&r.focus_areas, lang));
    for area in &r.focus_areas {
        let heading = match area.number {
            Some(n) => format!("{} {n}: {}", w.focus_area, one_line(&area.name)),
            None => w.no_focus_area.to_string(),
        };
        b.push(Block::Heading(3, heading));
        b.push(Block::Table(portfolio_table(&area.initiatives, lang)));
    }

    b.push(Block::Heading(2, format!("3. {}", w.milestones)));
    b.push(Block::Heading(3, w.reached.to_string()));
    b.push(sections::milestones(&r.milestones_reached, true, lang));
    b.push(Block::Heading(
        3,
        format!("{} ({})", w.slipped, date(r.as_of)),
    ));
    b.push(sections::milestones(&r.milestones_slipped, true, lang));

    b.push(Block::Heading(2, format!("4. {} {}", w.decisions, r.year)));
    b.push(sections::decisions(&r.decisions, lang));

    b.push(Block::Heading(2, format!("5. {}", w.risks)));
    b.push(sections::heat_map(&r.heatmap, lang));
    b.push(Block::Heading(3, w.top_risks.to_string()));
    b.push(sections::risks(&r.top_risks, lang));

    b.push(Block::Heading(2, format!("6. {}", w.economy)));
    b.extend(sections::budget(&r.budget, lang));

    Doc {
        lang,
        running_head: format!("{} · {title}", one_line(&r.workspace)),
        title,
        sample: r.sample_data,
        blocks: b,
    }
}

/// One row per initiative: code, title (with phase), overall RAG in words, trend as
/// arrow and word, the dimensions and the reason.
pub(crate) fn portfolio_table(items: &[InitiativeStatus], lang: Lang) -> Table {
    let w = words(lang);
    let rows = items
        .iter()
        .map(|i| {
            let mut title = one_line(&i.title);
            if let Some(p) = &i.phase {
                title.push_str(&format!(" ({})", words::phase(p, lang)));
            }
            vec![
                Cell::text(one_line(&i.code)),
                Cell::text(title),
                Cell::toned(words::rag(&i.overall, lang), Tone::of_rag(&i.overall)),
                Cell::text(
                    i.trend
                        .as_deref()
                        .map(|t| words::trend(t, lang))
                        .unwrap_or_default(),
                ),
                Cell::text(reason(i, lang)),
            ]
        })
        .collect();
    Table {
        cols: vec![
            (w.code.into(), 0.07),
            (w.title.into(), 0.3),
            (w.overall.into(), 0.15),
            (w.trend.into(), 0.14),
            (w.reason.into(), 0.34),
        ],
        rows,
    }
}

/// "Tid: Gul · Økonomi: Grøn. <reason>"
fn reason(i: &InitiativeStatus, lang: Lang) -> String {
    let dims: Vec<String> = i
        .dimensions
        .iter()
        .map(|(d, rag)| format!("{}: {}", words::dimension(d, lang), words::rag(rag, lang)))
        .collect();
    let mut out = dims.join(" · ");
    if let Some(r) = i.reason.as_deref().map(one_line).filter(|r| !r.is_empty()) {
        if !out.is_empty() {
            out.push_str(". ");
        }
        out.push_str(&r);
    }
    out
}
