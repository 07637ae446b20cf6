//! The half-year deliverables overview ("leveranceoversigt"): per initiative, the
//! milestones planned in the half and whether each was met on time.

use super::doc::{Block, Doc};
use super::sections::{self, date};
use super::words::words;
use crate::model::Lang;
use crate::model_status::DeliverablesReport;
use crate::text::one_line;

pub(crate) fn build(r: &DeliverablesReport, lang: Lang) -> Doc {
    let w = words(lang);
    let title = format!("{} {}", w.deliverables, one_line(&r.half));
    let all: Vec<_> = r.initiatives.iter().flat_map(|i| &i.milestones).collect();
    let met = all
        .iter()
        .filter(|m| m.done.is_some_and(|d| d <= m.planned) && !m.slipped)
        .count();
    let slipped = all.iter().filter(|m| m.slipped).count();
    let mut b = vec![
        Block::Heading(1, title.clone()),
        Block::Facts(vec![
            (w.workspace.into(), one_line(&r.workspace)),
            (
                w.period.into(),
                format!("{} – {}", date(r.from), date(r.to)),
            ),
            (w.initiatives.into(), r.initiatives.len().to_string()),
            (
                w.milestones.into(),
                format!(
                    "{} {}, {met} {}, {slipped} {}",
                    all.len(),
                    w.planned_count,
                    w.met_count,
                    w.slipped_count
                ),
            ),
        ]),
    ];
    for i in &r.initiatives {
        b.push(Block::Heading(
            2,
            format!("{} {}", one_line(&i.code), one_line(&i.title)),
        ));
        b.push(sections::milestones(&i.milestones, false, lang));
    }
    Doc {
        lang,
        running_head: format!("{} · {title}", one_line(&r.workspace)),
        title,
        sample: r.sample_data,
        blocks: b,
    }
}
