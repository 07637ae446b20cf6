//! `steerco-server`: serve, or administer workspaces and tokens.
//!
//!   steerco-server --data DIR [--listen 127.0.0.1:8080] [--tls-cert F --tls-key F]
//!   steerco-server --data DIR workspace create NAME
//!   steerco-server --data DIR token create --workspace NAME --member PERSON
//!   steerco-server --data DIR token create --admin      (for /metrics from elsewhere)
//!   steerco-server --data DIR token revoke (--workspace NAME --member PERSON | --id ID)
//!   steerco-server --data DIR segment list --workspace NAME [--replica R] [--json]
//!   steerco-server --data DIR segment quarantine|remove --workspace NAME SEQ
//!   steerco-server --data DIR key list --workspace NAME [--json]
//!   steerco-server --data DIR key remove --workspace NAME KEYNAME
//!   steerco-server --data DIR backup --to FILE [--force]   (while serving; blobs to FILE.blobs)
//!   steerco-server --data DIR restore --from FILE          (while stopped; blobs from FILE.blobs)
//!   steerco-server migrate-to --database-env VAR --data DIR (SQLite rows to PostgreSQL)
//!   steerco-server --data DIR generation show|renew  (renew: after a PostgreSQL restore)
//!
//! With `--database-env VAR` the rows are in the PostgreSQL database whose
//! postgres:// URL the environment variable VAR holds (not on the command
//! line: it may hold a password); the blobs are rows there too.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};
use steerco_server::identity::{self, GenerationVerb};
use steerco_server::{admin, backup, db, pg, router, serve, tls, AppState, Config};

