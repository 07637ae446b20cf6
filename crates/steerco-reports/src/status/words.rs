//! The words of the chair's reports in Danish and English, and the vocabularies (RAG,
//! trend, band…) in words, so no status is ever told by colour alone and the three
//! formats say the same thing.

use crate::model::Lang;

/// Every fixed string the chair's reports print.
pub(crate) struct Words {
    pub status_report: &'static str,
    pub deliverables: &'static str,
    pub highlight: &'static str,
    pub sample_data: &'static str,
    pub workspace: &'static str,
    pub year: &'static str,
    pub generated_on: &'static str,
    pub period: &'static str,
    pub initiatives: &'static str,
    pub initiative: &'static str,
    pub summary: &'static str,
    pub in_numbers: &'static str,
    pub portfolio: &'static str,
    pub focus_area: &'static str,
    /// The heading of the initiatives that have no focus area.
    pub no_focus_area: &'static str,
    pub rag_per_area: &'static str,
    pub code: &'static str,
    pub title: &'static str,
    pub phase: &'static str,
    pub overall: &'static str,
    pub trend: &'static str,
    pub reason: &'static str,
    pub dimension: &'static str,
    pub status: &'static str,
    pub milestones: &'static str,
    pub reached: &'static str,
    pub slipped: &'static str,
    pub overdue_actions: &'static str,
    pub milestone: &'static str,
    pub planned: &'static str,
    pub first_planned: &'static str,
    pub done: &'static str,
    pub not_done: &'static str,
    pub met: &'static str,
    pub met_late: &'static str,
    pub overdue: &'static str,
    pub upcoming: &'static str,
    pub decisions: &'static str,
    pub date: &'static str,
    pub committee: &'static str,
    pub decision: &'static str,
    pub risks: &'static str,
    pub top_risks: &'static str,
    pub heatmap_residual: &'static str,
    pub heatmap_inherent: &'static str,
    pub likelihood: &'static str,
    pub impact: &'static str,
    pub risk: &'static str,
    pub owner: &'static str,
    pub inherent: &'static str,
    pub residual: &'static str,
    pub band: &'static str,
    pub moved: &'static str,
    pub risk_count: &'static str,
    pub count_note: &'static str,
    pub economy: &'static str,
    pub budget: &'static str,
    pub actual: &'static str,
    pub variance: &'static str,
    pub total: &'static str,
    pub currency_note: &'static str,
    pub this_period: &'static str,
    pub next_period: &'static str,
    pub issues: &'static str,
    pub decisions_needed: &'static str,
    pub nothing: &'static str,
    pub none_listed: &'static str,
    pub planned_count: &'static str,
    pub met_count: &'static str,
    pub slipped_count: &'static str,
    pub page: &'static str,
    pub of: &'static str,
}

const DA: Words = Words {
    status_report: "Statusredegørelse",
    deliverables: "Leveranceoversigt",
    highlight: "Statusrapport (highlight report)",
    sample_data: "Eksempeldata",
    workspace: "Arbejdsområde",
    year: "År",
    generated_on: "Udarbejdet",
    period: "Periode",
    initiatives: "Initiativer",
    initiative: "Initiativ",
    summary: "Sammenfatning",
    in_numbers: "Porteføljen i tal",
    portfolio: "Porteføljestatus",
    focus_area: "Fokusområde",
    no_focus_area: "Uden fokusområde",
    rag_per_area: "Samlet status pr. fokusområde",
    code: "Nr.",
    title: "Titel",
    phase: "Fase",
    overall: "Samlet status",
    trend: "Udvikling",
    reason: "Dimensioner og begrundelse",
    dimension: "Dimension",
    status: "Status",
    milestones: "Milepæle",
    reached: "Nåede milepæle",
    slipped: "Forsinkede milepæle",
    overdue_actions: "Handlinger over fristen",
    milestone: "Milepæl",
    planned: "Planlagt",
    first_planned: "Oprindeligt planlagt",
    done: "Nået",
    not_done: "Ikke nået",
    met: "Opfyldt",
    met_late: "Opfyldt for sent",
    overdue: "Forsinket",
    upcoming: "Planlagt",
    decisions: "Årets beslutninger",
    date: "Dato",
    committee: "Udvalg",
    decision: "Beslutning",
    risks: "Risici",
    top_risks: "Største risici",
    heatmap_residual: "Risikokort (residual risiko)",
    heatmap_inherent: "Risikokort (iboende risiko)",
    likelihood: "Sandsynlighed",
    impact: "Konsekvens",
    risk: "Risiko",
    owner: "Ejer",
    inherent: "Iboende (S×K)",
    residual: "Residual (S×K)",
    band: "Niveau",
    moved: "Bevægelse",
    risk_count: "risici",
    count_note: "Tal i feltet: antal risici",
    economy: "Økonomi",
    budget: "Budget",
    actual: "Forbrug",
    variance: "Afvigelse",
    total: "I alt",
    currency_note: "Beløb i kr. Afvigelse = forbrug − budget (positiv: overskridelse).",
    this_period: "Arbejde i perioden",
    next_period: "Næste periode",
    issues: "Problemer og afvigelser",
    decisions_needed: "Beslutninger, der ønskes",
    nothing: "Intet at bemærke.",
    none_listed: "Ingen.",
    planned_count: "planlagt",
    met_count: "opfyldt",
    slipped_count: "forsinket",
    page: "Side",
    of: "af",
};

