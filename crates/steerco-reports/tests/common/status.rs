//! Fixtures for the chair's reports: a small Danish portfolio with æøå, a hostile
//! reason, risks, decisions and budgets; and the full 33-initiative portfolio.

use chrono::NaiveDate;
use steerco_reports::*;

pub const TITLE_8_1: &str = "God data og effektiv datadeling";
pub const YEAR_DECISION: &str =
    "Styregruppen prioriterer grunddata om adresser før ejendomsdata i 2026";
pub const RISK_DANISH: &str =
    "Forsinket levering fra Ørestad-leverandøren på grund af få ressourcer";
pub const HOSTILE_REASON: &str = "Se <script>alert(1)</script> og [klik](javascript:x) | *fed*";

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn initiative(code: &str, title: &str, overall: &str, trend: Option<&str>) -> InitiativeStatus {
    InitiativeStatus {
        code: code.into(),
        title: title.into(),
        phase: Some("implementation".into()),
        overall: overall.into(),
        trend: trend.map(Into::into),
        dimensions: vec![
            ("time".into(), overall.into()),
            ("cost".into(), "green".into()),
            ("scope".into(), "green".into()),
        ],
        reason: None,
    }
}

fn milestone(code: &str, title: &str, planned: NaiveDate, done: Option<NaiveDate>) -> MilestoneRow {
    MilestoneRow {
        initiative: code.into(),
        title: title.into(),
        planned,
        first_planned: None,
        done,
        slipped: done.is_some_and(|x| x > planned),
    }
}

pub fn risks() -> Vec<RiskRow> {
    vec![
        RiskRow {
            initiative: "8.1".into(),
            title: RISK_DANISH.into(),
            owner: Some("Bjørn Ærbø".into()),
            inherent: (5, 5),
            residual: (4, 5),
            band: "high".into(),
            moved: Some("up".into()),
        },
        RiskRow {
            initiative: "2.3".into(),
            title: "Kommunernes økonomi giver ikke plads til lokal udrulning".into(),
            owner: Some("Åse Østergård".into()),
            inherent: (4, 4),
            residual: (3, 3),
            band: "medium".into(),
            moved: Some("down".into()),
        },
        RiskRow {
            initiative: "1.1".into(),
            title: "Borgernes brug af den nye løsning bliver lavere end forventet".into(),
            owner: None,
            inherent: (3, 2),
            residual: (2, 2),
            band: "low".into(),
            moved: None,
        },
    ]
}

pub fn bands() -> Vec<Band> {
    vec![
        Band {
            name: "low".into(),
            max_score: 4,
        },
        Band {
            name: "medium".into(),
            max_score: 12,
        },
        Band {
            name: "high".into(),
            max_score: 25,
        },
    ]
}

pub fn heat_map(risks: &[RiskRow]) -> HeatMap {
    let mut counts = [[0u32; 5]; 5];
    for r in risks {
        counts[usize::from(r.residual.0) - 1][usize::from(r.residual.1) - 1] += 1;
    }
    HeatMap {
        residual: true,
        counts,
        bands: bands(),
    }
}

pub fn focus_areas() -> Vec<FocusAreaStatus> {
    let mut data_81 = initiative("8.1", TITLE_8_1, "amber", Some("worsening"));
    data_81.reason = Some("Grunddata om ejendomme forsinket; ny plan forelægges i juni.".into());
    let mut post = initiative(
        "1.1",
        "Digital Post til alle – også på mobilen",
        "green",
        Some("stable"),
    );
    post.reason = Some(HOSTILE_REASON.into());
    let mut grey = initiative(
        "2.3",
        "Hurtigere sagsbehandling med automatisering",
        "grey",
        None,
    );
    grey.dimensions.clear();
    grey.phase = Some("analysis".into());
    vec![
        FocusAreaStatus {
            number: Some(1),
            name: "Brugervenlige og enkle digitale løsninger".into(),
            initiatives: vec![
                post,
                initiative(
                    "1.2",
                    "Mere selvbetjening på borger.dk",
                    "green",
                    Some("improving"),
                ),
            ],
        },
        FocusAreaStatus {
            number: Some(2),
            name: "Hurtigere og mere effektiv sagsbehandling".into(),
            initiatives: vec![
                grey,
                initiative(
                    "2.1",
                    "Fælles kommunal sagsoverblik",
                    "red",
                    Some("worsening"),
                ),
            ],
        },
        FocusAreaStatus {
            number: Some(8),
            name: "Robust digitalt fundament".into(),
            initiatives: vec![
                data_81,
                initiative(
                    "8.2",
                    "Sikker digital identitet (MitID)",
                    "green",
                    Some("stable"),
                ),
            ],
        },
    ]
}

