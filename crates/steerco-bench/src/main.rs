//! `make bench`: Steerco's figures, measured through the same store functions
//! the CLI and the app call, on a workspace from a seeded generator.
//!
//! steerco-bench [--quick] [--seed N] [--only reads|write|sync]
//!   --quick  the smoke size `make test` runs (100 initiatives, 5,000 changes)
//!   --only reads  only the read figures (portfolio, meetings and search, overview)
//!   --only write  only the write path's figures and the workspace's size
//!   --only sync  only the sync figures (merges, no-op sync, joins)

mod generate;
mod meetings;
mod overview;
mod pack;
mod papers;
mod server;
mod sync;
mod writes;

use std::time::{Duration, Instant};

use steerco_domain::SystemClock;
use steerco_store::{migrate, NewWorkspace, Store};

struct Size {
    initiatives: usize,
    further_changes: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let seed = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(2016_u64);
    let size = if quick {
        Size {
            initiatives: 100,
            further_changes: 5_000,
        }
    } else {
        Size {
            initiatives: 1_000,
            further_changes: 50_000,
        }
    };
    // `--out FILE`: only write the generated workspace (the app's memory and
    // scrolling figures are measured on it).
    if let Some(out) = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
    {
        if let Err(e) = write_workspace(std::path::Path::new(out), &size, seed) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        return;
    }
    if args.windows(2).any(|w| w[0] == "--only" && w[1] == "sync") {
        if let Err(e) = sync::only(&size, seed, quick) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        return;
    }
    if args.windows(2).any(|w| w[0] == "--only" && w[1] == "write") {
        if let Err(e) = writes::only(&size, seed, quick) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        return;
    }
    let only_reads = args.windows(2).any(|w| w[0] == "--only" && w[1] == "reads");
    if let Err(e) = run(&size, seed, quick, only_reads) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn run(
    size: &Size,
    seed: u64,
    quick: bool,
    only_reads: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    println!(
        "steerco-bench{}: seed {seed}, {} initiatives x (10 status updates + 5 milestones), {} further changes",
        if quick { " --quick (smoke)" } else { "" },
        size.initiatives,
        size.further_changes
    );

    // The generator's changes, made once; every measurement applies the same list.
    let mut gen = generate::Generator::new(seed);
    let inserts = gen.portfolio(size.initiatives);
    let updates = gen.further_changes(size.further_changes);
    let rows = inserts.len() + updates.len();

    // 1. The one write path, in one transaction: the workspace the later figures read.
    let (mut store, write_one) =
        writes::one_transaction(&dir.path().join("one-tx.steerco"), &inserts, &updates)?;
    if only_reads {
        portfolio(&store)?;
        meetings::run(&mut store, seed, quick)?;
        return overview::run(&mut store, seed, quick);
    }

    // 2. The write path against plain inserts/updates of the same rows, in one
    //    transaction and one per user action; the workspace file beside the
    //    same data without history (writes.rs).
    let baseline = writes::run(dir.path(), &store, write_one, &inserts, &updates, quick)?;

    // 4. Portfolio: every initiative with its latest status per dimension.
    portfolio(&store)?;

    // 5. Canonical export.
    let start = Instant::now();
    let json = store.export_json()?;
    let export_time = start.elapsed();
    println!(
        "canonical export: {} in {}",
        human_bytes(json.len() as u64),
        ms(export_time)
    );

    sync::run(dir.path(), &gen_for_sync(size, seed), baseline, rows, quick)?;
    meetings::run(&mut store, seed, quick)?;
    overview::run(&mut store, seed, quick)?;
    pack::run(quick)?;
    papers::run(dir.path(), quick)?;

    let file_size = std::fs::metadata(store.path())?.len()
        + std::fs::metadata(wal(store.path()))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "workspace file: {} (with WAL), {} logged changes, schema v{}",
        human_bytes(file_size),
        store.change_count()?,
        migrate::latest_version()
    );
    Ok(())
}

/// The portfolio as the app shows it: every initiative with its latest
/// status per dimension and its trend.
fn portfolio(store: &Store) -> Result<(), Box<dyn std::error::Error>> {
    let mut times = Vec::new();
    let mut shown = 0;
    for _ in 0..25 {
        let start = Instant::now();
        let p = store.portfolio()?;
        times.push(start.elapsed());
        shown = p.initiatives.len();
    }
    times.sort();
    println!("portfolio query ({shown} initiatives, latest status per dimension with trend): median {}, p95 {} (target under 5 ms)",
        ms(times[times.len() / 2]), ms(times[times.len() * 95 / 100]));
    Ok(())
}

/// The source replica's changes for the sync figures: 100,000 in all (10,000 quick).
fn gen_for_sync(
    size: &Size,
    seed: u64,
) -> (Vec<steerco_store::RowChange>, Vec<steerco_store::RowChange>) {
    let mut gen = generate::Generator::new(seed ^ 0x5EED);
    let inserts = gen.portfolio(size.initiatives);
    let total = if size.initiatives >= 1000 {
        100_000
    } else {
        10_000
    };
    let updates = gen.further_changes(total - inserts.len() - 9);
    (inserts, updates)
}

fn write_workspace(
    path: &std::path::Path,
    size: &Size,
    seed: u64,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut gen = generate::Generator::new(seed);
    let mut all = generate::prelude();
    all.extend(gen.portfolio(size.initiatives));
    all.extend(gen.further_changes(size.further_changes));
    let mut store = new_store(path)?;
    store.write(all)?;
    println!(
        "wrote {} ({} initiatives)",
        path.display(),
        store.portfolio()?.known
    );
    Ok(())
}

fn wal(p: &std::path::Path) -> std::path::PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push("-wal");
    s.into()
}

fn human_bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}

pub fn new_store(path: &std::path::Path) -> Result<Store, Box<dyn std::error::Error>> {
    let mut store = Store::create(
        path,
        NewWorkspace {
            name: "Bench".into(),
            ..Default::default()
        },
        Box::new(SystemClock),
    )?;
    store.set_me("Bench")?;
    Ok(store)
}
