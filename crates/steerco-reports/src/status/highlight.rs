//! A PRINCE2 highlight report for one initiative and period: status with its
//! dimensions, work done and planned, issues, risks, decisions requested, milestones
//! and budget.

use super::doc::{Block, Cell, Doc, Table, Tone};
use super::sections::{self, date};
use super::words::{self, words};
use crate::model::Lang;
use crate::model_status::HighlightReport;
use crate::text::one_line;

pub(crate) fn build(r: &HighlightReport, lang: Lang) -> Doc {
    let w = words(lang);
    let name = format!("{} {}", one_line(&r.code), one_line(&r.title));
    let title = format!("{}: {name}", w.highlight);
    let mut facts = vec![
        (w.workspace.into(), one_line(&r.workspace)),
        (w.initiative.into(), name.clone()),
        (w.period.into(), one_line(&r.period)),
        (w.generated_on.into(), date(r.generated_on)),
    ];
    if let Some(p) = &r.status.phase {
        facts.push((w.phase.into(), words::phase(p, lang)));
    }
    let s = &r.status;
    let mut overall = words::rag(&s.overall, lang);
    if let Some(t) = &s.trend {
        overall.push_str(&format!(", {}", words::trend(t, lang)));
    }
    facts.push((w.overall.into(), overall));

    let mut b = vec![Block::Heading(1, title.clone()), Block::Facts(facts)];
    b.push(Block::Heading(2, format!("1. {}", w.status)));
    let mut dims = vec![vec![
        Cell::text(words::dimension("overall", lang)),
        Cell::toned(words::rag(&s.overall, lang), Tone::of_rag(&s.overall)),
    ]];
    dims.extend(s.dimensions.iter().map(|(d, rag)| {
        vec![
            Cell::text(words::dimension(d, lang)),
            Cell::toned(words::rag(rag, lang), Tone::of_rag(rag)),
        ]
    }));
    b.push(Block::Table(Table {
        cols: vec![(w.dimension.into(), 0.5), (w.status.into(), 0.5)],
        rows: dims,
    }));
    if let Some(reason) = s.reason.as_deref().map(one_line).filter(|r| !r.is_empty()) {
        b.push(Block::Para(reason));
    }
    b.extend(sections::narrative(&r.status_summary, lang));

    let narratives = [
        (w.this_period, &r.this_period),
        (w.next_period, &r.next_period),
        (w.issues, &r.issues),
    ];
    let mut n = 2;
    for (heading, text) in narratives {
        b.push(Block::Heading(2, format!("{n}. {heading}")));
        b.extend(sections::narrative(text, lang));
        n += 1;
    }
    b.push(Block::Heading(2, format!("{n}. {}", w.risks)));
    b.push(sections::risks(&r.risks, lang));
    b.push(Block::Heading(
        2,
        format!("{}. {}", n + 1, w.decisions_needed),
    ));
    b.extend(sections::narrative(&r.decisions_needed, lang));
    b.push(Block::Heading(2, format!("{}. {}", n + 2, w.milestones)));
    b.push(sections::milestones(&r.milestones, false, lang));
    b.push(Block::Heading(2, format!("{}. {}", n + 3, w.economy)));
    b.extend(sections::budget(&r.budget, lang));

    Doc {
        lang,
        running_head: format!("{} · {}", one_line(&r.workspace), w.highlight),
        title,
        sample: r.sample_data,
        blocks: b,
    }
}
