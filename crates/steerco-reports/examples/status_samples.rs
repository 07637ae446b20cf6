//! Writes the chair's reports (from the test fixtures) to a folder, for eyeballing and
//! timing: `cargo run --release -p steerco-reports --example status_samples -- DIR`
//!
//! Also times the status report of the whole strategy (33 initiatives).

use std::time::Instant;

use steerco_reports::*;

#[path = "../tests/common/status.rs"]
#[allow(dead_code)]
mod fixtures;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "reports-samples/status".into());
    std::fs::create_dir_all(&dir)?;
    let da = ExportOptions::default();
    let en = ExportOptions {
        language: Lang::En,
        ..da
    };
    let s = fixtures::status_report();
    let dl = fixtures::deliverables();
    let h = fixtures::highlight();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("status.pdf", status_report_pdf(&s, &da)?),
        ("status-en.pdf", status_report_pdf(&s, &en)?),
        ("status.docx", status_report_docx(&s, &da)?),
        ("status.md", status_report_md(&s, &da).into_bytes()),
        ("deliverables.pdf", deliverables_pdf(&dl, &da)?),
        ("deliverables.docx", deliverables_docx(&dl, &da)?),
        ("deliverables.md", deliverables_md(&dl, &da).into_bytes()),
        ("highlight.pdf", highlight_pdf(&h, &da)?),
        ("highlight.docx", highlight_docx(&h, &da)?),
        ("highlight.md", highlight_md(&h, &da).into_bytes()),
        (
            "status-33.docx",
            status_report_docx(&fixtures::big_status_report(), &da)?,
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(format!("{dir}/{name}"), bytes)?;
    }

    let big = fixtures::big_status_report();
    let t = Instant::now();
    let pdf = status_report_pdf(&big, &da)?;
    let took = t.elapsed();
    std::fs::write(format!("{dir}/status-33.pdf"), &pdf)?;
    println!(
        "status report, 33 initiatives: {} bytes in {took:.2?}",
        pdf.len()
    );
    Ok(())
}
