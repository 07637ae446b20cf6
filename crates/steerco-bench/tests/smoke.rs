//! `make test`'s bench smoke: the bench at its quick size, run by the tests
//! stage. Cargo builds the bench for this test with the tests' features, so
//! the smoke needs no second build of the crates (a separate `cargo run` of
//! the bench built them all again, and on CI's disk that once ran out).
//! Its push and join through a server run the `steerco-server` beside it,
//! which the server's own tests in the same run have built.

use std::process::Command;

/// The start of each figure's line: a figure the bench stopped printing (or
/// a part of it that failed) fails the smoke.
const FIGURES: &[&str] = &[
    "write path, one transaction:",
    "write path / baseline:",
    "the write path's floor",
    "write path, one transaction per action:",
    "history compression",
    "storage: workspace",
    "portfolio query",
    "canonical export:",
    "merge 10002 changes into an empty replica:",
    "merge 7891 updates into a replica that has the rows:",
    "merge the same 10002 changes again",
    "sync with nothing new",
    "join from the folder:",
    "join from a snapshot",
    "push to a sync server:",
    "join from a sync server:",
    "committee work:",
    "open a meeting of 50 agenda items",
    "full-text search \"beslut\"",
    "full-text search \"økonomien tidsplan\"",
    "full-text search \"forsink\"",
    "minutes PDF of that meeting:",
    "dashboard data",
    "heat map (residual):",
    "annual status report PDF (100 initiatives):",
    "annual status report PDF of the demo:",
    "board pack",
    "papers: 20 of 1 MiB attached",
    "papers: sync sending",
    "papers: join fetching",
    "workspace file:",
];

#[test]
fn the_quick_bench_prints_every_figure() {
    let out = Command::new(env!("CARGO_BIN_EXE_steerco-bench"))
        .arg("--quick")
        .output()
        .expect("the bench runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Shown by nextest (its config shows this test's output on success too):
    // the smoke's figures are part of `make test`'s log.
    println!("{stdout}");
    assert!(out.status.success(), "the bench failed: {stderr}");
    let missing: Vec<&&str> = FIGURES
        .iter()
        .filter(|f| !stdout.lines().any(|l| l.starts_with(**f)))
        .collect();
    assert!(missing.is_empty(), "figures not printed: {missing:?}");
}