const EN: Words = Words {
    status_report: "Annual status report",
    deliverables: "Deliverables overview",
    highlight: "Highlight report",
    sample_data: "Sample data",
    workspace: "Workspace",
    year: "Year",
    generated_on: "Prepared",
    period: "Period",
    initiatives: "Initiatives",
    initiative: "Initiative",
    summary: "Summary",
    in_numbers: "The portfolio in numbers",
    portfolio: "Portfolio status",
    focus_area: "Focus area",
    no_focus_area: "No focus area",
    rag_per_area: "Overall status per focus area",
    code: "No.",
    title: "Title",
    phase: "Phase",
    overall: "Overall status",
    trend: "Trend",
    reason: "Dimensions and reason",
    dimension: "Dimension",
    status: "Status",
    milestones: "Milestones",
    reached: "Milestones reached",
    slipped: "Milestones slipped",
    overdue_actions: "Overdue actions",
    milestone: "Milestone",
    planned: "Planned",
    first_planned: "First planned",
    done: "Done",
    not_done: "Not done",
    met: "Met",
    met_late: "Met late",
    overdue: "Slipped",
    upcoming: "Planned",
    decisions: "Decisions of the year",
    date: "Date",
    committee: "Committee",
    decision: "Decision",
    risks: "Risks",
    top_risks: "Top risks",
    heatmap_residual: "Risk map (residual risk)",
    heatmap_inherent: "Risk map (inherent risk)",
    likelihood: "Likelihood",
    impact: "Impact",
    risk: "Risk",
    owner: "Owner",
    inherent: "Inherent (L×I)",
    residual: "Residual (L×I)",
    band: "Level",
    moved: "Movement",
    risk_count: "risks",
    count_note: "Number in a cell: risks",
    economy: "Finances",
    budget: "Budget",
    actual: "Actual",
    variance: "Variance",
    total: "Total",
    currency_note: "Amounts in DKK. Variance = actual − budget (positive: overspend).",
    this_period: "Work this period",
    next_period: "Next period",
    issues: "Issues and exceptions",
    decisions_needed: "Decisions requested",
    nothing: "Nothing to report.",
    none_listed: "None.",
    planned_count: "planned",
    met_count: "met",
    slipped_count: "slipped",
    page: "Page",
    of: "of",
};

pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    }
}

/// A RAG status in words. Grey says why it is grey, since "grey" alone means nothing.
pub(crate) fn rag(value: &str, lang: Lang) -> String {
    let w = match (lang, value) {
        (Lang::Da, "green") => "Grøn",
        (Lang::Da, "amber") => "Gul",
        (Lang::Da, "red") => "Rød",
        (Lang::Da, "grey") => "Grå (ikke rapporteret)",
        (Lang::En, "green") => "Green",
        (Lang::En, "amber") => "Amber",
        (Lang::En, "red") => "Red",
        (Lang::En, "grey") => "Grey (not reported)",
        _ => return value.to_string(),
    };
    w.to_string()
}

/// A RAG status in one word, where a legend nearby explains grey.
pub(crate) fn rag_short(value: &str, lang: Lang) -> String {
    match (lang, value) {
        (Lang::Da, "grey") => "Grå".to_string(),
        (Lang::En, "grey") => "Grey".to_string(),
        _ => rag(value, lang),
    }
}

