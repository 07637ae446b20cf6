//! Load figures for the sync server, side by side (not part of `make test`;
//! `make load` runs it under a throwaway PostgreSQL cluster):
//!
//!   cargo build --release -p steerco-server --examples
//!   target/release/examples/load [--clients 100] [--seconds 20] [--changes 20]
//!       [--every-ms 500] [--pg-env STEERCO_TEST_PG]
//!
//! Four runs, each on fresh servers with a fresh database: one instance on
//! SQLite, and two instances on one PostgreSQL database (made for the run in
//! the server that the URL in the --pg-env variable names, and dropped after;
//! without that variable only SQLite runs, and the table says so); each in a
//! closed loop (every client pushes and pulls again at once: the machine runs
//! flat out, latency is mostly waiting for a core) and at a fixed offered
//! load (each client starts one push and pull every --every-ms).
//! The table's heading says how durably each database committed: the
//! server's SQLite waits for the disk (synchronous=FULL); a PostgreSQL
//! server with fsync off (tools/pg-cluster's, unless PG_CLUSTER_FSYNC=on)
//! does not, and is then not comparable.
//!
//! Starts the real `steerco-server` (beside this example, or
//! $STEERCO_SERVER_BIN). Each client is a member with its own token and
//! replica that pushes one segment (--changes synthetic changes) and pulls
//! every segment after its cursor, through instance (client mod instances).
//! One event stream listener per instance times push-to-notify for pushes
//! through the other instance (so with two, every notify crossed instances
//! through PostgreSQL). Every run checks that each segment pushed is stored
//! exactly once in strictly increasing server order and that every client
//! pulled each exactly once. Prints one Markdown table.

mod deploy;
mod run;

use std::path::PathBuf;
use std::time::Duration;

use deploy::{pg_durability, Backend, Deployment};
use run::{Figures, Options};

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} {v}: not a value"))
        })
        .unwrap_or(default)
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// "p50 / p99" in milliseconds.
fn p50_p99(v: &mut [Duration]) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "{:.1} / {:.1}",
        ms(percentile(v, 0.5)),
        ms(percentile(v, 0.99))
    )
}

fn memory(peaks: &[Option<u64>]) -> String {
    peaks
        .iter()
        .map(|p| {
            p.map_or("n/a".to_string(), |k| {
                format!("{:.0} MiB", k as f64 / 1024.0)
            })
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn main() {
    let clients: usize = arg("--clients", 100);
    let every_ms: u64 = arg("--every-ms", 500);
    assert!(
        clients > 0 && every_ms > 0,
        "--clients and --every-ms must be above 0"
    );
    let options = |every_ms: u64| Options {
        clients,
        seconds: arg("--seconds", 20),
        changes: arg("--changes", 20),
        every: Duration::from_millis(every_ms),
    };
    let bin = std::env::var_os("STEERCO_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().unwrap();
            let release = exe.parent().unwrap().parent().unwrap();
            release.join(format!("steerco-server{}", std::env::consts::EXE_SUFFIX))
        });
    let pg_env: String = arg("--pg-env", "STEERCO_TEST_PG".to_string());
    let mut setups = vec![("SQLite, 1 instance", Backend::Sqlite, 1)];
    let mut durability = "SQLite synchronous=FULL".to_string();
    match std::env::var(&pg_env) {
        Ok(url) => {
            durability += &format!("; PostgreSQL {}", pg_durability(&url));
            setups.push(("PostgreSQL, 2 instances", Backend::Postgres(url), 2));
        }
        Err(_) => eprintln!("${pg_env} is not set: the PostgreSQL runs are left out"),
    }
    let offered = clients as f64 * 1000.0 / every_ms as f64;
    let modes = [
        ("closed loop".to_string(), 0),
        (format!("offered {offered:.0}/s"), every_ms),
    ];
    let o = options(0);
    println!(
        "{clients} clients, {} s per run, {} changes per segment, fixed load: one push and pull every {every_ms} ms per client; {durability}",
        o.seconds, o.changes
    );
    println!();
    println!("| setup | mode | segments/s | push p50 / p99 ms | pull p50 / p99 ms | notify p50 / p99 ms | server peak RSS |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    let mut notes = Vec::new();
    for (setup, backend, instances) in &setups {
        for (mode, every) in &modes {
            let dep = Deployment::start(&bin, backend, *instances, run::WORKSPACE);
            let mut f: Figures = run::run(&dep, &options(*every));
            let rss = memory(&dep.peak_rss_kib());
            drop(dep);
            println!(
                "| {setup} | {mode} | {:.0} | {} | {} | {} | {rss} |",
                f.per_second,
                p50_p99(&mut f.push),
                p50_p99(&mut f.pull),
                p50_p99(&mut f.notify),
            );
            notes.push(format!(
                "{setup}, {mode}: {} segments pushed, {} pull requests, {} of {} notifies heard; none lost, doubled or out of order",
                f.pushed,
                f.pull.len(),
                f.notify.len(),
                f.notify_expected
            ));
        }
    }
    println!();
    for n in notes {
        println!("{n}");
    }
}
