//! steerco sync ..., steerco conflict ...

use std::io::IsTerminal;
use steerco_domain::SystemClock;
use steerco_store::merge::Resolution;
use steerco_sync::folder::join_folder;

use steerco_store::LocalKey;
use steerco_sync::papers::{Fetch, PapersReport, Progress};
use steerco_sync::{sync_folder_text, Compaction, SyncReport};

use super::{CliError, Ctx, Result};
use crate::args::{ConflictVerb, SyncVerb};
use crate::output;

fn print_report(r: &SyncReport) -> Result {
    output::line(&format!(
        "sent {} changes in {} files; received {} files: {} changes applied, {} already here, {} waiting; {} conflicts",
        r.sent, r.segments_written, r.segments_applied, r.merge.applied, r.merge.skipped, r.merge.pending, r.merge.conflicts
    ))?;
    for (replica, ahead) in &r.merge.clock_ahead {
        output::line(&format!(
            "warning: the clock of replica {replica} is {} minutes ahead of this machine's; its changes are kept, and later edits here still take precedence. Ask its user to correct the computer's date and time.",
            ahead / 60
        ))?;
    }
    for (path, why) in &r.set_aside {
        output::line(&format!("set aside {}: {why}", path.display()))?;
    }
    if r.resent > 0 {
        output::line(&format!(
            "sent again {} change files the server had lost",
            r.resent
        ))?;
    }
    print_papers(&r.papers)?;
    if let Some((first, last)) = r.lost {
        output::line(&format!(
            "warning: the server lost change files {first} to {last} of this copy (restored from an older backup?) and this version cannot send them again: the other members wait for them. Tell the server's administrator."
        ))?;
    }
    Ok(())
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The papers step's line (when there was anything to say) and problems.
fn print_papers(p: &PapersReport) -> Result {
    if p.sent + p.received + p.waiting.len() + p.not_fetched > 0 {
        output::line(&format!(
            "papers: sent {} ({}), received {} ({}), {} waiting, {} not fetched (other committees)",
            p.sent,
            mib(p.sent_bytes),
            p.received,
            mib(p.received_bytes),
            p.waiting.len(),
            p.not_fetched
        ))?;
    }
    for problem in &p.problems {
        output::line(&format!("paper not moved: {problem}"))?;
    }
    Ok(())
}

/// Progress of the papers step on stderr, when a person watches it.
fn papers_progress() -> impl FnMut(&Progress) {
    let tty = std::io::stderr().is_terminal();
    move |p: &Progress| {
        if tty && p.files_total > 0 {
            eprint!(
                "\rpapers: {}/{} files, {} of {}   ",
                p.files_done,
                p.files_total,
                mib(p.bytes_done),
                mib(p.bytes_total)
            );
            if p.files_done == p.files_total {
                eprintln!();
            }
        }
    }
}

/// A server sync's error as the CLI reports it (one line, exit 1).
fn server_error(e: steerco_sync::ServerError) -> CliError {
    match e {
        steerco_sync::ServerError::Sync(e) => CliError::Sync(e),
        e => CliError::Input(e.to_string()),
    }
}

/// The value of the environment variable a `--...-env` flag names.
fn secret(var: &Option<String>, flag: &str) -> std::result::Result<Option<String>, CliError> {
    match var {
        Some(var) => std::env::var(var).map(Some).map_err(|_| {
            CliError::Input(format!(
                "the environment variable {var} ({flag}) is not set"
            ))
        }),
        None => Ok(None),
    }
}

pub fn sync(ctx: &Ctx, verb: SyncVerb) -> Result {
    match verb {
        SyncVerb::Folder {
            dir,
            passphrase_env,
            plan,
            new_passphrase_env,
        } => {
            // Secrets never travel as arguments: the flag names a variable.
            let passphrase = secret(&passphrase_env, "--passphrase-env")?;
            let passphrase = passphrase.as_deref();
            if let (Some(old), Some(new)) = (
                passphrase,
                secret(&new_passphrase_env, "--new-passphrase-env")?,
            ) {
                let mut store = ctx.open_for_change()?;
                let report = steerco_sync::change_passphrase(&mut store, &dir, old, &new)?;
                print_report(&report)?;
                output::line(
                    "passphrase changed: the folder is re-sealed; other members need the new passphrase",
                )?;
                return Ok(());
            }
            if !ctx.workspace.exists() {
                let (_, report) =
                    join_folder(&ctx.workspace, &dir, passphrase, Box::new(SystemClock))?;
                output::line(&format!(
                    "joined {} into {}",
                    dir.display(),
                    ctx.workspace.display()
                ))?;
                return print_report(&report);
            }
            if plan {
                let mut store = ctx.open()?;
                return output::json(&steerco_sync::plan_folder(&mut store, &dir, passphrase)?);
            }
            let mut store = ctx.open_for_change()?;
            let (mut report, papers) =
                sync_folder_text(&mut store, &dir, passphrase, Compaction::default())?;
            report.papers = papers.run(&mut papers_progress());
            print_report(&report)
        }
        SyncVerb::Server {
            url,
            servers,
            token_env,
            passphrase_env,
            new_passphrase_env,
        } => {
            let mut urls: Vec<String> = url.into_iter().chain(servers).collect();
            if urls.is_empty() {
                let path = steerco_app_core::preset::system_path();
                urls = steerco_app_core::preset::addresses(&steerco_app_core::preset::read(&path));
                if urls.is_empty() {
                    return Err(CliError::Input(format!(
                        "give the workspace's address on the server (no server preset in {})",
                        path.display()
                    )));
                }
            }
            let token = secret(&Some(token_env), "--token-env")?.unwrap_or_default();
            let client =
                steerco_sync::server::Client::new_many(&urls, &token).map_err(server_error)?;
            let passphrase = secret(&passphrase_env, "--passphrase-env")?;
            let passphrase = passphrase.as_deref();
            if let (Some(old), Some(new)) = (
                passphrase,
                secret(&new_passphrase_env, "--new-passphrase-env")?,
            ) {
                let mut store = ctx.open_for_change()?;
                let report = steerco_sync::server::change_passphrase_via(
                    &std::cell::RefCell::new(&mut store),
                    &client,
                    old,
                    &new,
                )
                .map_err(server_error)?;
                print_report(&report)?;
                output::line(
                    "passphrase changed: from now on this workspace's changes are sealed under the new passphrase; other members need it",
                )?;
                return Ok(());
            }
            if !ctx.workspace.exists() {
                let (_, report) = steerco_sync::server::join_with(
                    &ctx.workspace,
                    &client,
                    passphrase,
                    Box::new(SystemClock),
                )
                .map_err(server_error)?;
                let url = client.url();
                output::line(&format!("joined {url} into {}", ctx.workspace.display()))?;
                return print_report(&report);
            }
            let mut store = ctx.open_for_change()?;
            let access = std::cell::RefCell::new(&mut store);
            let (mut report, papers) =
                steerco_sync::server::sync_text_via(&access, &client, passphrase)
                    .map_err(server_error)?;
            report.papers = papers.run(&mut papers_progress());
            print_report(&report)
        }
        SyncVerb::Papers { fetch } => {
            let store = ctx.open()?;
            if let Some(fetch) = fetch.as_deref().and_then(Fetch::parse) {
                store.set_sync_setting(LocalKey::SyncPapers, fetch.as_str())?;
            }
            let now = Fetch::of(&store)?;
            output::line(match now {
                Fetch::All => "papers: syncs fetch every paper",
                Fetch::Mine => "papers: syncs fetch the papers of my committees only",
            })?;
            Ok(())
        }
        SyncVerb::Status { json } => {
            let store = ctx.open()?;
            let status = store.sync_status()?;
            if json {
                return output::json(&status);
            }
            output::line(&format!(
                "replica {}; {} local changes not sent",
                store.replica(),
                status.unsent
            ))?;
            let tz = store.time_zone()?;
            for p in &status.peers {
                output::line(&format!(
                    "peer {}: last change {} (applied {}), {} segments",
                    p.replica,
                    steerco_store::dates::local_time_of(tz, &p.last_change_at),
                    steerco_store::dates::local_time_of(tz, &p.applied_at),
                    p.last_segment
                ))?;
            }
            for w in &status.waiting_for {
                output::line(&format!(
                    "waiting for change file {} from {} since {}",
                    w.segment,
                    w.person.as_deref().unwrap_or(&w.replica),
                    steerco_store::dates::local_time_of(tz, &w.since)
                ))?;
            }
            for f in &status.set_aside {
                output::line(&format!("set aside {f}"))?;
            }
            let (waiting, not_fetched) = steerco_sync::papers::missing(&store)?;
            if !waiting.is_empty() || not_fetched > 0 {
                output::line(&format!(
                    "papers waiting: {} ({}); not fetched by choice: {not_fetched}",
                    waiting.len(),
                    waiting.join(", ")
                ))?;
            }
            // Parked changes, each with its reason (#16: never silently).
            for w in &status.waiting {
                output::line(&format!(
                    "change waits ({}): {} {} {} from {}: {}",
                    w.kind.word(),
                    w.op,
                    w.table,
                    w.row_id,
                    w.replica,
                    w.reason
                ))?;
            }
            if status.integrity == "checksum" {
                output::line(
                    "the folder is not encrypted: damaged files are caught, forged ones are not",
                )?;
            }
            Ok(())
        }
    }
}

pub fn conflict(ctx: &Ctx, verb: ConflictVerb) -> Result {
    let json = match verb {
        ConflictVerb::List { json } => json,
        ConflictVerb::Resolve {
            conflict,
            keep,
            text,
        } => {
            let how = match (keep.as_deref(), text) {
                (Some("mine"), None) => Resolution::Mine,
                (Some("theirs"), None) => Resolution::Theirs,
                // Approved minutes changed afterwards: undo the change, or
                // accept it (which needs a reopen and a new approval).
                (Some("approved"), None) => Resolution::Approved,
                (Some("change"), None) => Resolution::Change,
                (None, Some(t)) => Resolution::Text(t),
                (Some(other), _) => {
                    return Err(CliError::Input(format!(
                        "--keep takes mine, theirs, approved or change, not {other:?}"
                    )))
                }
                (None, None) => return Err(CliError::Input(
                    "give --keep mine|theirs (approved|change for approved minutes) or --text T"
                        .into(),
                )),
            };
            let mut store = ctx.open_for_change()?;
            store.resolve_conflict(&conflict, how)?;
            return Ok(());
        }
    };
    let store = ctx.open()?;
    let list = store.conflicts()?;
    if json {
        return output::json(&list);
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            // A minutes conflict's values are hashes, for programs: words here.
            let (kept, other) = if c.table == "meeting" && c.field == "minutes" {
                ("approved minutes", "changed after approval")
            } else {
                (
                    c.winner_value.as_deref().unwrap_or("-"),
                    c.loser_value.as_deref().unwrap_or("-"),
                )
            };
            vec![
                c.id[..8].to_string(),
                format!("{}.{}", c.table, c.field),
                output::clip(kept, 30),
                output::clip(other, 30),
                if c.resolved {
                    "resolved".into()
                } else {
                    "open".into()
                },
            ]
        })
        .collect();
    output::table(&["ID", "FIELD", "KEPT", "OTHER VERSION", "STATE"], &rows)?;
    Ok(())
}