pub fn year_decisions() -> Vec<DecisionRow> {
    vec![DecisionRow {
        id: "d-2026-07".into(),
        date: d(2026, 3, 4),
        committee: "Styregruppe for fælles it".into(),
        meeting: "Møde nr. 4".into(),
        text: YEAR_DECISION.into(),
        status: "adopted".into(),
        supersedes: None,
        initiative: Some("8.1".into()),
    }]
}

pub fn budget() -> Vec<BudgetRow> {
    vec![
        BudgetRow {
            initiative: "1.1".into(),
            title: "Digital Post til alle".into(),
            year: 2026,
            budget: 4_500_000,
            actual: 4_210_000,
        },
        BudgetRow {
            initiative: "8.1".into(),
            title: TITLE_8_1.into(),
            year: 2026,
            budget: 12_000_000,
            actual: 13_250_000,
        },
    ]
}

pub fn status_report() -> StatusReport {
    let risks = risks();
    StatusReport {
        workspace: "Digitaliseringsstyrelsen (demo)".into(),
        sample_data: true,
        year: 2026,
        generated_on: d(2026, 12, 15),
        as_of: d(2026, 12, 15),
        summary: vec![
            "Porteføljen er overordnet på sporet. Fokusområde 8 kræver styregruppens opmærksomhed."
                .into(),
            "Forbruget ligger 0,8 mio. kr. over budget, næsten alt i initiativ 8.1.".into(),
        ],
        focus_areas: focus_areas(),
        milestones_reached: vec![milestone(
            "1.1",
            "Digital Post-app i drift",
            d(2026, 3, 1),
            Some(d(2026, 2, 27)),
        )],
        milestones_slipped: vec![MilestoneRow {
            first_planned: Some(d(2026, 6, 1)),
            slipped: true,
            ..milestone(
                "8.1",
                "Ejendomsdata på Datafordeleren",
                d(2026, 11, 1),
                None,
            )
        }],
        overdue_actions: 2,
        decisions: year_decisions(),
        heatmap: heat_map(&risks),
        top_risks: risks,
        budget: budget(),
    }
}