#[derive(Parser)]
#[command(name = "steerco-server", version, about = "The Steerco sync server")]
struct Cli {
    /// The folder of the server's database (required).
    // Global so that `migrate-to` takes it after its name too; global
    // arguments cannot be required, so `main` checks it.
    #[arg(long, value_name = "DIR", global = true)]
    data: Option<PathBuf>,
    /// Keep the rows in PostgreSQL: the name of the environment variable
    /// that holds the database's postgres:// URL (the blobs too).
    #[arg(long, value_name = "VAR", global = true)]
    database_env: Option<String>,
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// PEM certificate chain: serve HTTPS (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// The largest segment accepted, in bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_segment_bytes: usize,
    /// The largest blob (a paper's sealed bytes) accepted, in MiB.
    #[arg(long, default_value_t = 256)]
    max_blob_mib: u64,
    /// The most bytes of blobs one workspace may hold, in GiB (fractions
    /// allowed; 0: no cap).
    #[arg(long, default_value_t = 20.0, value_parser = non_negative)]
    max_workspace_blob_gib: f64,
    /// The most segment bytes in one page of GET .../segments (at least one segment).
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_page_bytes: usize,
    /// Seconds a request's headers may take (its body: this plus what its
    /// size needs at 16 KiB/s).
    #[arg(long, default_value_t = 30)]
    request_timeout_secs: u64,
    /// Seconds a connection may pass with no byte in or out.
    #[arg(long, default_value_t = 75)]
    idle_timeout_secs: u64,
    /// Open connections in all.
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
    /// Requests in flight per token.
    #[arg(long, default_value_t = 32)]
    max_requests_per_token: usize,
    /// Event streams per token.
    #[arg(long, default_value_t = 8)]
    max_streams_per_token: usize,
    /// Event streams in all.
    #[arg(long, default_value_t = 512)]
    max_streams: usize,
    /// Pushes waiting for the disk; more get 503 with Retry-After.
    #[arg(long, default_value_t = 256)]
    writer_queue: usize,
    /// /metrics only for an administrator's token, from loopback too (use
    /// behind a reverse proxy on the same machine).
    #[arg(long)]
    no_metrics_loopback: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Admin(Admin),
    /// Copy the database to FILE, also while the server runs and serves,
    /// and the blobs to the folder FILE.blobs.
    Backup {
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Put the database in FILE in place, the server stopped; the previous
    /// one is kept as steerco-server.sqlite3.before-restore. The blobs in
    /// FILE.blobs are added to the ones held.
    Restore {
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Copy the SQLite database's rows in --data into the empty PostgreSQL
    /// database of --database-env, and the blob files in --data into its
    /// blob tables, in one transaction. Serve with --database-env afterwards.
    MigrateTo,
}

#[derive(Subcommand)]
enum Admin {
    /// Workspaces on this server.
    Workspace {
        #[command(subcommand)]
        verb: WorkspaceVerb,
    },
    /// Members' bearer tokens.
    Token {
        #[command(subcommand)]
        verb: TokenVerb,
    },
    /// Stored segments: list, quarantine (hidden from pulls), remove.
    Segment {
        #[command(subcommand)]
        verb: SegmentVerb,
    },
    /// Stored key records (passphrase changes): list, remove.
    Key {
        #[command(subcommand)]
        verb: KeyVerb,
    },
    /// The database's generation, which every restore renews: show, renew.
    Generation {
        #[command(subcommand)]
        verb: GenerationVerb,
    },
}

#[derive(Subcommand)]
enum SegmentVerb {
    /// The workspace's segments in server order.
    List {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        replica: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Hide a segment from pulls, keeping its bytes.
    Quarantine {
        #[arg(long)]
        workspace: String,
        /// The segment's server sequence (from `segment list`).
        seq: u64,
    },
    /// Delete a segment.
    Remove {
        #[arg(long)]
        workspace: String,
        seq: u64,
    },
}

#[derive(Subcommand)]
enum KeyVerb {
    /// The workspace's key records.
    List {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a key record by name.
    Remove {
        #[arg(long)]
        workspace: String,
        name: String,
    },
}

#[derive(Subcommand)]
enum WorkspaceVerb {
    /// Create a workspace (1-64 of A-Z a-z 0-9 . _ -).
    Create { name: String },
}

#[derive(Subcommand)]
enum TokenVerb {
    /// Create a token for a member (or, with --admin, an administrator's
    /// token for /metrics); it is printed once and stored only as a hash.
    Create {
        #[arg(long, required_unless_present = "admin", requires = "member")]
        workspace: Option<String>,
        #[arg(long, requires = "workspace")]
        member: Option<String>,
        #[arg(long, conflicts_with_all = ["workspace", "member"])]
        admin: bool,
    },
    /// Revoke a member's tokens in a workspace, or one token by id.
    Revoke {
        #[arg(long, requires = "member", conflicts_with = "id")]
        workspace: Option<String>,
        #[arg(long, requires = "workspace")]
        member: Option<String>,
        #[arg(long)]
        id: Option<String>,
    },
}

/// A number of GiB: finite, not negative.
fn non_negative(v: &str) -> Result<f64, String> {
    match v.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!("{v:?} is not a number of GiB (0 or more)")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(data) = cli.data.clone() else {
        Cli::command()
            .error(
                ErrorKind::MissingRequiredArgument,
                "--data <DIR> is required",
            )
            .exit()
    };
    match run(cli, data) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("steerco-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Where the rows are.
enum Rows {
    Sqlite(rusqlite::Connection),
    Postgres(String),
}

fn run(mut cli: Cli, data: PathBuf) -> Result<(), String> {
    if let Some(var) = &cli.database_env {
        let url = std::env::var(var)
            .map_err(|_| format!("--database-env {var}: the variable {var} is not set"))?;
        return match cli.command.take() {
            Some(Command::Admin(command)) => administer_pg(&url, command),
            Some(Command::MigrateTo) => migrate_to(&data, &url),
            Some(_) => Err(
                "backup and restore are for the SQLite file; back up PostgreSQL with its own tools (pg_dump)"
                    .into(),
            ),
            None => serve(cli, &data, Rows::Postgres(url)),
        };
    }
    // Backup and restore take the file as it is: opening it as below would
    // create or migrate it.
    match cli.command.take() {
        Some(Command::MigrateTo) => Err("migrate-to needs --database-env VAR".into()),
        Some(Command::Backup { to, force }) => {
            let (size, blobs) = backup::backup(&data, &to, force).map_err(|e| e.to_string())?;
            eprintln!("backup written to {} ({size} bytes)", to.display());
            if blobs > 0 {
                let folder = backup::blobs_beside(&to);
                eprintln!("{blobs} blob(s) copied to {}", folder.display());
            }
            Ok(())
        }
        Some(Command::Restore { from }) => {
            let kept = backup::restore(&data, &from).map_err(|e| e.to_string())?;
            eprintln!("{} restored into {}", from.display(), data.display());
            if let Some(kept) = kept {
                eprintln!("the previous database is kept as {}", kept.display());
            }
            Ok(())
        }
        Some(Command::Admin(command)) => {
            let conn = db::open(&data).map_err(|e| e.to_string())?;
            administer(&conn, command)
        }
        None => {
            let conn = db::open(&data).map_err(|e| e.to_string())?;
            serve(cli, &data, Rows::Sqlite(conn))
        }
    }
}

fn administer(conn: &rusqlite::Connection, command: Admin) -> Result<(), String> {
    match command {
        Admin::Workspace {
            verb: WorkspaceVerb::Create { name },
        } => {
            db::create_workspace(conn, &name).map_err(|e| e.to_string())?;
            eprintln!("workspace {name} created");
            Ok(())
        }
        Admin::Token {
            verb:
                TokenVerb::Create {
                    workspace: Some(workspace),
                    member: Some(member),
                    ..
                },
        } => {
            let (id, token) =
                db::create_token(conn, &workspace, &member).map_err(|e| e.to_string())?;
            println!("{token}");
            eprintln!("token {id} for {member} in {workspace}; it is shown only now");
            Ok(())
        }
        Admin::Token {
            verb: TokenVerb::Create { .. },
        } => {
            let (id, token) = admin::create_admin_token(conn).map_err(|e| e.to_string())?;
            println!("{token}");
            eprintln!("administrator's token {id}; it is shown only now");
            Ok(())
        }
        Admin::Segment { verb } => segment(conn, verb),
        Admin::Key { verb } => key(conn, verb),
        Admin::Generation { verb } => {
            let generation = identity::administer(conn, verb).map_err(|e| e.to_string())?;
            println!("{generation}");
            Ok(())
        }
        Admin::Token {
            verb:
                TokenVerb::Revoke {
                    workspace,
                    member,
                    id,
                },
        } => {
            let n = db::revoke(conn, workspace.as_deref(), member.as_deref(), id.as_deref())
                .map_err(|e| e.to_string())?;
            eprintln!("{n} token(s) revoked");
            Ok(())
        }
    }
}

fn migrate_to(data: &Path, url: &str) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let counts = rt
        .block_on(steerco_server::migrate_to::migrate_to(data, url))
        .map_err(|e| e.to_string())?;
    for (table, n) in counts {
        eprintln!("{table}: {n} row(s) copied and counted");
    }
    Ok(())
}

/// The admin commands on PostgreSQL.
fn administer_pg(url: &str, command: Admin) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let pg = pg::Pg::connect(url).await.map_err(|e| e.to_string())?;
        match command {
            Admin::Workspace {
                verb: WorkspaceVerb::Create { name },
            } => {
                pg.create_workspace(&name)
                    .await
                    .map_err(|e| e.to_string())?;
                eprintln!("workspace {name} created");
            }
            Admin::Token {
                verb:
                    TokenVerb::Create {
                        workspace: Some(workspace),
                        member: Some(member),
                        ..
                    },
            } => {
                let (id, token) = pg
                    .create_token(&workspace, &member)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("{token}");
                eprintln!("token {id} for {member} in {workspace}; it is shown only now");
            }
            Admin::Token {
                verb: TokenVerb::Create { .. },
            } => {
                let (id, token) = pg.create_admin_token().await.map_err(|e| e.to_string())?;
                println!("{token}");
                eprintln!("administrator's token {id}; it is shown only now");
            }
            Admin::Token {
                verb:
                    TokenVerb::Revoke {
                        workspace,
                        member,
                        id,
                    },
            } => {
                let n = pg
                    .revoke(workspace.as_deref(), member.as_deref(), id.as_deref())
                    .await
                    .map_err(|e| e.to_string())?;
                eprintln!("{n} token(s) revoked");
            }
            Admin::Segment { verb } => return segment_pg(&pg, verb).await,
            Admin::Key { verb } => return key_pg(&pg, verb).await,
            Admin::Generation { verb } => {
                let generation = pg.administer_generation(verb).await;
                println!("{}", generation.map_err(|e| e.to_string())?);
            }
        }
        Ok(())
    })
}

async fn segment_pg(pg: &pg::Pg, verb: SegmentVerb) -> Result<(), String> {
    match verb {
        SegmentVerb::List {
            workspace,
            replica,
            json,
        } => {
            let rows = pg
                .segments(&workspace, replica.as_deref())
                .await
                .map_err(|e| e.to_string())?;
            print_segments(rows, json)
        }
        SegmentVerb::Quarantine { workspace, seq } => {
            pg.quarantine_segment(&workspace, seq)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!("segment {seq} in {workspace} quarantined: no longer served");
            Ok(())
        }
        SegmentVerb::Remove { workspace, seq } => {
            pg.remove_segment(&workspace, seq)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!("segment {seq} in {workspace} removed");
            Ok(())
        }
    }
}

async fn key_pg(pg: &pg::Pg, verb: KeyVerb) -> Result<(), String> {
    match verb {
        KeyVerb::List { workspace, json } => {
            let rows = pg.key_rows(&workspace).await.map_err(|e| e.to_string())?;
            print_keys(rows, json)
        }
        KeyVerb::Remove { workspace, name } => {
            pg.remove_key(&workspace, &name)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!("key record {name} in {workspace} removed");
            Ok(())
        }
    }
}

fn segment(conn: &rusqlite::Connection, verb: SegmentVerb) -> Result<(), String> {
    match verb {
        SegmentVerb::List {
            workspace,
            replica,
            json,
        } => {
            let rows =
                admin::segments(conn, &workspace, replica.as_deref()).map_err(|e| e.to_string())?;
            print_segments(rows, json)
        }
        SegmentVerb::Quarantine { workspace, seq } => {
            admin::quarantine_segment(conn, &workspace, seq).map_err(|e| e.to_string())?;
            eprintln!("segment {seq} in {workspace} quarantined: no longer served");
            Ok(())
        }
        SegmentVerb::Remove { workspace, seq } => {
            admin::remove_segment(conn, &workspace, seq).map_err(|e| e.to_string())?;
            eprintln!("segment {seq} in {workspace} removed");
            Ok(())
        }
    }
}

fn print_json(rows: &impl serde::Serialize) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string(rows).map_err(|e| e.to_string())?
    );
    Ok(())
}