/// A trend as an arrow and a word (the arrow alone is easy to miss in print).
pub(crate) fn trend(value: &str, lang: Lang) -> String {
    let w = match (lang, value) {
        (Lang::Da, "improving" | "up") => "↑ forbedret",
        (Lang::Da, "stable" | "flat") => "→ uændret",
        (Lang::Da, "worsening" | "down") => "↓ forværret",
        (Lang::Da, "unknown") => "· ukendt",
        (Lang::En, "improving" | "up") => "↑ improving",
        (Lang::En, "stable" | "flat") => "→ steady",
        (Lang::En, "worsening" | "down") => "↓ worsening",
        (Lang::En, "unknown") => "· unknown",
        _ => return value.to_string(),
    };
    w.to_string()
}

/// A risk band in words.
pub(crate) fn band(value: &str, lang: Lang) -> String {
    let w = match (lang, value) {
        (Lang::Da, "low") => "Lav",
        (Lang::Da, "medium") => "Middel",
        (Lang::Da, "high") => "Høj",
        (Lang::En, "low") => "Low",
        (Lang::En, "medium") => "Medium",
        (Lang::En, "high") => "High",
        _ => return value.to_string(),
    };
    w.to_string()
}

/// A risk's movement since the last meeting.
pub(crate) fn moved(value: &str, lang: Lang) -> String {
    let w = match (lang, value) {
        (Lang::Da, "up") => "↑ skærpet",
        (Lang::Da, "down") => "↓ mindsket",
        (Lang::En, "up") => "↑ increased",
        (Lang::En, "down") => "↓ decreased",
        _ => return value.to_string(),
    };
    w.to_string()
}

/// A status dimension in words.
pub(crate) fn dimension(value: &str, lang: Lang) -> String {
    let w = match (lang, value) {
        (Lang::Da, "overall") => "Samlet",
        (Lang::Da, "time") => "Tid",
        (Lang::Da, "cost") => "Økonomi",
        (Lang::Da, "scope") => "Omfang",
        (Lang::Da, "quality") => "Kvalitet",
        (Lang::Da, "benefit") => "Gevinst",
        (Lang::En, "overall") => "Overall",
        (Lang::En, "time") => "Time",
        (Lang::En, "cost") => "Cost",
        (Lang::En, "scope") => "Scope",
        (Lang::En, "quality") => "Quality",
        (Lang::En, "benefit") => "Benefit",
        _ => return value.to_string(),
    };
    w.to_string()
}

/// A life-cycle phase in words.
pub(crate) fn phase(value: &str, lang: Lang) -> String {
    let w = match (lang, value) {
        (Lang::Da, "analysis") => "Analyse",
        (Lang::Da, "tender") => "Udbud",
        (Lang::Da, "implementation") => "Gennemførelse",
        (Lang::Da, "operation") => "Drift",
        (Lang::Da, "closed") => "Afsluttet",
        (Lang::En, "analysis") => "Analysis",
        (Lang::En, "tender") => "Tender",
        (Lang::En, "implementation") => "Implementation",
        (Lang::En, "operation") => "Operation",
        (Lang::En, "closed") => "Closed",
        _ => return value.to_string(),
    };
    w.to_string()
}

/// Whole kroner with thousands separators ("1.250.000" in Danish, "1,250,000" in
/// English); `signed` writes "+" before a positive number, for variances. The minus is
/// U+2212, which cannot be misread as a hyphen in a table.
pub(crate) fn money(n: i64, signed: bool, lang: Lang) -> String {
    let sep = match lang {
        Lang::Da => '.',
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    match (n < 0, signed && n > 0) {
        (true, _) => format!("−{out}"),
        (false, true) => format!("+{out}"),
        _ => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_signs_variances() {
        assert_eq!(money(1_250_000, false, Lang::Da), "1.250.000");
        assert_eq!(money(-50_000, true, Lang::Da), "−50.000");
        assert_eq!(money(999, true, Lang::En), "+999");
        assert_eq!(money(0, true, Lang::En), "0");
    }

    #[test]
    fn every_rag_has_a_word_and_unknown_words_survive() {
        for r in ["green", "amber", "red", "grey"] {
            assert_ne!(rag(r, Lang::Da), r);
            assert_ne!(rag(r, Lang::En), r);
        }
        assert_eq!(rag("purple", Lang::Da), "purple");
    }
}