/// The whole strategy: 9 focus areas, 33 initiatives, as many risks and budget rows.
pub fn big_status_report() -> StatusReport {
    let names = [
        "Brugervenlige og enkle digitale løsninger",
        "Hurtigere og mere effektiv sagsbehandling",
        "Bedre sammenhæng i velfærden",
        "Digitale løsninger til erhvervslivet",
        "Vækst gennem data",
        "Digital velfærd",
        "Tryghed og informationssikkerhed",
        "Robust digitalt fundament",
        "Alle skal med",
    ];
    let per_area = [4, 4, 3, 4, 3, 4, 4, 4, 3];
    let rags = ["green", "green", "amber", "red", "grey", "green", "amber"];
    let trends = ["stable", "improving", "worsening", "unknown"];
    let mut n = 0;
    let mut risks = Vec::new();
    let mut budget = Vec::new();
    let focus_areas = names
        .iter()
        .zip(per_area)
        .enumerate()
        .map(|(a, (name, count))| FocusAreaStatus {
            number: Some(a as u32 + 1),
            name: name.to_string(),
            initiatives: (1..=count)
                .map(|k| {
                    n += 1;
                    let code = format!("{}.{k}", a + 1);
                    let title = if code == "8.1" {
                        TITLE_8_1.to_string()
                    } else {
                        format!("Initiativ {code}: fælles løsning for ærinder og økonomi")
                    };
                    let l = (n % 5 + 1) as u8;
                    let i = (n * 3 % 5 + 1) as u8;
                    risks.push(RiskRow {
                        initiative: code.clone(),
                        title: format!("Risiko for forsinkelse i {code} på grund af ændrede krav"),
                        owner: Some("Søren Ødegård".into()),
                        inherent: (l.max(2), i.max(2)),
                        residual: (l, i),
                        band: if u32::from(l) * u32::from(i) > 12 {
                            "high"
                        } else if u32::from(l) * u32::from(i) > 4 {
                            "medium"
                        } else {
                            "low"
                        }
                        .into(),
                        moved: None,
                    });
                    budget.push(BudgetRow {
                        initiative: code.clone(),
                        title: title.clone(),
                        year: 2026,
                        budget: 1_000_000 * n as i64,
                        actual: 1_000_000 * n as i64 + (n as i64 - 16) * 45_000,
                    });
                    let mut s = initiative(
                        &code,
                        &title,
                        rags[n % rags.len()],
                        Some(trends[n % trends.len()]),
                    );
                    s.reason = Some(
                        "Leverandøren har meldt en ny plan; styregruppen følger op på næste møde."
                            .into(),
                    );
                    s
                })
                .collect(),
        })
        .collect();
    let mut r = status_report();
    r.focus_areas = focus_areas;
    r.heatmap = heat_map(&risks);
    risks.truncate(10);
    r.top_risks = risks;
    r.budget = budget;
    r
}

pub fn deliverables() -> DeliverablesReport {
    DeliverablesReport {
        workspace: "Digitaliseringsstyrelsen (demo)".into(),
        sample_data: true,
        half: "2026-H1".into(),
        from: d(2026, 1, 1),
        to: d(2026, 6, 30),
        initiatives: vec![
            Deliverables {
                code: "1.1".into(),
                title: "Digital Post til alle – også på mobilen".into(),
                milestones: vec![milestone(
                    "1.1",
                    "Digital Post-app i drift",
                    d(2026, 3, 1),
                    Some(d(2026, 2, 27)),
                )],
            },
            Deliverables {
                code: "8.1".into(),
                title: TITLE_8_1.into(),
                milestones: vec![
                    milestone(
                        "8.1",
                        "Adressedata på Datafordeleren",
                        d(2026, 2, 1),
                        Some(d(2026, 3, 15)),
                    ),
                    MilestoneRow {
                        slipped: true,
                        ..milestone("8.1", "Ejendomsdata på Datafordeleren", d(2026, 6, 1), None)
                    },
                    milestone("8.1", "Fælles datamodel vedtaget", d(2026, 6, 20), None),
                ],
            },
        ],
    }
}

pub fn highlight() -> HighlightReport {
    let mut status = focus_areas()[2].initiatives[0].clone();
    status.dimensions = vec![
        ("time".into(), "red".into()),
        ("cost".into(), "amber".into()),
        ("scope".into(), "green".into()),
        ("benefit".into(), "grey".into()),
    ];
    HighlightReport {
        workspace: "Digitaliseringsstyrelsen (demo)".into(),
        sample_data: true,
        code: "8.1".into(),
        title: TITLE_8_1.into(),
        period: "2026-Q1".into(),
        generated_on: d(2026, 4, 2),
        status,
        status_summary: "Adressedata er leveret, seks uger for sent.\n\nEjendomsdata er forsinket af leverandøren.".into(),
        this_period: "Adressedata sat i drift på Datafordeleren.".into(),
        next_period: "Ny plan for ejendomsdata; test med tre kommuner.".into(),
        issues: String::new(),
        risks: risks()[..1].to_vec(),
        decisions_needed: "Styregruppen bedes godkende en ny tidsplan med levering 1. november.".into(),
        milestones: deliverables().initiatives[1].milestones.clone(),
        budget: budget()[1..].to_vec(),
    }
}