fn print_segments(rows: Vec<admin::SegmentRow>, json: bool) -> Result<(), String> {
    if json {
        return print_json(&rows);
    }
    println!("SEQ\tREPLICA\tSEGMENT\tBYTES\tOWNER\tSTATE");
    for r in rows {
        let state = if r.quarantined_at.is_some() {
            "quarantined"
        } else {
            "served"
        };
        let owner = r.owner.as_deref().unwrap_or("-");
        println!(
            "{}\t{}\t{}\t{}\t{owner}\t{state}",
            r.seq, r.replica, r.segment, r.size
        );
    }
    Ok(())
}

fn print_keys(rows: Vec<admin::KeyRow>, json: bool) -> Result<(), String> {
    if json {
        return print_json(&rows);
    }
    println!("NAME\tBYTES");
    for r in rows {
        println!("{}\t{}", r.name, r.size);
    }
    Ok(())
}

fn key(conn: &rusqlite::Connection, verb: KeyVerb) -> Result<(), String> {
    match verb {
        KeyVerb::List { workspace, json } => {
            let rows = admin::keys(conn, &workspace).map_err(|e| e.to_string())?;
            print_keys(rows, json)
        }
        KeyVerb::Remove { workspace, name } => {
            admin::remove_key(conn, &workspace, &name).map_err(|e| e.to_string())?;
            eprintln!("key record {name} in {workspace} removed");
            Ok(())
        }
    }
}

