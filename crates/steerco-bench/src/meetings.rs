//! Committee work at scale: the bench workspace extended with meetings and
//! outcomes; opening the largest meeting, full-text search, and its minutes
//! as PDF, through the same functions the app and the CLI call.

use std::time::{Duration, Instant};

use steerco_reports::from_store::{minutes_file, Format};
use steerco_reports::ExportOptions;
use steerco_store::{RowChange, Store};

use crate::generate::Generator;
use crate::ms;

/// Words of minutes, with inflected forms so prefixes have work to do.
const WORDS: [&str; 24] = [
    "beslutning",
    "beslutningen",
    "besluttede",
    "styregruppen",
    "udbud",
    "udbuddet",
    "økonomi",
    "økonomien",
    "tidsplan",
    "tidsplanen",
    "risiko",
    "risikoen",
    "leverance",
    "leverancerne",
    "arkitektur",
    "datadeling",
    "sikkerhed",
    "kommunerne",
    "regionerne",
    "staten",
    "forsinkelse",
    "godkendt",
    "opfølgning",
    "næste",
];

fn text(gen: &mut Generator, n: usize) -> String {
    (0..n)
        .map(|_| WORDS[gen.below(WORDS.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Add `meetings` meetings with `outcomes` outcomes in all to `store`, plus
/// one meeting of 50 agenda items and 200 outcomes; returns that meeting's id.
fn extend(
    store: &mut Store,
    gen: &mut Generator,
    meetings: usize,
    outcomes: usize,
) -> Result<String, Box<dyn std::error::Error>> {
    let mut batch = Vec::new();
    let committees: Vec<String> = (0..20).map(|i| format!("bench-committee-{i}")).collect();
    for (i, c) in committees.iter().enumerate() {
        batch.push(
            RowChange::insert("committee", c.clone())
                .set("name", format!("Gruppe {i}"))
                .set("kind", if i == 0 { "portfolio" } else { "working" })
                .set("sample", false),
        );
    }
    batch.push(
        RowChange::insert("person", "bench-person")
            .set("name", "Bench Person")
            .set("sample", false),
    );
    let per_meeting = outcomes / meetings.max(1);
    let mut item_no = 0u64;
    let mut outcome_no = 0u64;
    let mut big = String::new();
    for m in 0..=meetings {
        let id = gen.id();
        let is_big = m == meetings;
        if is_big {
            big = id.clone();
        }
        let (items, outs) = if is_big { (50, 200) } else { (5, per_meeting) };
        batch.push(
            RowChange::insert("meeting", id.clone())
                .set("committee_id", committees[m % committees.len()].clone())
                .set("title", format!("Møde {m}"))
                .set(
                    "starts_at",
                    format!(
                        "20{:02}-{:02}-{:02}T09:00:00Z",
                        17 + m % 9,
                        1 + m % 12,
                        1 + m % 28
                    ),
                )
                .set("duration_min", 120)
                .set("state", "in_progress")
                .set("sample", false),
        );
        let mut item_ids = Vec::new();
        for k in 0..items {
            item_no += 1;
            let item = format!("bench-item-{item_no}");
            batch.push(
                RowChange::insert("agenda_item", item.clone())
                    .set("meeting_id", id.clone())
                    .set("position", format!("{k:04}"))
                    .set("title", text(gen, 4))
                    .set("closed", k == 3)
                    .set("kind", "item"),
            );
            item_ids.push(item);
        }
        for o in 0..outs {
            outcome_no += 1;
            let kind = ["note", "decision", "action"][o % 3];
            let mut row = RowChange::insert("outcome", format!("bench-outcome-{outcome_no}"))
                .set("meeting_id", id.clone())
                .set("agenda_item_id", item_ids[o % item_ids.len()].clone())
                .set("kind", kind)
                .set("text", text(gen, 14))
                .set("recorded_at", "2026-01-01T10:00:00.000Z");
            if kind == "action" {
                row = row
                    .set("owner_id", "bench-person")
                    .set("due_date", "2026-06-01")
                    .set("task_state", "todo")
                    .set(
                        "board_committee_id",
                        committees[m % committees.len()].clone(),
                    );
            } else if kind == "decision" {
                row = row.set("decision_status", "adopted");
            }
            batch.push(row);
        }
    }
    store.write(batch)?;
    Ok(big)
}

pub fn run(store: &mut Store, seed: u64, quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    let (meetings, outcomes) = if quick { (500, 5_000) } else { (5_000, 50_000) };
    let mut gen = Generator::new(seed ^ 0x5eed);
    let start = Instant::now();
    let big = extend(store, &mut gen, meetings, outcomes)?;
    println!(
        "committee work: {meetings} meetings and {outcomes} outcomes (+1 meeting of 50 items, 200 outcomes) written in {}",
        ms(start.elapsed())
    );

    let mut times = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let view = store.meeting(&big)?;
        times.push(start.elapsed());
        assert_eq!(view.items.len(), 50);
    }
    println!(
        "open a meeting of 50 agenda items and 200 outcomes: median {} (target under 100 ms)",
        ms(median(times))
    );

    for query in ["beslut", "økonomien tidsplan", "forsink"] {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..20 {
            let start = Instant::now();
            hits = store.search(query, 50)?.len();
            times.push(start.elapsed());
        }
        println!(
            "full-text search {query:?} over {} outcomes and {} agenda items (first 50 hits by relevance, then date): median {} [{hits} shown] (target under 10 ms)",
            outcomes + 200,
            meetings * 5 + 50,
            ms(median(times))
        );
    }

    let start = Instant::now();
    let pdf = minutes_file(store, &big, Format::Pdf, ExportOptions::default())?;
    println!(
        "minutes PDF of that meeting: {} ({} KiB) (target under 1 s)",
        ms(start.elapsed()),
        pdf.len() / 1024
    );
    Ok(())
}
