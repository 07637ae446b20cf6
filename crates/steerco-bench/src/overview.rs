//! The chair's overview at scale: the bench workspace extended with 5,000
//! risks (two assessments each): dashboard data, the heat map, and the annual
//! status report as PDF, through the functions the app and the CLI call.

use std::time::{Duration, Instant};

use steerco_reports::from_store::{status_report_file, Format};
use steerco_reports::ExportOptions;
use steerco_store::{RowChange, Store};

use crate::generate::Generator;
use crate::ms;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn add_risks(
    store: &mut Store,
    gen: &mut Generator,
    n: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let initiatives: Vec<String> = store
        .portfolio()?
        .initiatives
        .into_iter()
        .map(|i| i.id)
        .collect();
    let mut batch = Vec::new();
    for k in 0..n {
        let id = format!("bench-risk-{k}");
        batch.push(
            RowChange::insert("risk", id.clone())
                .set("initiative_id", initiatives[k % initiatives.len()].clone())
                .set("title", format!("Risiko {k}"))
                .set("status", if k % 10 == 0 { "closed" } else { "open" })
                .set("recorded_at", "2025-01-01T10:00:00.000Z")
                .set("sample", false),
        );
        for (a, date) in ["2025-06-01", "2026-01-15"].iter().enumerate() {
            let (l, i) = (1 + gen.below(5) as i64, 1 + gen.below(5) as i64);
            batch.push(
                RowChange::insert("risk_assessment", format!("{id}-{a}"))
                    .set("risk_id", id.clone())
                    .set("likelihood", l)
                    .set("impact", i)
                    .set("residual_likelihood", (l - 1).max(1))
                    .set("residual_impact", i)
                    .set("assessed_on", *date)
                    .set("recorded_at", format!("{date}T10:00:00.000Z")),
            );
        }
    }
    store.write(batch)?;
    Ok(())
}

pub fn run(store: &mut Store, seed: u64, quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    let risks = if quick { 500 } else { 5_000 };
    let mut gen = Generator::new(seed ^ 0x0715);
    add_risks(store, &mut gen, risks)?;
    let runs = if quick { 3 } else { 10 };
    let mut times = Vec::new();
    let mut initiatives = 0;
    for _ in 0..runs {
        let start = Instant::now();
        initiatives = store.dashboard()?.initiatives.len();
        times.push(start.elapsed());
    }
    println!(
        "dashboard data ({initiatives} initiatives, {risks} risks): median {} (target under 30 ms)",
        ms(median(times))
    );
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let map = store.heatmap(true, None)?;
        times.push(start.elapsed());
        assert!(map.counts.iter().flatten().sum::<i64>() > 0);
    }
    println!(
        "heat map (residual): median {} (target under 20 ms)",
        ms(median(times))
    );
    let start = Instant::now();
    let pdf = status_report_file(store, 2025, Format::Pdf, ExportOptions::default())?;
    println!(
        "annual status report PDF ({initiatives} initiatives): {} ({} KiB) (target under 10 s)",
        ms(start.elapsed()),
        pdf.len() / 1024
    );
    // The demo's report (target under 2 s).
    let dir = tempfile::tempdir()?;
    let mut demo = crate::new_store(&dir.path().join("demo.steerco"))?;
    demo.load_demo()?;
    let start = Instant::now();
    let pdf = status_report_file(&demo, 2017, Format::Pdf, ExportOptions::default())?;
    println!(
        "annual status report PDF of the demo: {} ({} KiB) (target under 2 s)",
        ms(start.elapsed()),
        pdf.len() / 1024
    );
    Ok(())
}