fn serve(cli: Cli, data: &Path, rows: Rows) -> Result<(), String> {
    let log = tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .with_current_span(false);
    // Under systemd (JOURNAL_STREAM: stderr goes to the journal) the journal
    // stamps each line itself.
    if std::env::var_os("JOURNAL_STREAM").is_some() {
        log.without_time().init();
    } else {
        log.init();
    }
    #[cfg(feature = "test-seams")]
    let stall = std::env::var("STEERCO_SERVER_TEST_STALL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis);
    #[cfg(not(feature = "test-seams"))]
    let stall = None;
    let config = Config {
        max_segment_bytes: cli.max_segment_bytes,
        max_blob_bytes: cli.max_blob_mib.saturating_mul(1024 * 1024),
        max_workspace_blob_bytes: (cli.max_workspace_blob_gib > 0.0)
            .then_some((cli.max_workspace_blob_gib * (1u64 << 30) as f64) as u64),
        max_page_bytes: cli.max_page_bytes,
        stall_after_store: stall,
        request_timeout: Duration::from_secs(cli.request_timeout_secs.max(1)),
        idle_timeout: Duration::from_secs(cli.idle_timeout_secs.max(1)),
        max_connections: cli.max_connections,
        max_requests_per_token: cli.max_requests_per_token,
        max_streams_per_token: cli.max_streams_per_token,
        max_streams: cli.max_streams,
        writer_queue: cli.writer_queue,
        metrics_loopback: !cli.no_metrics_loopback,
    };
    let tls = match (&cli.tls_cert, &cli.tls_key) {
        (Some(c), Some(k)) => Some(tls::config(c, k)?),
        _ => None,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let state = match rows {
        Rows::Sqlite(conn) => AppState::new(conn, config.clone()).map_err(|e| e.to_string())?,
        Rows::Postgres(url) => {
            std::fs::create_dir_all(data)
                .map_err(|e| format!("cannot create {}: {e}", data.display()))?;
            let pg = rt
                .block_on(pg::Pg::connect(&url))
                .map_err(|e| e.to_string())?;
            let state = AppState::new_pg(pg, data, config.clone());
            rt.block_on(steerco_server::pg_events::start(&state, &url))
                .map_err(|e| e.to_string())?;
            state
        }
    };
    let app = router(state);
    rt.block_on(async move {
        let tcp = tokio::net::TcpListener::bind(&cli.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", cli.listen))?;
        let addr = tcp.local_addr().map_err(|e| e.to_string())?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        // The one stdout line: scripts and tests read the address from it.
        println!("listening on {scheme}://{addr}");
        tracing::info!(%addr, scheme, "listening");
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
            // Event streams never end by themselves: give requests in flight
            // a few seconds, then stop.
            tokio::spawn(async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                std::process::exit(0);
            });
        };
        match tls {
            Some(tls) => {
                let listener = tls::TlsListener::new(tcp, tls).map_err(|e| e.to_string())?;
                serve::run(listener, app, &config, shutdown).await
            }
            None => serve::run(tcp, app, &config, shutdown).await,
        }
        Ok(())
    })
}
